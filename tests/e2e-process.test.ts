import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { APIMessage } from "discord.js";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type DiscordEmulator, startEmulator } from "./emulator/index.js";

/** The compiled entry points as `npm start`, `npm run deploy-commands` and `npm run invite` run them. */

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MAIN = join(ROOT, "dist/src/main.js");
const DEPLOY = join(ROOT, "dist/src/discord/deploy-commands.js");
const INVITE = join(ROOT, "dist/src/discord/invite.js");

function newestSourceTime(): number {
  let newest = 0;
  for (const dir of ["src", "commands"]) {
    for (const name of readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })) {
      if (name.endsWith(".ts")) newest = Math.max(newest, statSync(join(ROOT, dir, name)).mtimeMs);
    }
  }
  return newest;
}

beforeAll(() => {
  // `npm test` builds first; a bare `vitest run` after editing sources gets a fresh build here.
  const built = [MAIN, DEPLOY, INVITE].every(existsSync);
  if (built && statSync(MAIN).mtimeMs >= newestSourceTime()) return;
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
    // tsc still emits on type errors elsewhere; only a missing output is fatal here.
    if (![MAIN, DEPLOY, INVITE].every(existsSync)) throw error;
  }
}, 120_000);

/** Every variable the bot reads set explicitly, so neither the caller's environment nor a .env leaks in. */
function botEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    // Each test its own database, never the checkout's var/.
    DATABASE_PATH: join(tempDir(), "bot.sqlite"),
    DISCORD_TOKEN: "",
    DISCORD_CLIENT_ID: "",
    DISCORD_GUILD_ID: "",
    LISTEN_CHANNEL_IDS: "",
    DISCORD_API_URL: "",
    MESSAGE_CONTENT: "",
    ...vars,
  };
}

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

const running: ChildProcess[] = [];

function run(script: string, args: string[], env: NodeJS.ProcessEnv): Run {
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
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
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

let emu: DiscordEmulator | undefined;
const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tracker-bot-process-"));
  tempDirs.push(dir);
  return dir;
}
/** Commands for server managers: guild-only, Manage Server by default. */
const MANAGERS = ["admin", "settings", "unanswered"];

afterEach(async () => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  await emu?.close();
  emu = undefined;
});

describe("deploy-commands", () => {
  it("registers the command set globally in one bulk PUT", async () => {
    emu = await startEmulator({ log: false });
    const env = botEnv({
      DISCORD_TOKEN: emu.token,
      DISCORD_CLIENT_ID: emu.applicationId,
      DISCORD_API_URL: emu.apiUrl,
    });
    const deploy = run(DEPLOY, [], env);
    expect(await within(15_000, deploy.exit, "deploy-commands")).toBe(0);
    expect(deploy.stdout()).toMatch(
      /Registered 8 commands globally: \/admin, \/ask, \/fact, \/help, \/settings, \/source, \/topics, \/unanswered/,
    );

    const puts = emu.requests.filter((r) => r.method === "PUT");
    expect(puts.map((r) => r.route)).toEqual([`/applications/${emu.applicationId}/commands`]);
    const body = puts[0]?.body as { name: string; contexts: number[]; integration_types: number[] }[];
    expect(body.map((c) => c.name)).toEqual([
      "admin",
      "ask",
      "fact",
      "help",
      "settings",
      "source",
      "topics",
      "unanswered",
    ]);
    for (const command of body) {
      expect(command.contexts).toEqual(MANAGERS.includes(command.name) ? [0] : [0, 1]);
      expect(command.integration_types).toEqual([0]);
    }
    expect(emu.commands().map((c) => c.name)).toEqual([
      "admin",
      "ask",
      "fact",
      "help",
      "settings",
      "source",
      "topics",
      "unanswered",
    ]);

    // Idempotent: running it again overwrites with the same set.
    expect(await within(15_000, run(DEPLOY, [], env).exit, "deploy-commands again")).toBe(0);
    expect(emu.commands()).toHaveLength(8);
  });

  it("registers on one guild with --guild, and --clear removes them", async () => {
    emu = await startEmulator({ log: false });
    const env = botEnv({
      DISCORD_TOKEN: emu.token,
      DISCORD_CLIENT_ID: emu.applicationId,
      DISCORD_API_URL: emu.apiUrl,
    });
    const guild = run(DEPLOY, ["--guild", emu.guildId], env);
    expect(await within(15_000, guild.exit, "deploy --guild")).toBe(0);
    expect(guild.stdout()).toContain(`guild ${emu.guildId}`);
    expect(emu.commands(emu.guildId)).toHaveLength(8);

    const clear = run(DEPLOY, ["--guild", emu.guildId, "--clear"], env);
    expect(await within(15_000, clear.exit, "deploy --clear")).toBe(0);
    expect(emu.commands(emu.guildId)).toHaveLength(0);
    expect(emu.requests.filter((r) => r.method === "PUT").at(-1)?.body).toEqual([]);
  });

  it("--dry-run prints the JSON without a token or a request", async () => {
    const dry = run(DEPLOY, ["--dry-run"], botEnv({}));
    expect(await within(15_000, dry.exit, "deploy --dry-run")).toBe(0);
    const body = JSON.parse(dry.stdout()) as {
      name: string;
      contexts: number[];
      default_member_permissions?: string;
      options?: { name: string; type: number }[];
    }[];
    expect(body.map((c) => c.name)).toEqual([
      "admin",
      "ask",
      "fact",
      "help",
      "settings",
      "source",
      "topics",
      "unanswered",
    ]);
    // Server managers' commands: Manage Server (1 << 5) by default, servers only.
    for (const name of ["settings", "unanswered"]) {
      const command = body.find((c) => c.name === name);
      expect(command?.default_member_permissions).toBe("32");
      expect(command?.contexts).toEqual([0]);
    }
    expect(body.find((c) => c.name === "ask")?.default_member_permissions).toBeUndefined();
    expect(body.find((c) => c.name === "settings")?.options?.map((o) => `${o.name}:${o.type}`)).toEqual([
      "listen:2",
      "mode:1",
      "confidence:1",
      "cooldown:1",
      "record-unanswered:1",
      "show:1",
      "reset:1",
    ]);
  });

  it("without a token says which variables are missing", async () => {
    const missing = run(DEPLOY, [], botEnv({}));
    expect(await within(15_000, missing.exit, "deploy without token")).toBe(1);
    expect(missing.stderr().trim().split("\n")).toEqual([
      "Configuration: DISCORD_TOKEN: is not set",
      "Configuration: DISCORD_CLIENT_ID: is not set",
    ]);
  });
});

describe("invite", () => {
  it("prints the invite URL", async () => {
    const invite = run(INVITE, [], botEnv({ DISCORD_CLIENT_ID: "123456789012345678" }));
    expect(await within(15_000, invite.exit, "invite")).toBe(0);
    const url = new URL(invite.stdout().trim());
    expect(url.searchParams.get("scope")).toBe("bot applications.commands");
    expect(url.searchParams.get("permissions")).toBe("274877992000");
  });
});

describe("npm start", () => {
  it("a wrong token ends with one clear line and a non-zero exit", async () => {
    emu = await startEmulator({ log: false });
    const bot = run(MAIN, [], botEnv({ DISCORD_TOKEN: "wrong-token", DISCORD_API_URL: emu.apiUrl }));
    expect(await within(20_000, bot.exit, "exit")).toBe(1);
    const lines = bot.stderr().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("DISCORD_TOKEN");
    expect(bot.stderr() + bot.stdout()).not.toContain("wrong-token");
  });

  it("a database that cannot be opened ends with one clear line, before connecting", async () => {
    emu = await startEmulator({ log: false });
    const damaged = join(tempDir(), "damaged.sqlite");
    writeFileSync(damaged, "not a database ".repeat(500));
    const bot = run(
      MAIN,
      [],
      botEnv({ DISCORD_TOKEN: emu.token, DISCORD_API_URL: emu.apiUrl, DATABASE_PATH: damaged }),
    );
    expect(await within(20_000, bot.exit, "exit")).toBe(1);
    const lines = bot.stderr().trim().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(
        /^Cannot open the database at .*damaged\.sqlite \(DATABASE_PATH\): file is not a database/,
      ),
    ]);
    expect(emu.identifies).toHaveLength(0);
  });

  it("invalid configuration is one line per variable", async () => {
    const bot = run(
      MAIN,
      [],
      botEnv({ DISCORD_TOKEN: "x", LISTEN_CHANNEL_IDS: "general", MESSAGE_CONTENT: "maybe" }),
    );
    expect(await within(20_000, bot.exit, "exit")).toBe(1);
    expect(bot.stderr().trim().split("\n")).toEqual([
      "Configuration: LISTEN_CHANNEL_IDS (entry 1): expected a Discord id (17–20 digits)",
      "Configuration: MESSAGE_CONTENT: expected true or false",
    ]);
  });

  it("close 4014 explains the Message Content intent", async () => {
    emu = await startEmulator({ log: false, messageContentAllowed: false });
    const bot = run(MAIN, [], botEnv({ DISCORD_TOKEN: emu.token, DISCORD_API_URL: emu.apiUrl }));
    expect(await within(20_000, bot.exit, "exit")).toBe(1);
    const lines = bot.stderr().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("Message Content");
    expect(lines[0]).toContain("MESSAGE_CONTENT=false");
  });

  it("with MESSAGE_CONTENT=false runs without the intent, answers mentions, and exits 0 on SIGTERM", async () => {
    emu = await startEmulator({ log: false, messageContentAllowed: false });
    const bot = run(
      MAIN,
      [],
      botEnv({ DISCORD_TOKEN: emu.token, DISCORD_API_URL: emu.apiUrl, MESSAGE_CONTENT: "false" }),
    );
    await within(20_000, emu.waitForReady(20_000), "ready");
    await emu.waitFor(() => bot.stdout().includes("logged in") || undefined, 10_000, "the bot's ready line");

    const botId = emu.botUser.id;
    const question = await emu.sendMessage({ content: `<@${botId}> what is taobao` });
    const reply = await emu.waitForChannelMessage(
      (m: APIMessage) => m.message_reference?.message_id === question.message.id,
      10_000,
    );
    expect(reply.message.embeds[0]?.title).toBe("What Taobao is");

    const started = Date.now();
    bot.child.kill("SIGTERM");
    expect(await within(8_000, bot.exit, "exit after SIGTERM")).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(bot.stderr()).toBe("");
  });
});
