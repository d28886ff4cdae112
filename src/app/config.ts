import { z } from "zod";
import { MAX_FOLLOW_UP_SECONDS } from "../store/types.js";

/** Levels LOG_LEVEL accepts (pino's). */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Configuration from the environment (and `.env`, loaded by the entry points). Every problem is one line
 * naming the variable; the token's value is never part of a message.
 */

const Snowflake = z.string().regex(/^\d{17,20}$/, "expected a Discord id (17–20 digits)");

/** `KEY=` in a .env file means "not set", not "set to nothing". */
const blankAsUnset = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const Flag = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(["true", "false", "1", "0", "yes", "no", "on", "off"], { error: "expected true or false" }))
  .transform((v) => ["true", "1", "yes", "on"].includes(v));

/** PostgreSQL's URL; messages never repeat it (it may hold a password). */
const DatabaseUrl = z
  .string()
  .trim()
  .refine((v) => URL.canParse(v) && /^postgres(ql)?:$/.test(new URL(v).protocol), {
    error: "expected a PostgreSQL URL such as postgres://user:password@host:5432/tracker",
  });

/** The REST proxy (`npm run proxy`); a bare `http://host:port` gets the `/api` prefix discord.js expects. */
const ProxyUrl = z
  .url({ protocol: /^https?$/, error: "expected the proxy's http(s) URL such as http://10.0.0.5:8080/api" })
  .transform((u) => {
    const trimmed = u.replace(/\/+$/, "");
    return new URL(trimmed).pathname === "/" ? `${trimmed}/api` : trimmed;
  });

export const EnvSchema = z.object({
  DISCORD_TOKEN: z.preprocess(
    blankAsUnset,
    z
      .string({ error: "is not set" })
      .trim()
      .regex(/^\S+$/, { error: "must not contain spaces (paste only the token; no 'Bot ' prefix)" })
      .optional(),
  ),
  DISCORD_CLIENT_ID: z.preprocess(blankAsUnset, Snowflake.optional()),
  DISCORD_GUILD_ID: z.preprocess(blankAsUnset, Snowflake.optional()),
  LISTEN_CHANNEL_IDS: z.preprocess(
    blankAsUnset,
    z
      .string()
      .transform((s) =>
        s
          .split(",")
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .pipe(z.array(Snowflake))
      .default([]),
  ),
  DISCORD_API_URL: z.preprocess(
    blankAsUnset,
    z
      .url({ protocol: /^https?$/, error: "expected an http(s) URL such as http://127.0.0.1:8080/api" })
      .transform((u) => u.replace(/\/+$/, ""))
      .optional(),
  ),
  DISCORD_PROXY_URL: z.preprocess(blankAsUnset, ProxyUrl.optional()),
  MESSAGE_CONTENT: z.preprocess(blankAsUnset, Flag.default(true)),
  DATABASE_PATH: z.preprocess(blankAsUnset, z.string().trim().optional()),
  DATABASE_URL: z.preprocess(blankAsUnset, DatabaseUrl.optional()),
  FOLLOW_UP_SECONDS: z.preprocess(
    blankAsUnset,
    z
      .string()
      .trim()
      .regex(/^\d{1,4}$/, { error: `expected a whole number of seconds, 0–${MAX_FOLLOW_UP_SECONDS}` })
      .transform(Number)
      .pipe(
        z.number().max(MAX_FOLLOW_UP_SECONDS, { error: `expected at most ${MAX_FOLLOW_UP_SECONDS} seconds` }),
      )
      .optional(),
  ),
  LOG_LEVEL: z.preprocess(
    blankAsUnset,
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(", ")}` }))
      .optional(),
  ),
});

export interface Config {
  token?: string;
  clientId?: string;
  guildId?: string;
  listenChannelIds: string[];
  /** REST base URL override (an emulator or proxy); absent means discord.com. */
  apiUrl?: string;
  /** DISCORD_PROXY_URL: the shared REST proxy (`npm run proxy`); when set, every request goes through it. */
  proxyUrl?: string;
  /** Ask for the privileged Message Content intent (free-text questions in guild channels). */
  messageContent: boolean;
  /** DATABASE_PATH: the SQLite file of server settings and unanswered questions; absent means var/tracker-bot.sqlite. */
  databasePath?: string;
  /** DATABASE_URL: PostgreSQL instead of the SQLite file, for several processes or machines. */
  databaseUrl?: string;
  /** LOG_LEVEL: fatal, error, warn, info, debug, trace or silent; absent means info. */
  logLevel?: LogLevel;
  /** FOLLOW_UP_SECONDS: the follow-up window in DMs and where a server set none; absent means 300. */
  followUpSeconds?: number;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** The environment validated: a Config, or one line per missing or invalid variable. */
export function parseConfig(
  env: Record<string, string | undefined>,
  required: readonly ("DISCORD_TOKEN" | "DISCORD_CLIENT_ID")[] = [],
): ConfigResult {
  const parsed = EnvSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const [name = "environment", index] = issue.path;
        return `${String(name)}${typeof index === "number" ? ` (entry ${index + 1})` : ""}: ${issue.message}`;
      });
  const data = parsed.success ? parsed.data : undefined;
  for (const name of required) {
    if (data && data[name] === undefined) problems.push(`${name}: is not set`);
  }
  if (!data || problems.length > 0) return { ok: false, problems: [...new Set(problems)] };
  const config: Config = { listenChannelIds: data.LISTEN_CHANNEL_IDS, messageContent: data.MESSAGE_CONTENT };
  if (data.LOG_LEVEL) config.logLevel = data.LOG_LEVEL;
  if (data.DISCORD_TOKEN) config.token = data.DISCORD_TOKEN;
  if (data.DATABASE_PATH) config.databasePath = data.DATABASE_PATH;
  if (data.DISCORD_CLIENT_ID) config.clientId = data.DISCORD_CLIENT_ID;
  if (data.DISCORD_GUILD_ID) config.guildId = data.DISCORD_GUILD_ID;
  if (data.DISCORD_API_URL) config.apiUrl = data.DISCORD_API_URL;
  if (data.DISCORD_PROXY_URL) config.proxyUrl = data.DISCORD_PROXY_URL;
  if (data.DATABASE_URL) config.databaseUrl = data.DATABASE_URL;
  if (data.FOLLOW_UP_SECONDS !== undefined) config.followUpSeconds = data.FOLLOW_UP_SECONDS;
  return { ok: true, config };
}

/** Where discord.js sends REST requests: the shared proxy when set, else DISCORD_API_URL (else Discord). */
export function restApiUrl(config: Pick<Config, "apiUrl" | "proxyUrl">): string | undefined {
  return config.proxyUrl ?? config.apiUrl;
}

/** For entry points: the config, or the problems printed one per line and exit code 1. */
export function configOrExit(
  env: Record<string, string | undefined>,
  required: readonly ("DISCORD_TOKEN" | "DISCORD_CLIENT_ID")[] = [],
): Config {
  const result = parseConfig(env, required);
  if (result.ok) return result.config;
  for (const problem of result.problems) console.error(`Configuration: ${problem}`);
  process.exit(1);
}

// --- Other ways to run: the sharding manager and the HTTP interactions endpoint ----------------------------

function issueLines(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${String(issue.path[0] ?? "environment")}: ${issue.message}`);
}

const Shards = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => v === "auto" || (/^\d{1,4}$/.test(v) && Number(v) >= 1), {
    error: 'expected "auto" or a whole number of shards (1 or more)',
  })
  .transform((v): number | "auto" => (v === "auto" ? "auto" : Number(v)));

const Milliseconds = z
  .string()
  .trim()
  .regex(/^\d{1,6}$/, { error: "expected a whole number of milliseconds" })
  .transform(Number);

/** `0,1` or `2-3` (or both, `0,2-3`): the shards this machine runs, in order, without repeats. */
const ShardList = z
  .string()
  .trim()
  .regex(/^\d{1,4}(-\d{1,4})?(\s*,\s*\d{1,4}(-\d{1,4})?)*$/, {
    error: "expected shard ids such as 0,1 or 2-3",
  })
  .transform((v) => {
    const ids = v.split(",").flatMap((part) => {
      const [from = 0, to = from] = part.trim().split("-").map(Number);
      return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
    });
    return [...new Set(ids)].sort((a, b) => a - b);
  })
  .refine((ids) => ids.length > 0, { error: "expected shard ids such as 0,1 or 2-3" });

export const ShardingEnvSchema = z
  .object({
    SHARD_COUNT: z.preprocess(blankAsUnset, Shards.default("auto")),
    SHARD_LIST: z.preprocess(blankAsUnset, ShardList.optional()),
    SHARD_SPAWN_DELAY_MS: z.preprocess(blankAsUnset, Milliseconds.default(5_500)),
  })
  .superRefine((env, ctx) => {
    // Also runs when a field failed (zod 4): check only a parsed list.
    if (!Array.isArray(env.SHARD_LIST)) return;
    if (env.SHARD_COUNT === "auto") {
      ctx.addIssue({
        code: "custom",
        path: ["SHARD_LIST"],
        message: "needs a numeric SHARD_COUNT (every machine must use the same total)",
      });
      return;
    }
    const total = env.SHARD_COUNT;
    const outside = env.SHARD_LIST.filter((id) => id >= total);
    if (outside.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["SHARD_LIST"],
        message: `shard ${outside.join(", ")} is not below SHARD_COUNT (${total}); shards are numbered from 0`,
      });
    }
  });

export interface ShardingConfig {
  bot: Config;
  /** How many shards to spawn; "auto" asks GET /gateway/bot (at DISCORD_API_URL when set). */
  shardCount: number | "auto";
  /** SHARD_LIST: the shards this machine runs (absent: all of them). */
  shardList?: number[];
  /** Pause between spawning shards (Discord allows one IDENTIFY per 5 s per bucket). */
  spawnDelayMs: number;
}

/** `npm run start:sharded`: the bot's configuration (each shard runs the bot) plus SHARD_COUNT. */
export function parseShardingConfig(
  env: Record<string, string | undefined>,
): { ok: true; config: ShardingConfig } | { ok: false; problems: string[] } {
  const bot = parseConfig(env, ["DISCORD_TOKEN"]);
  const sharding = ShardingEnvSchema.safeParse(env);
  const problems = [...(bot.ok ? [] : bot.problems), ...(sharding.success ? [] : issueLines(sharding.error))];
  if (!bot.ok || !sharding.success || problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      bot: bot.config,
      shardCount: sharding.data.SHARD_COUNT,
      ...(sharding.data.SHARD_LIST && { shardList: sharding.data.SHARD_LIST }),
      spawnDelayMs: sharding.data.SHARD_SPAWN_DELAY_MS,
    },
  };
}

const Port = z
  .string()
  .trim()
  .regex(/^\d{1,5}$/, { error: "expected a port number (1-65535, or 0 for any free port)" })
  .transform(Number)
  .pipe(z.number().max(65_535, { error: "expected a port number (1-65535, or 0 for any free port)" }));

export const HttpEnvSchema = EnvSchema.pick({
  DISCORD_TOKEN: true,
  DISCORD_CLIENT_ID: true,
  DISCORD_API_URL: true,
  LOG_LEVEL: true,
}).extend({
  DISCORD_PUBLIC_KEY: z.preprocess(
    blankAsUnset,
    z
      .string({ error: "is not set (General Information → Public Key in the developer portal)" })
      .trim()
      .regex(/^[0-9a-fA-F]{64}$/, {
        error: "expected the application's public key: 64 hex characters (General Information → Public Key)",
      }),
  ),
  PORT: z.preprocess(blankAsUnset, Port.default(3000)),
});

export interface HttpConfig {
  /** DISCORD_PUBLIC_KEY: verifies that each request comes from Discord. */
  publicKey: string;
  port: number;
  /** Optional and validated, but not needed: a deferred answer's edit (an interaction webhook) takes no token. */
  token?: string;
  /** Optional and validated, but not needed: every interaction carries its application id. */
  clientId?: string;
  apiUrl?: string;
  logLevel?: LogLevel;
}

/** `npm run serve:http`: only DISCORD_PUBLIC_KEY is required. */
export function parseHttpConfig(
  env: Record<string, string | undefined>,
): { ok: true; config: HttpConfig } | { ok: false; problems: string[] } {
  const parsed = HttpEnvSchema.safeParse(env);
  if (!parsed.success) return { ok: false, problems: [...new Set(issueLines(parsed.error))] };
  const data = parsed.data;
  const config: HttpConfig = { publicKey: data.DISCORD_PUBLIC_KEY.toLowerCase(), port: data.PORT };
  if (data.DISCORD_TOKEN) config.token = data.DISCORD_TOKEN;
  if (data.DISCORD_CLIENT_ID) config.clientId = data.DISCORD_CLIENT_ID;
  if (data.DISCORD_API_URL) config.apiUrl = data.DISCORD_API_URL;
  if (data.LOG_LEVEL) config.logLevel = data.LOG_LEVEL;
  return { ok: true, config };
}

/** For entry points: a parsed configuration, or its problems one per line on stderr and exit code 1. */
export function orExit<T>(result: { ok: true; config: T } | { ok: false; problems: string[] }): T {
  if (result.ok) return result.config;
  for (const problem of result.problems) console.error(`Configuration: ${problem}`);
  process.exit(1);
}

// --- The shared REST proxy ---------------------------------------------------------------------------------

export const ProxyEnvSchema = EnvSchema.pick({ DISCORD_API_URL: true, LOG_LEVEL: true }).extend({
  PROXY_PORT: z.preprocess(blankAsUnset, Port.default(8080)),
  // Loopback unless told otherwise: the proxy sends whatever a caller asks with the token the caller gives.
  PROXY_HOST: z.preprocess(
    blankAsUnset,
    z
      .string()
      .trim()
      .regex(/^[\w.:[\]-]+$/, { error: "expected an address to listen on, such as 0.0.0.0 or 10.0.0.5" })
      .default("127.0.0.1"),
  ),
});

export interface ProxyConfig {
  port: number;
  host: string;
  /** Where the proxy sends requests: DISCORD_API_URL (an emulator in tests), else Discord. */
  apiUrl?: string;
  logLevel?: LogLevel;
}

/** `npm run proxy`: nothing is required; the bot token comes with each request. */
export function parseProxyConfig(
  env: Record<string, string | undefined>,
): { ok: true; config: ProxyConfig } | { ok: false; problems: string[] } {
  const parsed = ProxyEnvSchema.safeParse(env);
  if (!parsed.success) return { ok: false, problems: [...new Set(issueLines(parsed.error))] };
  const data = parsed.data;
  const config: ProxyConfig = { port: data.PROXY_PORT, host: data.PROXY_HOST };
  if (data.DISCORD_API_URL) config.apiUrl = data.DISCORD_API_URL;
  if (data.LOG_LEVEL) config.logLevel = data.LOG_LEVEL;
  return { ok: true, config };
}
