import { config as loadDotenv } from "dotenv";
import { configOrExit } from "../app/config.js";
import { connect, migratePostgres, PG_SCHEMA_VERSION, redactDatabaseUrl } from "./postgres.js";
import { openSqliteStore, SCHEMA_VERSION } from "./sqlite.js";

/**
 * `npm run db:migrate`: brings the database up to this version's schema and exits, for operators who migrate
 * before rolling out. PostgreSQL at DATABASE_URL (under the same advisory lock the bot takes at start-up),
 * else the SQLite file. Prints one line: what was applied, or that nothing was needed.
 */
loadDotenv({ quiet: true });

async function main(): Promise<void> {
  const config = configOrExit(process.env);
  if (!config.databaseUrl) {
    // Opening the SQLite store migrates it.
    const store = openSqliteStore(config.databasePath);
    await store.close();
    console.log(`${store.path}: schema version ${SCHEMA_VERSION}`);
    return;
  }
  const where = redactDatabaseUrl(config.databaseUrl);
  const sql = connect(config.databaseUrl, { max: 1, applicationName: "tracker-bot/db:migrate" });
  try {
    const applied = await migratePostgres(sql);
    console.log(
      applied.length > 0
        ? `${where}: applied migration(s) ${applied.join(", ")}; schema version ${PG_SCHEMA_VERSION}`
        : `${where}: already at schema version ${PG_SCHEMA_VERSION}; nothing to do`,
    );
  } catch (error) {
    console.error(`Cannot migrate the database at ${where} (DATABASE_URL): ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

main().catch((error: unknown) => {
  console.error((error as Error)?.message ?? String(error));
  process.exit(1);
});
