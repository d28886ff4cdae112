import { ApplicationCommandOptionType } from "discord-api-types/v10";
import { z } from "zod";
import { formatProblem } from "#facts/base.js";
import { defineCommand } from "#framework/command.js";
import { DISCORD_LIMITS, truncate } from "#framework/limits.js";

/** Problems as bullet lines, as many as fit, then how many more there are. */
function problemList(lines: string[], room: number): string {
  const shown: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const bullet = `• ${truncate(line, 300)}`;
    const more = `\n…and ${lines.length - i} more (run \`npm run facts:check\` for all).`;
    if (used + bullet.length + 1 + more.length > room) {
      shown.push(more.trim());
      break;
    }
    shown.push(bullet);
    used += bullet.length + 1;
  }
  return shown.join("\n");
}

export default defineCommand({
  data: {
    name: "admin",
    description: "Bot administration (server managers only)",
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "reload",
        description: "Re-read the fact base from data/ without restarting; a broken one is refused",
      },
    ],
  },
  requires: "manageServer",
  ephemeral: true,
  // Reading and checking every edition is the most expensive thing a member can ask for.
  cooldown: { uses: 2, seconds: 10 },
  options: z.object({}),
  execute(_options, request, context) {
    if (request.subcommand !== "reload") {
      return { content: "I don't know that `/admin` subcommand. Try `/admin reload`." };
    }
    if (!context.reload) return { content: "Reloading isn't available here." };
    const result = context.reload(`/admin reload by ${request.userId} in ${request.guildId}`);
    if (result.ok) {
      return {
        content: `Reloaded the fact base: ${result.facts} facts from ${result.editions} edition(s) (was ${result.previousFacts} facts).`,
      };
    }
    const head = `Reload refused: the new fact base has ${result.problems.length || "a"} problem(s). Still answering from the previous one (${result.facts} facts).\n`;
    const lines = result.problems.length > 0 ? result.problems.map(formatProblem) : [result.message];
    return { content: `${head}${problemList(lines, DISCORD_LIMITS.content - head.length)}` };
  },
});
