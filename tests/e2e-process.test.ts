import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { APIMessage } from "discord.js";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type DiscordEmulator, startEmulator } from "./emulator/index.js";
import { COMMAND_NAMES, MANAGER_COMMANDS } from "./fixtures/commands.js";
import {
  cleanUpProcesses,
  DEPLOY,
  ensureBuilt,
  INVITE,
  MAIN,
  processEnv,
  runProcess,
  tempDir,
  within,
} from "./processes.js";

/** The compiled entry points as `npm start`, `npm run deploy-commands` and `npm run invite` run them. */

beforeAll(() => ensureBuilt([MAIN, DEPLOY, INVITE]), 120_000);

let emu: DiscordEmulator | undefined;

afterEach(async () => {
  cleanUpProcesses();
  await emu?.close();
  emu = undefined;
});

describe("deploy-commands", () => {
  it("registers the command set globally in one bulk PUT", async () => {
    emu = await startEmulator({ log: false });
    const env = processEnv({
      DISCORD_TOKEN: emu.token,
      DISCORD_CLIENT_ID: emu.applicationId,
      DISCORD_API_URL: emu.apiUrl,
    });
    const deploy = runProcess(DEPLOY, [], env);
    expect(await within(15_000, deploy.exit, "deploy-commands")).toBe(0);
    expect(deploy.stdout()).toContain(
      `Registered ${COMMAND_NAMES.length} commands globally: ${COMMAND_NAMES.map((name) => `/${name}`).join(", ")}`,
    );

    const puts = emu.requests.filter((r) => r.method === "PUT");
    expect(puts.map((r) => r.route)).toEqual([`/applications/${emu.applicationId}/commands`]);
    const body = puts[0]?.body as { name: string; contexts: number[]; integration_types: number[] }[];
    expect(body.map((c) => c.name)).toEqual(COMMAND_NAMES);
    for (const command of body) {
      expect(command.contexts).toEqual(MANAGER_COMMANDS.includes(command.name) ? [0] : [0, 1]);
      expect(command.integration_types).toEqual([0]);
    }
    expect(emu.commands().map((c) => c.name)).toEqual(COMMAND_NAMES);

    // Idempotent: running it again overwrites with the same set.
    expect(await within(15_000, runProcess(DEPLOY, [], env).exit, "deploy-commands again")).toBe(0);
    expect(emu.commands()).toHaveLength(COMMAND_NAMES.length);
  });

  it("registers on one guild with --guild, and --clear removes them", async () => {
    emu = await startEmulator({ log: false });
    const env = processEnv({
      DISCORD_TOKEN: emu.token,
      DISCORD_CLIENT_ID: emu.applicationId,
      DISCORD_API_URL: emu.apiUrl,
    });
    const guild = runProcess(DEPLOY, ["--guild", emu.guildId], env);
    expect(await within(15_000, guild.exit, "deploy --guild")).toBe(0);
    expect(guild.stdout()).toContain(`guild ${emu.guildId}`);
    expect(emu.commands(emu.guildId)).toHaveLength(COMMAND_NAMES.length);

    const clear = runProcess(DEPLOY, ["--guild", emu.guildId, "--clear"], env);
    expect(await within(15_000, clear.exit, "deploy --clear")).toBe(0);
    expect(emu.commands(emu.guildId)).toHaveLength(0);
    expect(emu.requests.filter((r) => r.method === "PUT").at(-1)?.body).toEqual([]);
  });

  it("--dry-run prints the JSON without a token or a request", async () => {
    const dry = runProcess(DEPLOY, ["--dry-run"], processEnv({}));
    expect(await within(15_000, dry.exit, "deploy --dry-run")).toBe(0);
    const body = JSON.parse(dry.stdout()) as {
      name: string;
      contexts: number[];
      default_member_permissions?: string;
      options?: { name: string; type: number }[];
    }[];
    expect(body.map((c) => c.name)).toEqual(COMMAND_NAMES);
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
      "follow-ups:1",
      "show:1",
      "reset:1",
    ]);
  });

  it("without a token says which variables are missing", async () => {
    const missing = runProcess(DEPLOY, [], processEnv({}));
    expect(await within(15_000, missing.exit, "deploy without token")).toBe(1);
    expect(missing.stderr().trim().split("\n")).toEqual([
      "Configuration: DISCORD_TOKEN: is not set",
      "Configuration: DISCORD_CLIENT_ID: is not set",
    ]);
  });
});

describe("invite", () => {
  it("prints the invite URL", async () => {
    const invite = runProcess(INVITE, [], processEnv({ DISCORD_CLIENT_ID: "123456789012345678" }));
    expect(await within(15_000, invite.exit, "invite")).toBe(0);
    const url = new URL(invite.stdout().trim());
    expect(url.searchParams.get("scope")).toBe("bot applications.commands");
    expect(url.searchParams.get("permissions")).toBe("274877992000");
  });
});

describe("npm start", () => {
  it("a wrong token ends with one clear line and a non-zero exit", async () => {
    emu = await startEmulator({ log: false });
    const bot = runProcess(
      MAIN,
      [],
      processEnv({ DISCORD_TOKEN: "wrong-token", DISCORD_API_URL: emu.apiUrl }),
    );
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
    const bot = runProcess(
      MAIN,
      [],
      processEnv({ DISCORD_TOKEN: emu.token, DISCORD_API_URL: emu.apiUrl, DATABASE_PATH: damaged }),
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
    const bot = runProcess(
      MAIN,
      [],
      processEnv({ DISCORD_TOKEN: "x", LISTEN_CHANNEL_IDS: "general", MESSAGE_CONTENT: "maybe" }),
    );
    expect(await within(20_000, bot.exit, "exit")).toBe(1);
    expect(bot.stderr().trim().split("\n")).toEqual([
      "Configuration: LISTEN_CHANNEL_IDS (entry 1): expected a Discord id (17–20 digits)",
      "Configuration: MESSAGE_CONTENT: expected true or false",
    ]);
  });

  it("close 4014 explains the Message Content intent", async () => {
    emu = await startEmulator({ log: false, messageContentAllowed: false });
    const bot = runProcess(MAIN, [], processEnv({ DISCORD_TOKEN: emu.token, DISCORD_API_URL: emu.apiUrl }));
    expect(await within(20_000, bot.exit, "exit")).toBe(1);
    const lines = bot.stderr().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("Message Content");
    expect(lines[0]).toContain("MESSAGE_CONTENT=false");
  });

  it("with MESSAGE_CONTENT=false runs without the intent, answers mentions, and exits 0 on SIGTERM", async () => {
    emu = await startEmulator({ log: false, messageContentAllowed: false });
    const bot = runProcess(
      MAIN,
      [],
      processEnv({ DISCORD_TOKEN: emu.token, DISCORD_API_URL: emu.apiUrl, MESSAGE_CONTENT: "false" }),
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
