import type { Config } from "../app/config.js";
import { openPostgresStore, redactDatabaseUrl } from "./postgres.js";
import { DEFAULT_DATABASE_PATH, openSqliteStore } from "./sqlite.js";
import type { GuildStore } from "./types.js";

/**
 * The store the configuration names: PostgreSQL when DATABASE_URL is set (several processes or machines),
 * else the SQLite file at DATABASE_PATH (the embedded default). Throws StoreOpenError, one line.
 */
export async function openStore(
  config: Pick<Config, "databaseUrl" | "databasePath">,
  options: { listen?: boolean } = {},
): Promise<GuildStore> {
  if (config.databaseUrl) return openPostgresStore(config.databaseUrl, options);
  return openSqliteStore(config.databasePath ?? DEFAULT_DATABASE_PATH);
}

/** Where the store is, for a log line: the file, or the server URL without its password. */
export function describeStore(config: Pick<Config, "databaseUrl" | "databasePath">): string {
  return config.databaseUrl
    ? redactDatabaseUrl(config.databaseUrl)
    : (config.databasePath ?? DEFAULT_DATABASE_PATH);
}
