import { parseArgs } from "node:util";
import { config as loadDotenv } from "dotenv";
import { configOrExit } from "../app/config.js";
import { loadFactBase } from "../facts/load.js";
import { loadCommands } from "../framework/load-commands.js";
import { commandsPayload } from "./registration.js";

/**
 * `npm run deploy-commands [-- --guild ID] [-- --dry-run] [-- --clear]`: one bulk overwrite
 * (PUT applications/:id/commands, or …/guilds/:id/commands), idempotent.
 */
loadDotenv({ quiet: true });

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      guild: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      clear: { type: "boolean", default: false },
    },
  });
  const dryRun = values["dry-run"] === true;
  const config = configOrExit(process.env, dryRun ? [] : ["DISCORD_TOKEN", "DISCORD_CLIENT_ID"]);
  const guildId = values.guild ?? config.guildId;
  if (guildId !== undefined && !/^\d{17,20}$/.test(guildId)) {
    console.error("--guild: expected a Discord id (17–20 digits)");
    process.exit(1);
  }

  const body = values.clear ? [] : commandsPayload((await loadCommands(loadFactBase())).values());
  const where = guildId ? `guild ${guildId}` : "globally";
  if (dryRun) {
    console.log(JSON.stringify(body, null, 2));
    console.error(`(dry run: ${body.length} commands would be registered ${where})`);
    return;
  }

  // discord.js only here, after the dry run, so printing needs neither a token nor a connection.
  const { REST, Routes } = await import("discord.js");
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token ?? "");
  const clientId = config.clientId ?? "";
  const route = guildId
    ? Routes.applicationGuildCommands(clientId, guildId)
    : Routes.applicationCommands(clientId);
  const registered = (await rest.put(route, { body })) as { name: string }[];
  console.log(
    registered.length === 0
      ? `Cleared all commands ${where}.`
      : `Registered ${registered.length} commands ${where}: ${registered.map((c) => `/${c.name}`).join(", ")}`,
  );
}

main().catch((error: unknown) => {
  const e = error as { status?: number; message?: string };
  if (e?.status === 401) console.error("Discord rejected DISCORD_TOKEN (401 Unauthorized).");
  else console.error(`Registering commands failed: ${e?.message ?? String(error)}`);
  process.exit(1);
});
