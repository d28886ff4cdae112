import { ApplicationCommandOptionType } from "discord-api-types/v10";
import { z } from "zod";
import {
  AnswerOptions,
  answerOptionDefinitions,
  defineCommand,
  withAnswerOptions,
} from "../src/reply/command.js";
import { categorySlug } from "../src/reply/custom-id.js";
import { DISCORD_LIMITS, truncate } from "../src/reply/limits.js";
import { topicsReply } from "../src/reply/render.js";

export default defineCommand({
  data: (base) => ({
    name: "topics",
    description: "What the bot knows, by category",
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "category",
        description: "Only this category",
        choices: base.categories.slice(0, DISCORD_LIMITS.choices).map((c) => ({
          name: truncate(c, DISCORD_LIMITS.choiceName),
          value: categorySlug(c),
        })),
      },
      ...answerOptionDefinitions,
    ],
  }),
  options: AnswerOptions.extend({ category: z.string().optional() }),
  execute(options, _request, { engine }) {
    // A category typed in the console may be its name rather than its slug.
    const category = options.category ? categorySlug(options.category) : "all";
    const page = topicsReply(engine.base, category, 0);
    if (!page) {
      return {
        content: `I have no category "${options.category}". Try \`/topics\` without one.`,
        ephemeral: true,
      };
    }
    return withAnswerOptions(page, options);
  },
});
