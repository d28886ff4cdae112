import { readFileSync } from "node:fs";
import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";
import pretty from "pino-pretty";
import type { LogLevel } from "./config.js";

/**
 * Structured logs (pino): JSON lines, or pino-pretty when the destination is a terminal. The bot logs to
 * stdout; CLI tools log to stderr so their stdout stays theirs. Secrets never reach the output: keys that
 * carry them are redacted by path, and the token's value is scrubbed from every line, wherever it appears
 * (messages, error stacks, nested objects).
 */

export { LOG_LEVELS, type LogLevel } from "./config.js";
export type { Logger };

/** Keys whose values are secrets wherever they sit (top level, or one or two levels down). */
export const REDACT_PATHS = [
  "token",
  "*.token",
  "*.*.token",
  "authorization",
  "Authorization",
  "*.authorization",
  "*.Authorization",
  "*.*.authorization",
  "*.*.Authorization",
  'headers["authorization"]',
  'headers["Authorization"]',
  "*.headers.authorization",
  "*.headers.Authorization",
];

const REDACTED = "[Redacted]";

/** Values shorter than this are not scrubbed: replacing "x" everywhere would garble the log, not protect it. */
const MIN_SECRET_LENGTH = 8;

/** `Bot <token>` / `Bearer <token>` header values, even for tokens the logger was not told about. */
const AUTH_VALUE = /\b(Bot|Bearer)\s+[A-Za-z0-9._~+/=-]{16,}/g;

/** An interaction's or webhook's token in a URL (a failed reply's error carries its URL). */
const WEBHOOK_TOKEN = /\/(interactions|webhooks)\/(\d+)\/[A-Za-z0-9._-]{20,}/g;

/** `text` without any of `secrets` nor an Authorization-style credential. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out.replace(AUTH_VALUE, `$1 ${REDACTED}`).replace(WEBHOOK_TOKEN, `/$1/$2/${REDACTED}`);
}

/** A destination that scrubs each line before passing it on. */
function scrubbing(inner: DestinationStream, secrets: readonly string[]): DestinationStream {
  return { write: (line: string) => inner.write(scrubSecrets(line, secrets)) };
}

export interface CreateLoggerOptions {
  level?: LogLevel;
  /** Where lines go: a file descriptor's name, or any stream (tests). Default stdout. */
  destination?: "stdout" | "stderr" | DestinationStream;
  /** Pretty lines instead of JSON; default: when the destination is a terminal. */
  pretty?: boolean;
  /** Values scrubbed from every line (the bot token). */
  secrets?: readonly (string | undefined)[];
  /** Fields on every line (e.g. the shard). */
  base?: Record<string, unknown>;
}

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const target = options.destination ?? "stdout";
  const fd = target === "stdout" ? 1 : target === "stderr" ? 2 : undefined;
  const isTTY =
    target === "stdout" ? process.stdout.isTTY : target === "stderr" ? process.stderr.isTTY : false;
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === "string" && s.length > 0);
  let inner: DestinationStream;
  if (typeof target === "object") inner = target;
  else if (options.pretty ?? isTTY === true) {
    inner = pretty({ destination: fd, sync: true, colorize: isTTY === true, translateTime: "SYS:HH:MM:ss" });
  } else inner = pino.destination({ fd, sync: true });
  const pinoOptions: LoggerOptions = {
    level: options.level ?? "info",
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    base: { ...options.base },
    serializers: { err: pino.stdSerializers.err },
  };
  return pino(pinoOptions, scrubbing(inner, secrets));
}

/** A logger that writes nothing (library defaults, tests that do not look). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}

/** A logger keeping its JSON lines in memory, for assertions. */
export function memoryLogger(options: Omit<CreateLoggerOptions, "destination" | "pretty"> = {}): {
  logger: Logger;
  lines: string[];
  entries(): Record<string, unknown>[];
} {
  const lines: string[] = [];
  const logger = createLogger({
    level: "debug",
    ...options,
    destination: { write: (line: string) => void lines.push(line) },
    pretty: false,
  });
  return {
    logger,
    lines,
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** This package's version, from the nearest package.json above this module (works from src/ and dist/). */
export function appVersion(): string {
  for (const up of ["../package.json", "../../package.json", "../../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === "tracker-bot" && pkg.version) return pkg.version;
    } catch {
      // not this level
    }
  }
  return "unknown";
}
