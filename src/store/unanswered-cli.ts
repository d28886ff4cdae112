import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { config as loadDotenv } from "dotenv";
import { configOrExit } from "../app/config.js";
import { createDefaultEngine } from "../app/runtime.js";
import { openStore } from "./open.js";
import { DEFAULT_DATABASE_PATH, StoreOpenError } from "./sqlite.js";
import { openQuestions, toCsv, toTable } from "./unanswered.js";

/**
 * `npm run unanswered [-- --csv] [-- --guild ID|dm] [-- --include-answered]`: the questions members asked
 * that the tracker could not answer, most asked first, for the people who edit the fact base. Reads the
 * bot's database (DATABASE_URL, else DATABASE_PATH), also while the bot runs. Questions the current fact base answers are left
 * out unless --include-answered.
 */
loadDotenv({ quiet: true });

const USAGE = "Usage: npm run unanswered -- [--csv] [--guild ID|dm] [--include-answered]";

async function main(): Promise<void> {
  let values: { csv?: boolean; guild?: string; "include-answered"?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        csv: { type: "boolean", default: false },
        guild: { type: "string" },
        "include-answered": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(1);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const guild = values.guild;
  if (guild !== undefined && guild !== "dm" && !/^\d{17,20}$/.test(guild)) {
    console.error("--guild: expected a Discord server id (17–20 digits) or dm");
    process.exit(1);
  }
  const config = configOrExit(process.env);
  const path = config.databasePath ?? DEFAULT_DATABASE_PATH;
  if (!config.databaseUrl && path !== ":memory:" && !existsSync(path)) {
    console.error(
      `No database at ${path}: the bot creates it when it starts; set DATABASE_PATH to the one the bot uses.`,
    );
    process.exit(1);
  }
  const store = await openStore(config, { listen: false });
  try {
    const scope = guild === undefined ? "all" : guild === "dm" ? null : guild;
    const rows = await openQuestions(store, createDefaultEngine(), scope, {
      includeAnswered: values["include-answered"] === true,
    });
    process.stdout.write(values.csv ? toCsv(rows) : toTable(rows));
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(
    error instanceof StoreOpenError ? error.message : `unanswered: ${(error as Error)?.message ?? error}`,
  );
  process.exit(1);
});
