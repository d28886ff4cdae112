import { generateKeyPairSync } from "node:crypto";
import { REST, Routes } from "discord.js";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { commandsPayload } from "../src/discord/registration.js";
import { loadCommands } from "../src/reply/load-commands.js";
import { createDefaultEngine } from "../src/runtime.js";
import { type DiscordEmulator, type RecordedRequest, startEmulator } from "./emulator/index.js";
import {
  cleanUpProcesses,
  ensureBuilt,
  HTTP_SERVER,
  MAIN,
  processEnv,
  runProcess,
  SHARD_MANAGER,
  within,
} from "./processes.js";

/** The other ways to run, as processes: `npm run start:sharded` and `npm run serve:http`. */

beforeAll(() => ensureBuilt([MAIN, SHARD_MANAGER, HTTP_SERVER]), 120_000);

let emu: DiscordEmulator | undefined;

afterEach(async () => {
  cleanUpProcesses();
  await emu?.close();
  emu = undefined;
});

async function registerCommands(target: DiscordEmulator): Promise<void> {
  const body = commandsPayload((await loadCommands(createDefaultEngine().base)).values());
  await new REST({ api: target.apiUrl })
    .setToken(target.token)
    .put(Routes.applicationCommands(target.applicationId), { body });
}

/** A guild id whose shard (of 2) is `shard`: the shard is the id's timestamp part (id >> 22) modulo 2. */
const guildOnShard = (shard: 0 | 1) => String((200_000_000_000n + BigInt(shard)) << 22n);

const userAgent = (request: RecordedRequest | undefined) => request?.headers["user-agent"] ?? "";

describe("npm run start:sharded", () => {
  it("spawns SHARD_COUNT=auto shards; each answers only its own guild; SIGTERM stops all, exit 0", async () => {
    const guilds = [
      { id: guildOnShard(0), channel: "310000000000000000" },
      { id: guildOnShard(1), channel: "310000000000000001" },
    ];
    emu = await startEmulator({
      log: false,
      shards: 2,
      guilds: guilds.map((g, i) => ({
        id: g.id,
        name: `Guild ${i}`,
        channels: [{ id: g.channel, name: "general" }],
      })),
    });
    expect(guilds.map((g) => emu?.shardOf(g.id, 2))).toEqual([0, 1]);
    await registerCommands(emu);

    const manager = runProcess(
      SHARD_MANAGER,
      [],
      processEnv({
        DISCORD_TOKEN: emu.token,
        DISCORD_API_URL: emu.apiUrl,
        SHARD_COUNT: "auto",
        SHARD_SPAWN_DELAY_MS: "0",
      }),
    );
    const identifies = await within(40_000, emu.waitForShards(2, 40_000), "two READY shards");
    expect(identifies.map((i) => i.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    await emu.waitFor(
      () => manager.lines().some((l) => l.msg === "all shards ready") || undefined,
      20_000,
      "ready",
    );
    // Each session was told about its own guild only.
    const sessions = emu.gatewaySessions().sort((a, b) => a.shard[0] - b.shard[0]);
    expect(sessions.map((s) => s.guildIds)).toEqual([[guilds[0]?.id], [guilds[1]?.id]]);
    // Two processes, each logging with its shard (a line written just after the manager hears "ready").
    await emu.waitFor(
      () => manager.lines().filter((l) => String(l.msg).startsWith("logged in")).length === 2 || undefined,
      5_000,
      "both shards' logged-in lines",
    );
    const loggedIn = manager.lines().filter((l) => String(l.msg).startsWith("logged in"));
    expect(loggedIn.map((l) => l.shard).sort()).toEqual([0, 1]);
    expect(new Set(loggedIn.map((l) => l.pid)).size).toBe(2);

    for (const [shard, guild] of guilds.entries()) {
      // /ask: dispatched to this guild's shard only, answered by that process.
      const handle = await emu.sendCommand({
        name: "ask",
        guildId: guild.id,
        options: { question: "what's alibaba's stake in singpost" },
      });
      const reply = await handle.final(10_000);
      expect(reply.message.embeds[0]?.description).toContain("14.4%");
      expect(
        emu.sessionsThatGot("INTERACTION_CREATE", (d) => d.id === handle.id).map((s) => s.shard),
      ).toEqual([[shard, 2]]);
      const callback = emu.requests.find((r) => r.route.startsWith(`/interactions/${handle.id}/`));
      expect(userAgent(callback)).toContain(`shard/${shard}/2`);
      await emu.waitFor(
        () => manager.lines().find((l) => l.interactionId === handle.id && l.msg === "answered"),
        5_000,
        "the answer's log line",
      );
      const answered = manager.lines().find((l) => l.interactionId === handle.id && l.msg === "answered");
      expect(answered?.shard).toBe(shard);
      expect(answered?.pid).toBe(loggedIn.find((l) => l.shard === shard)?.pid);

      // A mention: MESSAGE_CREATE to this shard only, the reply posted by that process.
      const question = await emu.sendMessage({
        channelId: guild.channel,
        content: `<@${emu.botUser.id}> what is taobao`,
      });
      const answer = await emu.waitForChannelMessage(
        (m) => m.message_reference?.message_id === question.message.id,
        10_000,
      );
      expect(answer.message.embeds[0]?.title).toBeTruthy();
      expect(
        emu.sessionsThatGot("MESSAGE_CREATE", (d) => d.id === question.message.id).map((s) => s.shard),
      ).toEqual([[shard, 2]]);
      const post = emu.requests.find(
        (r) =>
          r.method === "POST" &&
          r.route === `/channels/${guild.channel}/messages` &&
          JSON.stringify(r.body).includes(question.message.id),
      );
      expect(userAgent(post)).toContain(`shard/${shard}/2`);
    }

    const started = Date.now();
    manager.child.kill("SIGTERM");
    expect(await within(15_000, manager.exit, "exit after SIGTERM")).toBe(0);
    expect(Date.now() - started).toBeLessThan(12_000);
    expect(
      manager
        .lines()
        .filter((l) => l.msg === "shard stopped")
        .map((l) => l.exitCode),
    ).toEqual([0, 0]);
    await emu.waitFor(() => emu?.connections === 0 || undefined, 5_000, "every shard's socket closed");
    expect(manager.stderr()).toBe("");
  }, 90_000);

  it("invalid SHARD_COUNT is one line, exit 1, nothing spawned", async () => {
    const manager = runProcess(
      SHARD_MANAGER,
      [],
      processEnv({ DISCORD_TOKEN: "token", SHARD_COUNT: "lots" }),
    );
    expect(await within(15_000, manager.exit, "exit")).toBe(1);
    expect(manager.stderr().trim().split("\n")).toEqual([
      'Configuration: SHARD_COUNT: expected "auto" or a whole number of shards (1 or more)',
    ]);
  });

  it("a wrong token ends with one clear line and exit 1", async () => {
    emu = await startEmulator({ log: false });
    const manager = runProcess(
      SHARD_MANAGER,
      [],
      processEnv({ DISCORD_TOKEN: "wrong-token", DISCORD_API_URL: emu.apiUrl }),
    );
    expect(await within(20_000, manager.exit, "exit")).toBe(1);
    expect(manager.stderr().trim().split("\n")).toHaveLength(1);
    expect(manager.stderr()).toContain("DISCORD_TOKEN");
    expect(manager.stderr() + manager.stdout()).not.toContain("wrong-token");
  });
});

describe("npm run serve:http", () => {
  it("serves /ask over signed HTTP, passes Discord's URL check, and exits 0 on SIGTERM", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const der = publicKey.export({ format: "der", type: "spki" });
    emu = await startEmulator({ log: false });
    await registerCommands(emu);
    const server = runProcess(
      HTTP_SERVER,
      [],
      processEnv({
        DISCORD_PUBLIC_KEY: der.subarray(der.length - 32).toString("hex"),
        PORT: "0",
        DISCORD_API_URL: emu.apiUrl,
      }),
    );
    const listening = await emu.waitFor(
      () => server.lines().find((l) => typeof l.port === "number" && String(l.msg).includes("listening")),
      15_000,
      "the listening line",
    );
    const url = `http://127.0.0.1:${String(listening.port)}`;
    expect((await fetch(`${url}/health`)).status).toBe(200);
    emu.useInteractionsEndpoint({ url: `${url}/interactions`, privateKey });
    expect(await emu.verifyInteractionsEndpoint()).toEqual({ ok: true, problems: [] });

    const handle = await emu.sendCommand({ name: "ask", options: { question: "@everyone what is taobao" } });
    const reply = await handle.final(10_000);
    expect(reply.message.embeds[0]?.title).toBeTruthy();
    expect(reply.allowedMentions).toEqual({ parse: [] });

    server.child.kill("SIGTERM");
    expect(await within(10_000, server.exit, "exit after SIGTERM")).toBe(0);
    expect(server.lines().some((l) => l.msg === "interactions endpoint closed")).toBe(true);
    expect(server.stderr()).toBe("");
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it("configuration problems are one line each, exit 1", async () => {
    const missing = runProcess(HTTP_SERVER, [], processEnv({}));
    expect(await within(15_000, missing.exit, "exit")).toBe(1);
    expect(missing.stderr().trim().split("\n")).toEqual([
      "Configuration: DISCORD_PUBLIC_KEY: is not set (General Information → Public Key in the developer portal)",
    ]);
    const wrong = runProcess(HTTP_SERVER, [], processEnv({ DISCORD_PUBLIC_KEY: "abc", PORT: "http" }));
    expect(await within(15_000, wrong.exit, "exit")).toBe(1);
    expect(wrong.stderr().trim().split("\n")).toEqual([
      "Configuration: DISCORD_PUBLIC_KEY: expected the application's public key: 64 hex characters (General Information → Public Key)",
      "Configuration: PORT: expected a port number (1-65535, or 0 for any free port)",
    ]);
  });
});
