import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { REST, Routes, type Shard, ShardingManager } from "discord.js";
import { config as loadDotenv } from "dotenv";
import { type Config, orExit, parseShardingConfig, restApiUrl } from "../app/config.js";
import { createLogger } from "../app/log.js";
import { pacedLogin } from "../store/gateway-logins.js";
import { connect, migratePostgres, redactDatabaseUrl } from "../store/postgres.js";

/**
 * `npm run start:sharded`: discord.js's ShardingManager runs the bot (`dist/src/app/main.js`) once per shard,
 * each in its own process. Discord sends each shard the events of its guilds only
 * (`(guild_id >> 22) % shard_count`), so each process answers its own servers. SHARD_COUNT is a number or
 * `auto` (GET /gateway/bot's `shards`, asked at DISCORD_API_URL when set). SIGTERM/SIGINT stop every shard
 * gracefully and exit 0 once they have all exited cleanly.
 *
 * Several machines: each runs the shards of its SHARD_LIST out of the same numeric SHARD_COUNT. With
 * DATABASE_URL their logins take turns through PostgreSQL (max_concurrency per 5 s, see gateway-logins.ts).
 */
loadDotenv({ quiet: true });

/** The compiled bot next to this file: dist/src/discord/ → dist/src/app/main.js. */
const SHARD_SCRIPT = fileURLToPath(new URL("../app/main.js", import.meta.url));
/** A shard's own shutdown allows 8 s; after this it is killed. */
const SHARD_STOP_TIMEOUT_MS = 10_000;
const SPAWN_TIMEOUT_MS = 60_000;

interface GatewayBot {
  shards: number;
  session_start_limit?: { max_concurrency?: number };
}

/**
 * GET /gateway/bot (through DISCORD_PROXY_URL or at DISCORD_API_URL when set; discord.js's helper asks
 * discord.com): the recommended shard count and how many logins may start together.
 */
async function gatewayBot(config: Config): Promise<{ shards: number; maxConcurrency: number }> {
  const api = restApiUrl(config);
  const rest = new REST({ version: "10", ...(api && { api }) }).setToken(config.token ?? "");
  const info = (await rest.get(Routes.gatewayBot())) as GatewayBot;
  return {
    shards: Math.max(1, info.shards),
    maxConcurrency: Math.max(1, info.session_start_limit?.max_concurrency ?? 1),
  };
}

async function main(): Promise<void> {
  const config = orExit(parseShardingConfig(process.env));
  const log = createLogger({
    level: config.bot.logLevel ?? "info",
    secrets: [config.bot.token, passwordOf(config.bot.databaseUrl)],
    base: { role: "shard-manager" },
  });

  let total: number;
  let maxConcurrency = 1;
  try {
    if (config.shardCount === "auto" || config.bot.databaseUrl) {
      const info = await gatewayBot(config.bot);
      total = config.shardCount === "auto" ? info.shards : config.shardCount;
      maxConcurrency = info.maxConcurrency;
    } else {
      total = config.shardCount;
    }
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    const line =
      status === 401
        ? "Discord rejected DISCORD_TOKEN (401 Unauthorized): copy the bot token again from the developer portal."
        : `Could not ask Discord for the recommended shard count: ${(error as Error).message}`;
    log.fatal({ err: error }, line);
    console.error(line);
    process.exit(1);
  }

  const shardList = config.shardList ?? Array.from({ length: total }, (_, id) => id);
  const manager = new ShardingManager(SHARD_SCRIPT, {
    token: config.bot.token,
    totalShards: total,
    shardList,
    mode: "process",
    // Not while starting: a shard that cannot log in (bad token, intents) would be retried forever.
    respawn: false,
  });
  let stopping = false;
  manager.on("shardCreate", (shard: Shard) => {
    log.info({ shard: shard.id, shardCount: total }, "shard spawned");
    shard.on("death", (child) => {
      if (stopping) return;
      const code = "exitCode" in child ? child.exitCode : null;
      log.warn(
        { shard: shard.id, exitCode: code },
        manager.respawn ? "shard exited; respawning" : "shard exited",
      );
    });
  });

  /** Every shard asked to stop (SIGTERM: each finishes replies in flight); resolves to whether all exited 0. */
  const stopShards = async (): Promise<boolean> => {
    const exits = [...manager.shards.values()].map(async (shard) => {
      const child = shard.process as ChildProcess | null;
      if (!child || child.exitCode !== null) return child?.exitCode ?? 0;
      const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
      const killer = setTimeout(() => child.kill("SIGKILL"), SHARD_STOP_TIMEOUT_MS);
      shard.kill(); // SIGTERM, without respawning
      const [code] = await exited;
      clearTimeout(killer);
      log.info({ shard: shard.id, exitCode: code }, "shard stopped");
      return code;
    });
    const codes = await Promise.all(exits);
    return codes.every((code) => code === 0);
  };

  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, shards: manager.shards.size }, "stopping every shard");
    stopShards().then(
      (clean) => {
        log.info({ clean }, "all shards stopped");
        process.exit(clean ? 0 : 1);
      },
      (error: unknown) => {
        log.error({ err: error }, "stopping shards failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));

  log.info(
    { shardCount: total, requested: config.shardCount, shardList },
    `spawning ${shardList.length} of ${total} shard(s)`,
  );
  const databaseUrl = config.bot.databaseUrl;
  if (config.shardList && !databaseUrl) {
    log.warn("SHARD_LIST without DATABASE_URL: logins are spaced on this machine only, not across machines");
  }
  try {
    if (databaseUrl) {
      log.info(
        { database: redactDatabaseUrl(databaseUrl), maxConcurrency },
        "logins paced through PostgreSQL",
      );
      const sql = connect(databaseUrl, {
        max: 1,
        applicationName: `tracker-bot/shard-manager/${process.pid}`,
      });
      try {
        // Migrated once here, before any shard opens the store.
        await migratePostgres(sql).catch((error: unknown) => {
          const line = `Cannot open the database at ${redactDatabaseUrl(databaseUrl)} (DATABASE_URL): ${(error as Error).message.split("\n")[0]}`;
          log.fatal({ err: error }, line);
          console.error(line);
          process.exit(1);
        });
        for (const id of shardList) {
          if (stopping) break;
          const shard = manager.createShard(id);
          await pacedLogin(sql, id % maxConcurrency, () => shard.spawn(SPAWN_TIMEOUT_MS));
        }
      } finally {
        await sql.end({ timeout: 5 });
      }
    } else {
      await manager.spawn({ amount: total, delay: config.spawnDelayMs, timeout: SPAWN_TIMEOUT_MS });
    }
  } catch (error) {
    if (stopping) return;
    stopping = true;
    // The failing shard printed its own one-line reason (bad token, intents...); stop the others.
    log.fatal({ err: error }, "a shard failed to start; stopping");
    await stopShards();
    process.exit(1);
  }
  if (stopping) return;
  // From now on a shard that dies (a crash, a lost session) is started again.
  manager.respawn = true;
  log.info({ shardCount: total }, "all shards ready");
}

/** The password in DATABASE_URL, scrubbed from every log line. */
function passwordOf(url: string | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  return decodeURIComponent(new URL(url).password) || undefined;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
