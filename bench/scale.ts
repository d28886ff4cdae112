import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { REST, Routes } from "discord.js";
import postgres from "postgres";
import { createDefaultEngine } from "../src/app/runtime.js";
import { commandsPayload } from "../src/discord/registration.js";
import { loadCommands } from "../src/framework/load-commands.js";
import { openPostgresStore } from "../src/store/postgres.js";
import { type DiscordEmulator, type MessageRecord, startEmulator } from "../tests/emulator/index.js";

/**
 * `npm run bench:scale`: the several-machines setup on one machine, measured. Two `npm run start:sharded`
 * processes (SHARD_LIST=0 and 1 of SHARD_COUNT=2) share a real PostgreSQL and one `npm run proxy`, against
 * the Discord emulator, which enforces the global 50 requests/s with 429s.
 *
 * - Burst: N mentions to each machine at once; requests per second through the proxy, global 429s.
 * - Control: the same burst without the proxy (each process keeps to 50/s on its own).
 * - Propagation: a listen channel added with /settings on machine A, timed until machine B answers there.
 *
 * PostgreSQL: TEST_DATABASE_URL (an administrator's URL) when set, else a throwaway server
 * (tests/postgres/server.sh). Options: --mentions N per machine (300), --changes N (20, at most 24).
 */

const { values } = parseArgs({
  options: {
    mentions: { type: "string", default: "300" },
    changes: { type: "string", default: "20" },
  },
});
const MENTIONS = Number(values.mentions);
const CHANGES = Math.min(24, Number(values.changes));

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SHARD_MANAGER = `${ROOT}dist/src/discord/shard-manager.js`;
const PROXY = `${ROOT}dist/src/proxy/main.js`;
const PG_SERVER = `${ROOT}tests/postgres/server.sh`;

const G0 = String(300_000_000_000n << 22n);
const G1 = String((300_000_000_000n + 1n) << 22n);
const G0_GENERAL = "410000000000000001";
const G1_GENERAL = "410000000000000011";
/** One listen channel per propagation trial: an answer is volunteered once per channel and fact. */
const trialChannel = (i: number) => String(420_000_000_000_000_000n + BigInt(i));

const children: ChildProcess[] = [];
const stopAll = () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
};
process.on("exit", stopAll);

/** A compiled entry point as a child process; resolves the first JSON log line `match` accepts. */
function start(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const lines: Record<string, unknown>[] = [];
  let partial = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const all = text.split("\n");
    partial = all.pop() ?? "";
    for (const line of all) if (line.startsWith("{")) lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  return { child, lines };
}

async function until<T>(check: () => T | undefined, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function postgresServer(): Promise<{ url: string; stop: () => void }> {
  const given = process.env.TEST_DATABASE_URL?.trim();
  if (given) return { url: given, stop: () => {} };
  const [url = "", dir = ""] = execFileSync("bash", [PG_SERVER, "start"], { encoding: "utf8" })
    .trim()
    .split("\n");
  return { url, stop: () => execFileSync("bash", [PG_SERVER, "stop", dir], { stdio: "ignore" }) };
}

async function freshDatabase(adminUrl: string): Promise<string> {
  const name = `tracker_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

interface World {
  emu: DiscordEmulator;
  machines: ReturnType<typeof start>[];
  stop(): Promise<void>;
}

/** Emulator, fresh database, optionally the proxy, and the two machines, all ready. */
async function world(adminUrl: string, withProxy: boolean): Promise<World> {
  const emu = await startEmulator({
    log: false,
    shards: 2,
    identifyWindowMs: 5_000,
    guilds: [
      { id: G0, name: "A", channels: [{ id: G0_GENERAL, name: "general" }] },
      {
        id: G1,
        name: "B",
        channels: [
          { id: G1_GENERAL, name: "general" },
          ...Array.from({ length: CHANGES }, (_, i) => ({ id: trialChannel(i), name: `listen-${i}` })),
        ],
      },
    ],
  });
  const body = commandsPayload((await loadCommands(createDefaultEngine().base)).values());
  await new REST({ api: emu.apiUrl })
    .setToken(emu.token)
    .put(Routes.applicationCommands(emu.applicationId), { body });
  const databaseUrl = await freshDatabase(adminUrl);
  // No per-member limit in the burst: every mention is answered.
  const store = await openPostgresStore(databaseUrl, { listen: false });
  await store.updateSettings(G0, { cooldownSeconds: 0 });
  await store.updateSettings(G1, { cooldownSeconds: 0 });
  await store.close();

  let api: Record<string, string> = { DISCORD_API_URL: emu.apiUrl };
  let proxy: ReturnType<typeof start> | undefined;
  if (withProxy) {
    proxy = start(PROXY, { DISCORD_API_URL: emu.apiUrl, PROXY_PORT: "0" });
    const line = await until(() => proxy?.lines.find((l) => typeof l.url === "string"), 15_000, "proxy");
    api = { DISCORD_PROXY_URL: String(line.url) };
  }
  const machines = ["0", "1"].map((list) =>
    start(SHARD_MANAGER, {
      DISCORD_TOKEN: emu.token,
      ...api,
      DATABASE_URL: databaseUrl,
      SHARD_COUNT: "2",
      SHARD_LIST: list,
      SHARD_SPAWN_DELAY_MS: "0",
    }),
  );
  for (const machine of machines) {
    await until(() => machine.lines.find((l) => l.msg === "all shards ready"), 60_000, "machines ready");
  }
  return {
    emu,
    machines,
    async stop() {
      for (const child of [...machines.map((m) => m.child), ...(proxy ? [proxy.child] : [])]) {
        child.kill("SIGTERM");
        await new Promise((resolve) => child.once("exit", resolve));
      }
      await emu.close();
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`DROP DATABASE IF EXISTS ${new URL(databaseUrl).pathname.slice(1)} WITH (FORCE)`);
      await admin.end();
    },
  };
}

const replyTo = (asked: MessageRecord) => (m: { message_reference?: { message_id?: string } }) =>
  m.message_reference?.message_id === asked.message.id;

/** MENTIONS mentions to each machine at once; figures from the emulator's side. */
async function burst(w: World) {
  const { emu } = w;
  emu.clearHistory();
  const windowsBefore = emu.globalWindows.length;
  const started = Date.now();
  const asked = await emu.sendMessages(
    Array.from({ length: 2 * MENTIONS }, (_, i) => ({
      channelId: i % 2 === 0 ? G0_GENERAL : G1_GENERAL,
      content: `<@${emu.botUser.id}> what is taobao (${i})`,
    })),
  );
  for (const question of asked) await emu.waitForBotMessage(replyTo(question), 60_000);
  const seconds = (Date.now() - started) / 1000;
  const requests = emu.requests.filter((r) => !r.globalLimited);
  const windows = emu.globalWindows.slice(windowsBefore);
  return {
    answers: asked.length,
    seconds,
    requestsPerSecond: requests.length / seconds,
    busiestSecond: Math.max(...windows.map((w) => w.count)),
    global429: emu.requests.filter((r) => r.globalLimited).length,
  };
}

/** Adds a listen channel on machine A (shard 0) for B's server, timed until B volunteers an answer there. */
async function propagation(w: World, trial: number): Promise<number> {
  const { emu } = w;
  const channel = trialChannel(trial);
  // B reads its settings first (the question goes unanswered), so the change must reach its cache.
  await emu.sendMessage({ channelId: channel, content: "what's alibaba's stake in singpost" });
  await new Promise((resolve) => setTimeout(resolve, 100));
  const handle = await emu.sendCommand({
    name: "settings",
    subcommandGroup: "listen",
    subcommand: "add",
    options: { channel },
    guildId: G1,
    user: emu.ownerUser,
    viaShard: 0,
  });
  await handle.final(10_000);
  const changedAt = Date.now();
  // Asked every 20 ms; the first answer to any of them (an answer is volunteered once per channel and fact).
  const asked = new Set<string>();
  for (;;) {
    const question = await emu.sendMessage({
      channelId: channel,
      content: "what's alibaba's stake in singpost",
    });
    asked.add(question.message.id);
    const answer = await emu
      .waitForBotMessage((m) => asked.has(m.message_reference?.message_id ?? ""), 20)
      .catch(() => undefined);
    if (answer) return Date.now() - changedAt;
    if (Date.now() - changedAt > 10_000) throw new Error("the change never reached machine B");
  }
}

const ms = (x: number) => `${Math.round(x)} ms`;
const pick = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

async function main(): Promise<void> {
  const server = await postgresServer();
  try {
    console.log(
      `Scale bench: 2 machines (start:sharded, SHARD_LIST=0 and 1 of 2) sharing PostgreSQL; emulator enforcing 50 requests/s. ${new Date().toISOString().slice(0, 10)}, Node ${process.version}.`,
    );
    const proxied = await world(server.url, true);
    const withProxy = await burst(proxied);
    console.log(
      `Through one proxy: ${withProxy.answers} mentions answered in ${withProxy.seconds.toFixed(1)} s; ${withProxy.requestsPerSecond.toFixed(1)} requests/s reached Discord; busiest second ${withProxy.busiestSecond}; global 429s ${withProxy.global429}.`,
    );
    const times: number[] = [];
    for (let trial = 0; trial < CHANGES; trial++) times.push(await propagation(proxied, trial));
    times.sort((a, b) => a - b);
    console.log(
      `Settings propagation (${CHANGES} /settings changes on machine A until machine B answers): median ${ms(pick(times, 0.5))}, p90 ${ms(pick(times, 0.9))}, max ${ms(times.at(-1) ?? 0)}.`,
    );
    await proxied.stop();

    const direct = await world(server.url, false);
    const control = await burst(direct);
    console.log(
      `Control without the proxy: ${control.answers} answered in ${control.seconds.toFixed(1)} s; busiest second ${control.busiestSecond}; global 429s ${control.global429}.`,
    );
    await direct.stop();
    const ok = withProxy.global429 === 0 && withProxy.busiestSecond <= 50 && (times.at(-1) ?? 0) < 1000;
    console.log(ok ? "PASS" : "FAIL: a 429 through the proxy, a second over 50, or a change slower than 1 s");
    process.exitCode = ok ? 0 : 1;
  } finally {
    stopAll();
    server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  stopAll();
  process.exit(1);
});
