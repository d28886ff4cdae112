import { z } from "zod";

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
  MESSAGE_CONTENT: z.preprocess(blankAsUnset, Flag.default(true)),
});

export interface Config {
  token?: string;
  clientId?: string;
  guildId?: string;
  listenChannelIds: string[];
  /** REST base URL override (an emulator or proxy); absent means discord.com. */
  apiUrl?: string;
  /** Ask for the privileged Message Content intent (free-text questions in guild channels). */
  messageContent: boolean;
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
  if (data.DISCORD_TOKEN) config.token = data.DISCORD_TOKEN;
  if (data.DISCORD_CLIENT_ID) config.clientId = data.DISCORD_CLIENT_ID;
  if (data.DISCORD_GUILD_ID) config.guildId = data.DISCORD_GUILD_ID;
  if (data.DISCORD_API_URL) config.apiUrl = data.DISCORD_API_URL;
  return { ok: true, config };
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
