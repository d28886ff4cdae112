import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The process tests' helpers: the build, the environment, running an entry point, waiting, cleaning up. */

/** The checkout's root. */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The compiled entry points, as `npm start`, `deploy-commands`, `invite`, `start:sharded`, `serve:http`, `proxy` and `db:migrate` run them. */
export const MAIN = join(ROOT, "dist/src/app/main.js");
export const DEPLOY = join(ROOT, "dist/src/discord/deploy-commands.js");
export const INVITE = join(ROOT, "dist/src/discord/invite.js");
export const SHARD_MANAGER = join(ROOT, "dist/src/discord/shard-manager.js");
export const HTTP_SERVER = join(ROOT, "dist/src/http/server.js");
export const PROXY = join(ROOT, "dist/src/proxy/main.js");
export const MIGRATE = join(ROOT, "dist/src/store/migrate-cli.js");

function newestSourceTime(): number {
  let newest = 0;
  for (const dir of ["src", "commands", "bench"]) {
    for (const name of readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })) {
      if (name.endsWith(".ts")) newest = Math.max(newest, statSync(join(ROOT, dir, name)).mtimeMs);
    }
  }
  return newest;
}

/**
 * `npm test` builds first; a bare `vitest run` after editing sources gets a fresh build here. tsc still
 * emits on type errors elsewhere, so only a missing output is fatal.
 */
export function ensureBuilt(outputs: readonly string[]): void {
  const oldest = Math.min(...outputs.map((p) => (existsSync(p) ? statSync(p).mtimeMs : 0)));
  if (oldest >= newestSourceTime()) return;
  try {
    execFileSync(
      process.execPath,
      [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
      {
        cwd: ROOT,
        stdio: "inherit",
      },
    );
  } catch (error) {
    if (!outputs.every(existsSync)) throw error;
  }
}

const running: ChildProcess[] = [];
const tempDirs: string[] = [];

/** A fresh temporary directory, removed by cleanUpProcesses. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tracker-bot-process-"));
  tempDirs.push(dir);
  return dir;
}

/** For afterEach: kills every process still running and removes the temporary directories. */
export function cleanUpProcesses(): void {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Every variable the entry points read set explicitly (blank means unset), so neither the caller's
 * environment nor a .env leaks in; each run its own database, never the checkout's var/.
 */
export function processEnv(vars: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    DISCORD_TOKEN: "",
    DISCORD_CLIENT_ID: "",
    DISCORD_GUILD_ID: "",
    LISTEN_CHANNEL_IDS: "",
    DISCORD_API_URL: "",
    DISCORD_PROXY_URL: "",
    MESSAGE_CONTENT: "",
    DISCORD_PUBLIC_KEY: "",
    PORT: "",
    SHARD_COUNT: "",
    SHARD_LIST: "",
    SHARD_SPAWN_DELAY_MS: "",
    PROXY_PORT: "",
    PROXY_HOST: "",
    DATABASE_URL: "",
    LOG_LEVEL: "info",
    DATABASE_PATH: vars.DATABASE_PATH ?? join(tempDir(), "bot.sqlite"),
    ...vars,
  };
}

export interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** stdout's JSON log lines (a line still being written is left out). */
  lines: () => Record<string, unknown>[];
  exit: Promise<number | null>;
}

/** Runs a compiled entry point with node, collecting its output; cleanUpProcesses kills it if still running. */
export function runProcess(script: string, args: readonly string[], env: NodeJS.ProcessEnv): Run {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const lines = () =>
    out.split("\n").flatMap((line) => {
      try {
        return line.startsWith("{") ? [JSON.parse(line) as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
  return { child, stdout: () => out, stderr: () => err, lines, exit };
}

/** `promise`, or a rejection naming `what` after `ms`. */
export async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms}ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
