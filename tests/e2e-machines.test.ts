import { REST, Routes } from "discord.js";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDefaultEngine } from "../src/app/runtime.js";
import { commandsPayload } from "../src/discord/registration.js";
import { loadCommands } from "../src/framework/load-commands.js";
import { openPostgresStore } from "../src/store/postgres.js";
import { type DiscordEmulator, type MessageRecord, startEmulator } from "./emulator/index.js";
import { dropDatabases, freshDatabase, POSTGRES_MISSING, POSTGRES_URL } from "./postgres/databases.js";
import {
  cleanUpProcesses,
  ensureBuilt,
  MAIN,
  PROXY,
  processEnv,
  type Run,
  runProcess,
  SHARD_MANAGER,
  within,
} from "./processes.js";

/**
 * Beyond one machine, as processes: two `npm run start:sharded` "machines" (SHARD_LIST=0 and SHARD_LIST=1 of
 * SHARD_COUNT=2) sharing a real PostgreSQL and one `npm run proxy`, against the emulator, which enforces
 * Discord's global 50 requests/s and paces logins (one per 5 s) as Discord does.
 */

/** A guild id on shard `shard` of 2: the shard is (id >> 22) % 2. */
const guildOnShard = (shard: 0 | 1) => String((300_000_000_000n + BigInt(shard)) << 22n);
const G0 = guildOnShard(0);
const G1 = guildOnShard(1);
const G0_GENERAL = "410000000000000001";
const G1_GENERAL = "410000000000000011";
const G1_LISTEN = "410000000000000012";
const G1_LATER = "410000000000000013";

const CONFIDENT = "what's alibaba's stake in singpost";

let emu: DiscordEmulator;

beforeAll(() => ensureBuilt([MAIN, SHARD_MANAGER, PROXY]), 120_000);

afterEach(async () => {
  cleanUpProcesses();
  await emu?.close();
});

afterAll(async () => {
  if (POSTGRES_URL) await dropDatabases();
});

async function startWorld(): Promise<void> {
  emu = await startEmulator({
    log: false,
    shards: 2,
    identifyWindowMs: 5_000,
    guilds: [
      { id: G0, name: "Machine A's server", channels: [{ id: G0_GENERAL, name: "general" }] },
      {
        id: G1,
        name: "Machine B's server",
        channels: [
          { id: G1_GENERAL, name: "general" },
          { id: G1_LISTEN, name: "ask-alibaba" },
          { id: G1_LATER, name: "trackers" },
        ],
      },
    ],
  });
  const body = commandsPayload((await loadCommands(createDefaultEngine().base)).values());
  await new REST({ api: emu.apiUrl, globalRequestsPerSecond: 50 })
    .setToken(emu.token)
    .put(Routes.applicationCommands(emu.applicationId), { body });
}

/** `npm run proxy` in front of the emulator; resolves to its DISCORD_PROXY_URL. */
async function startProxy(): Promise<{ run: Run; url: string }> {
  const run = runProcess(PROXY, [], processEnv({ DISCORD_API_URL: emu.apiUrl, PROXY_PORT: "0" }));
  const line = await emu.waitFor(
    () => run.lines().find((l) => typeof l.url === "string" && String(l.msg).includes("listening")),
    15_000,
    "the proxy's listening line",
  );
  return { run, url: String(line.url) };
}

interface Machine {
  run: Run;
  shard: 0 | 1;
  /** The shard process's pid (its "logged in" line). */
  shardPid(): number | undefined;
}

/** One "machine": `npm run start:sharded` with SHARD_LIST=shard of SHARD_COUNT=2. */
function startMachine(shard: 0 | 1, databaseUrl: string, proxyUrl: string | undefined): Machine {
  const run = runProcess(
    SHARD_MANAGER,
    [],
    processEnv({
      DISCORD_TOKEN: emu.token,
      // Through the proxy when there is one (the gateway address then comes through it too).
      ...(proxyUrl ? { DISCORD_PROXY_URL: proxyUrl } : { DISCORD_API_URL: emu.apiUrl }),
      DATABASE_URL: databaseUrl,
      SHARD_COUNT: "2",
      SHARD_LIST: String(shard),
      SHARD_SPAWN_DELAY_MS: "0",
    }),
  );
  return {
    run,
    shard,
    shardPid: () => {
      const line = run.lines().find((l) => String(l.msg).startsWith("logged in"));
      return typeof line?.pid === "number" ? line.pid : undefined;
    },
  };
}

async function ready(machine: Machine): Promise<void> {
  await emu.waitFor(
    () => machine.run.lines().some((l) => l.msg === "all shards ready") || undefined,
    45_000,
    `machine ${machine.shard} ready${machine.run.stderr() ? `: ${machine.run.stderr()}` : ""}`,
  );
}

/** Which machine's shard logged the answer to message `messageId`. */
function answeredBy(machines: Machine[], messageId: string): number[] {
  return machines
    .filter((m) => m.run.lines().some((l) => l.messageId === messageId && l.msg === "answered"))
    .map((m) => m.shard);
}

const replyTo = (message: MessageRecord) => (m: { message_reference?: { message_id?: string } }) =>
  m.message_reference?.message_id === message.message.id;

/**
 * Asks CONFIDENT unprompted in `channelId` every 50 ms until the bot volunteers an answer; the milliseconds
 * from `since` to that answer.
 */
async function firstVolunteeredAnswer(channelId: string, since: number, ms: number): Promise<number> {
  const deadline = since + ms;
  while (Date.now() < deadline) {
    const asked = await emu.sendMessage({ channelId, content: CONFIDENT });
    const answer = await emu.waitForChannelMessage(replyTo(asked), 50).catch(() => undefined);
    if (answer) return Date.now() - since;
  }
  throw new Error(`no answer in <#${channelId}> within ${ms} ms`);
}

/** Sets up settings before the machines start: no per-member limit in either server (bursts of questions). */
async function seedSettings(databaseUrl: string): Promise<void> {
  const store = await openPostgresStore(databaseUrl, { listen: false });
  await store.updateSettings(G0, { cooldownSeconds: 0 });
  await store.updateSettings(G1, { cooldownSeconds: 0 });
  await store.close();
}

describe.skipIf(!POSTGRES_URL)(
  `several machines${POSTGRES_URL ? "" : ` (skipped: ${POSTGRES_MISSING})`}`,
  () => {
    it("two machines share PostgreSQL and the proxy: own servers, DMs on shard 0, settings within 1 s, even after the listener is killed; SIGKILL and restart lose nothing", async () => {
      await startWorld();
      const databaseUrl = await freshDatabase();
      await seedSettings(databaseUrl);
      const proxy = await startProxy();
      const a = startMachine(0, databaseUrl, proxy.url);
      let b = startMachine(1, databaseUrl, proxy.url);
      await Promise.all([ready(a), ready(b)]);

      // Logins took turns through PostgreSQL: none came within 5 s of the other.
      expect(emu.identifiesTooSoon).toEqual([]);
      const logins = emu.identifies.filter((i) => i.sessionId).map((i) => i.shard);
      expect(logins.map((s) => s?.[0]).sort()).toEqual([0, 1]);

      // Each machine answers its own server; a DM goes to shard 0, so to machine A.
      const inG0 = await emu.sendMessage({
        channelId: G0_GENERAL,
        content: `<@${emu.botUser.id}> what is taobao`,
      });
      const inG1 = await emu.sendMessage({
        channelId: G1_GENERAL,
        content: `<@${emu.botUser.id}> what is taobao`,
      });
      const dm = await emu.sendMessage({ dm: true, content: "what is taobao" });
      for (const asked of [inG0, inG1, dm]) await emu.waitForBotMessage(replyTo(asked), 10_000);
      const machines = [a, b];
      // Each process logs an answer once Discord (here, the proxy) has acknowledged the reply.
      for (const asked of [inG0, inG1, dm]) {
        await emu.waitFor(
          () => answeredBy(machines, asked.message.id).length > 0 || undefined,
          5_000,
          "logs",
        );
      }
      expect(answeredBy(machines, inG0.message.id)).toEqual([0]);
      expect(answeredBy(machines, inG1.message.id)).toEqual([1]);
      expect(answeredBy(machines, dm.message.id)).toEqual([0]);

      // Machine B has read G1's settings (no listen channels): a confident question there goes unanswered.
      const before = await emu.sendMessage({ channelId: G1_LISTEN, content: CONFIDENT });
      await emu.expectNoMessage(500, replyTo(before));

      // /settings on machine A for B's server (delivered to shard 0): B answers there within a second.
      const listenAdd = (channel: string) =>
        emu.sendCommand({
          name: "settings",
          subcommandGroup: "listen",
          subcommand: "add",
          options: { channel },
          guildId: G1,
          user: emu.ownerUser,
          viaShard: 0,
        });
      const added = await listenAdd(G1_LISTEN);
      const addedReply = await added.final(10_000);
      const changedAt = Date.now();
      expect(addedReply.message.content).toContain(`<#${G1_LISTEN}>`);
      expect(emu.sessionsThatGot("INTERACTION_CREATE", (d) => d.id === added.id).map((s) => s.shard)).toEqual(
        [[0, 2]],
      );
      const propagation = await firstVolunteeredAnswer(G1_LISTEN, changedAt, 1_000);
      expect(propagation).toBeLessThan(1_000);

      // Kill B's LISTEN connection in PostgreSQL; the next change made on A still reaches B.
      const admin = postgres(databaseUrl, { max: 1 });
      try {
        const killed = await admin`
          SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = ${`tracker-bot/${b.shardPid()}`} AND query ILIKE 'listen%'`;
        expect(killed).toHaveLength(1);
      } finally {
        await admin.end();
      }
      const laterReply = await (await listenAdd(G1_LATER)).final(10_000);
      expect(laterReply.message.content).toContain(`<#${G1_LATER}>`);
      await firstVolunteeredAnswer(G1_LATER, Date.now(), 3_000);

      // Something recorded on B: an unanswered question, asked by mention.
      const unknown = await emu.sendMessage({
        channelId: G1_GENERAL,
        content: `<@${emu.botUser.id}> what is the weather on mars`,
      });
      await emu.waitForBotMessage(replyTo(unknown), 10_000);
      const store = await openPostgresStore(databaseUrl, { listen: false });
      try {
        const recorded = async () => (await store.listUnanswered(G1)).map((q) => q.question);
        await emu.waitFor(
          async () => ((await recorded()).includes("what is the weather on mars") ? true : undefined),
          5_000,
          "the unanswered question recorded",
        );

        // Machine B dies (its manager and its shard, SIGKILL: no goodbye), then comes back.
        const shardPid = b.shardPid();
        b.run.child.kill("SIGKILL");
        if (shardPid) process.kill(shardPid, "SIGKILL");
        await within(5_000, b.run.exit, "machine B gone");
        b = startMachine(1, databaseUrl, proxy.url);
        await ready(b);
        expect(emu.identifiesTooSoon).toEqual([]);

        // Nothing recorded is lost, and B's server is answered again, with its settings.
        expect(await recorded()).toContain("what is the weather on mars");
        expect((await store.getSettings(G1)).listenChannelIds).toEqual([G1_LISTEN, G1_LATER]);
        const again = await emu.sendMessage({
          channelId: G1_GENERAL,
          content: `<@${emu.botUser.id}> what is taobao`,
        });
        await emu.waitForBotMessage(replyTo(again), 10_000);
        await emu.waitFor(() => answeredBy([a, b], again.message.id).length > 0 || undefined, 5_000, "logs");
        expect(answeredBy([a, b], again.message.id)).toEqual([1]);
        const volunteered = await emu.sendMessage({
          channelId: G1_LATER,
          content: "how big is the sea market",
        });
        await emu.waitForBotMessage(replyTo(volunteered), 10_000);
      } finally {
        await store.close();
      }

      // The proxy saw no 429 from the emulator in all of this.
      expect(proxy.run.lines().filter((l) => l.status === 429)).toEqual([]);
      expect(a.run.stderr() + b.run.stderr()).toBe("");
    }, 120_000);

    /** A fresh world with two machines, through one proxy or (the control) straight to the emulator. */
    async function twoMachines(withProxy: boolean): Promise<{ proxy: { run: Run } | undefined }> {
      await startWorld();
      const databaseUrl = await freshDatabase();
      await seedSettings(databaseUrl);
      const proxy = withProxy ? await startProxy() : undefined;
      const a = startMachine(0, databaseUrl, proxy?.url);
      const b = startMachine(1, databaseUrl, proxy?.url);
      await Promise.all([ready(a), ready(b)]);
      return { proxy };
    }

    /** 60 mentions to each machine at once; waits until all 120 are answered, each exactly once. */
    async function burst(): Promise<void> {
      emu.clearHistory();
      const asked = await emu.sendMessages(
        Array.from({ length: 120 }, (_, i) => ({
          channelId: i % 2 === 0 ? G0_GENERAL : G1_GENERAL,
          content: `<@${emu.botUser.id}> what is taobao (${i})`,
        })),
      );
      for (const question of asked) await emu.waitForBotMessage(replyTo(question), 30_000);
      for (const question of asked) {
        expect(emu.botMessages().filter((m) => replyTo(question)(m.message))).toHaveLength(1);
      }
    }

    const globally429 = () => emu.requests.filter((r) => r.globalLimited).length;
    const busiestWindow = () => Math.max(...emu.globalWindows.map((w) => w.count));

    it("two processes bursting 60 requests each through one proxy: no global 429, no second over 50", async () => {
      const { proxy } = await twoMachines(true);
      await burst();
      expect(globally429()).toBe(0);
      expect(emu.globalWindows.every((w) => w.refused === 0)).toBe(true);
      expect(busiestWindow()).toBeLessThanOrEqual(50);
      // 120 replies at under 50 a second: the proxy spread them over at least three windows.
      expect(emu.globalWindows.filter((w) => w.count > 0).length).toBeGreaterThanOrEqual(3);
      expect(proxy?.run.lines().filter((l) => l.status === 429)).toEqual([]);
    }, 120_000);

    it("the control: the same burst without the proxy gets global 429s", async () => {
      await twoMachines(false);
      await burst();
      // Each process keeps to 50/s on its own; together they go over, and Discord says so.
      expect(globally429()).toBeGreaterThan(0);
      expect(emu.globalWindows.some((w) => w.refused > 0)).toBe(true);
    }, 120_000);
  },
);

describe("a database that cannot be reached", () => {
  it("npm start with an unreachable DATABASE_URL: one line naming it without the password, exit 1", async () => {
    const bot = runProcess(
      MAIN,
      [],
      processEnv({
        DISCORD_TOKEN: "a-token-that-is-never-used",
        DATABASE_URL: "postgres://tracker:pa55-w0rd-secret@127.0.0.1:1/tracker",
      }),
    );
    expect(await within(20_000, bot.exit, "exit")).toBe(1);
    const lines = bot.stderr().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Cannot open the database at postgres:\/\/tracker:\*\*\*@127\.0\.0\.1:1\/tracker \(DATABASE_URL\): /,
    );
    expect(bot.stdout() + bot.stderr()).not.toContain("pa55-w0rd-secret");
  });

  it("npm run start:sharded the same: one line, exit 1, no shard spawned", async () => {
    const target = await startEmulator({ log: false });
    try {
      const manager = runProcess(
        SHARD_MANAGER,
        [],
        processEnv({
          DISCORD_TOKEN: target.token,
          DISCORD_API_URL: target.apiUrl,
          SHARD_COUNT: "2",
          SHARD_LIST: "1",
          DATABASE_URL: "postgres://tracker:pa55-w0rd-secret@127.0.0.1:1/tracker",
        }),
      );
      expect(await within(20_000, manager.exit, "exit")).toBe(1);
      expect(manager.stderr().trim().split("\n")).toEqual([
        expect.stringMatching(
          /^Cannot open the database at postgres:\/\/tracker:\*\*\*@127\.0\.0\.1:1\/tracker \(DATABASE_URL\): /,
        ),
      ]);
      expect(manager.stdout() + manager.stderr()).not.toContain("pa55-w0rd-secret");
      expect(manager.lines().some((l) => l.msg === "shard spawned")).toBe(false);
    } finally {
      await target.close();
    }
  });
});
