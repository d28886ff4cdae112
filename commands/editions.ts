import { ANSWER_COLOR } from "#format/discord.js";
import { formatPeriod } from "#format/figures.js";
import {
  AnswerOptions,
  answerOptionDefinitions,
  defineCommand,
  withAnswerOptions,
} from "#framework/command.js";

export default defineCommand({
  data: {
    name: "editions",
    description: "The tracker editions loaded, with their dates and how many facts each gives",
    options: [...answerOptionDefinitions],
  },
  options: AnswerOptions,
  execute(options, _request, { engine }) {
    const { base } = engine;
    const lines = base.editions.map((edition) => {
      const own = base.facts.filter((f) => f.edition.id === edition.id).length;
      const earlier = base.facts.filter((f) => f.history.some((h) => h.edition.id === edition.id)).length;
      const counts = earlier > 0 ? `${own} facts newest here, ${earlier} updated since` : `${own} facts`;
      return `• **${edition.title}**, ${edition.dateText} (${edition.publisher}, published ${formatPeriod(edition.date)}): ${counts}`;
    });
    return withAnswerOptions(
      {
        embeds: [
          {
            color: ANSWER_COLOR,
            title: `Editions loaded (${base.editions.length})`,
            description: lines.join("\n") || "none",
            footer: {
              text: `${base.facts.length} facts in all · newest first · answers use the newest edition`,
            },
          },
        ],
      },
      options,
    );
  },
});
