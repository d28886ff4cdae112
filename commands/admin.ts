import { ApplicationCommandOptionType, InteractionContextType } from "discord-api-types/v10";
import { z } from "zod";
import { formatProblem } from "../src/facts/base.js";
import { defineCommand } from "../src/reply/command.js";
import { DISCORD_LIMITS, truncate } from "../src/reply/limits.js";
import { canManageServer, MANAGE_SERVER_DEFAULT } from "../src/reply/permissions.js";
import type { Reply } from "../src/reply/types.js";

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

const private_ = (content: string): Reply => ({ content, ephemeral: true });

export default defineCommand({
  data: {
    name: "admin",
    description: "Bot administration (server managers only)",
    default_member_permissions: MANAGE_SERVER_DEFAULT,
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "reload",
        description: "Re-read the fact base from data/ without restarting; a broken one is refused",
      },
    ],
  },
  options: z.object({}),
  execute(_options, request, context) {
    // Checked again here: a server can override who sees the command, and a request can claim anything.
    if (!canManageServer(request)) {
      return private_("Only server administrators (Manage Server) can use `/admin`.");
    }
    if (request.subcommand !== "reload") {
      return private_("I don't know that `/admin` subcommand. Try `/admin reload`.");
    }
    if (!context.reload) return private_("Reloading isn't available here.");
    const result = context.reload(`/admin reload by ${request.userId} in ${request.guildId}`);
    if (result.ok) {
      return private_(
        `Reloaded the fact base: ${result.facts} facts from ${result.editions} edition(s) (was ${result.previousFacts} facts).`,
      );
    }
    const head = `Reload refused: the new fact base has ${result.problems.length || "a"} problem(s). Still answering from the previous one (${result.facts} facts).\n`;
    const lines = result.problems.length > 0 ? result.problems.map(formatProblem) : [result.message];
    return private_(`${head}${problemList(lines, DISCORD_LIMITS.content - head.length)}`);
  },
});
