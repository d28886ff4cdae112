import { z } from "zod";
import { topicList } from "#format/answer.js";
import { ANSWER_COLOR } from "#format/discord.js";
import { editionLine } from "#format/figures.js";
import { type CommandContext, defineCommand } from "#framework/command.js";
import type { Reply } from "#framework/types.js";

/** How to ask, in each client's own terms. */
function howToAsk(client: CommandContext["client"]): string {
  switch (client) {
    case "console":
      return [
        "Type a question, or a command: `/ask`, `/fact singpost`, `/source`, `/topics`, `/editions`.",
        'After a paged reply, `n` and `p` turn the page; after "did you mean", type `1`–`3` to pick.',
        'Follow-ups use what I just answered ("and before that?"); `/new` starts over.',
        "`/reload` re-reads data/, `/quit` (or Ctrl-C twice, or Ctrl-D) leaves; Tab completes commands and topics.",
      ].join("\n");
    case "http":
      return [
        "Use `/ask`, `/fact`, `/topics` or `/source`.",
        'This deployment answers slash commands only and keeps no conversation: follow-ups ("and before that?") need the gateway bot.',
      ].join("\n");
    case "discord":
      return [
        "Use `/ask`, @mention me with a question, reply to one of my answers, or DM me.",
        'Follow-ups work: reply to an answer, or ask again within a few minutes ("and before that?", "when?").',
      ].join("\n");
  }
}

export function helpReply(context: CommandContext): Reply {
  const { base } = context.engine;
  const editions = base.editions.map((e) => `• ${editionLine(e)}`).join("\n");
  // The console's own commands are described above; Discord-only ones (/settings…) are not offered there.
  const commands = context.commands.filter(
    (c) => context.client !== "console" || !["admin", "settings", "unanswered"].includes(c.name),
  );
  return {
    embeds: [
      {
        color: ANSWER_COLOR,
        title: "How to ask",
        description: [
          `I answer questions about the ${base.editions[0]?.title ?? "tracker"} from its text, with the figures and dates it gives.`,
          howToAsk(context.client),
          `Topics: ${topicList(base)}.`,
        ].join("\n"),
        fields: [
          {
            name: "Commands",
            value: commands.map((c) => `\`/${c.name}\` — ${c.description}`).join("\n"),
            inline: false,
          },
          { name: `Editions loaded (${base.facts.length} facts)`, value: editions || "none", inline: false },
        ],
      },
    ],
  };
}

export default defineCommand({
  data: {
    name: "help",
    description: "How to ask, the commands, and the tracker editions loaded",
  },
  ephemeral: true,
  options: z.object({}),
  execute: (_options, _request, context) => helpReply(context),
});
