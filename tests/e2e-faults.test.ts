import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { APIMessage } from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createReloader, EngineHolder } from "../src/app/reload.js";
import { createDefaultEngine } from "../src/app/runtime.js";
import type { Engine } from "../src/engine/types.js";
import { DEFAULT_DATA_DIR, loadFactBase } from "../src/facts/load.js";
import { GENERAL, type Rig, startRig } from "./e2e-rig.js";
import { type DiscordEmulator, type MessageRecord, startEmulator } from "./emulator/index.js";
import {
  cleanUpProcesses,
  ensureBuilt,
  MAIN,
  processEnv,
  type Run,
  runProcess,
  tempDir,
} from "./processes.js";

/**
 * Faults through the emulator, with real discord.js over real sockets: REST 500s and 429s, a dropped
 * connection, an invalid session, an emulator restart, a handler that throws, /admin reload, and the
 * process's signals (SIGTERM during traffic, SIGHUP reload).
 */

const repliesTo = (messageId: string) => (message: APIMessage) =>
  message.message_reference?.message_id === messageId;

/** Every bot message answering the question `messageId`. */
function answersTo(emu: DiscordEmulator, messageId: string): MessageRecord[] {
  return emu.botMessages().filter((m) => m.message.message_reference?.message_id === messageId);
}

/** Every bot message answering the interaction `interactionId`. */
function answersToInteraction(emu: DiscordEmulator, interactionId: string): MessageRecord[] {
  return emu.botMessages().filter((m) => m.interactionId === interactionId);
}

describe("REST faults: the reply still arrives, exactly once", () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => {
    await rig?.stop();
  });

  for (const fault of [
    { name: "a 500", status: 500 },
    { name: "a 429 with retry-after", status: 429, retryAfter: 0.6 },
  ]) {
    it(`${fault.name} on the interaction callback`, async () => {
      const rule = rig.emu.failNext({ method: "POST", path: "/interactions/:id/:token/callback", ...fault });
      const handle = await rig.emu.sendCommand({ name: "ask", options: { question: "what is taobao" } });
      const reply = await handle.final(8_000);
      expect(rule.hits).toBe(1);
      expect(reply.message.embeds[0]?.title).toBe(rig.engine.fact("taobao")?.title);
      await rig.emu.expectNoMessage(600);
      expect(answersToInteraction(rig.emu, handle.id)).toHaveLength(1);
    });

    it(`${fault.name} on channel message creation`, async () => {
      const rule = rig.emu.failNext({ method: "POST", path: "/channels/:id/messages", ...fault });
      const question = await rig.emu.sendMessage({
        channelId: GENERAL,
        content: `<@${rig.botId}> what is taobao`,
      });
      const reply = await rig.emu.waitForChannelMessage(repliesTo(question.message.id), 8_000);
      expect(rule.hits).toBe(1);
      expect(reply.message.embeds[0]?.title).toBe(rig.engine.fact("taobao")?.title);
      await rig.emu.expectNoMessage(600);
      expect(answersTo(rig.emu, question.message.id)).toHaveLength(1);
    });
  }
});

describe("gateway faults: reconnects, answers the next question, nothing twice", () => {
  let rig: Rig;
  const questions: string[] = [];
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => {
    await rig?.stop();
  });

  async function askAndExpectOneAnswer(): Promise<void> {
    const question = await rig.emu.sendMessage({
      channelId: GENERAL,
      content: `<@${rig.botId}> what is taobao`,
    });
    questions.push(question.message.id);
    const reply = await rig.emu.waitForChannelMessage(repliesTo(question.message.id), 10_000);
    expect(reply.message.embeds[0]?.title).toBe(rig.engine.fact("taobao")?.title);
    const slash = await rig.emu.sendCommand({ name: "ask", options: { question: "what is singpost" } });
    await slash.final(8_000);
    expect(answersToInteraction(rig.emu, slash.id)).toHaveLength(1);
  }

  it("a dropped connection (resumable close): resumes", async () => {
    const resumes = rig.emu.resumes.length;
    rig.emu.dropConnection(4000);
    await rig.emu.waitFor(() => rig.emu.resumes.length > resumes || undefined, 10_000, "a RESUME");
    await askAndExpectOneAnswer();
  });

  it("an invalid session: re-identifies (after discord.js's ~5 s identify throttle)", async () => {
    const identifies = rig.emu.identifies.length;
    rig.emu.invalidateSession(false);
    await rig.emu.waitFor(
      () => rig.emu.identifies.length > identifies || undefined,
      15_000,
      "a new IDENTIFY",
    );
    await rig.emu.waitForReady(10_000);
    await askAndExpectOneAnswer();
  }, 30_000);

  it("a restart of the emulator: reconnects", async () => {
    const before = rig.emu.resumes.length + rig.emu.identifies.length;
    await rig.emu.restart({ downtimeMs: 500 });
    await rig.emu.waitFor(
      () => rig.emu.resumes.length + rig.emu.identifies.length > before || undefined,
      15_000,
      "a RESUME or IDENTIFY",
    );
    await rig.emu.waitForReady(10_000);
    await askAndExpectOneAnswer();
  }, 30_000);

  it("no question was answered twice across all of it", async () => {
    await rig.emu.expectNoMessage(800);
    expect(questions).toHaveLength(3);
    for (const id of questions) expect(answersTo(rig.emu, id)).toHaveLength(1);
    expect(rig.logs.entries().some((e) => e.msg === "gateway resumed")).toBe(true);
  });
});

describe("a handler that throws", () => {
  let rig: Rig;
  beforeAll(async () => {
    const real = createDefaultEngine();
    const throwing: Engine = new Proxy(real, {
      get(target, property) {
        if (property === "ask") {
          return (question: string) => {
            if (question.includes("explode")) throw new Error("the engine exploded");
            return target.ask(question);
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    rig = await startRig({ engine: throwing });
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it("apologises privately to that user, logs it with context, and answers the next interaction", async () => {
    const failing = await rig.emu.sendCommand({ name: "ask", options: { question: "explode please" } });
    const apology = await failing.final();
    expect(apology.ephemeral).toBe(true);
    expect(apology.message.content).toMatch(/something went wrong/);
    const logged = rig.logs.entries().find((e) => e.msg === "interaction failed");
    expect(logged).toMatchObject({
      level: 50,
      command: "ask",
      interactionId: failing.id,
      guildId: rig.emu.guildId,
      err: { message: "the engine exploded" },
    });

    const next = await (
      await rig.emu.sendCommand({ name: "ask", options: { question: "what is taobao" } })
    ).final();
    expect(next.message.embeds[0]?.title).toBe(rig.engine.fact("taobao")?.title);
  });

  it("a free-text question that throws is logged, and the next one is answered", async () => {
    await rig.emu.sendMessage({ channelId: GENERAL, content: `<@${rig.botId}> explode` });
    await rig.emu.waitFor(
      () => rig.logs.entries().some((e) => e.msg === "free-text answer failed") || undefined,
      5_000,
      "the failure logged",
    );
    const question = await rig.emu.sendMessage({
      channelId: GENERAL,
      content: `<@${rig.botId}> what is taobao`,
    });
    await rig.emu.waitForChannelMessage(repliesTo(question.message.id));
  });

  it("logs each answer with fact id, outcome, confidence and latency, the question text at debug only", () => {
    const answered = rig.logs.entries().filter((e) => e.msg === "answered" && e.factId === "taobao");
    expect(answered.length).toBeGreaterThan(0);
    for (const entry of answered) {
      expect(entry).toMatchObject({ level: 30, outcome: "answer", confidence: expect.any(Number) });
      expect(entry.latencyMs).toEqual(expect.any(Number));
      expect(JSON.stringify(entry)).not.toContain("what is taobao");
    }
    const texts = rig.logs.entries().filter((e) => e.msg === "question text");
    expect(texts.every((e) => e.level === 20)).toBe(true);
    expect(texts.some((e) => e.question === "what is taobao")).toBe(true);
    expect(rig.logs.lines.join("\n")).not.toContain(rig.emu.token);
  });
});

describe("/admin reload through the bot", () => {
  let rig: Rig;
  let dir: string;
  let holder: EngineHolder;
  const file = () => join(dir, "2017-01-alibaba-tracker.json");

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tracker-admin-"));
    cpSync(DEFAULT_DATA_DIR, dir, { recursive: true });
    holder = new EngineHolder(createDefaultEngine(loadFactBase(dir)));
    rig = await startRig({
      engine: holder,
      bot: { reload: createReloader(holder, { load: () => createDefaultEngine(loadFactBase(dir)) }) },
    });
  });
  afterAll(async () => {
    await rig?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function retitle(title: string): void {
    const edition = JSON.parse(readFileSync(file(), "utf8")) as { facts: { id: string; title: string }[] };
    const taobao = edition.facts.find((f) => f.id === "taobao");
    if (!taobao) throw new Error("no taobao fact");
    taobao.title = title;
    writeFileSync(file(), JSON.stringify(edition, null, 2));
  }

  async function reload(memberPermissions: string) {
    return (await rig.emu.sendCommand({ name: "admin", subcommand: "reload", memberPermissions })).final();
  }

  it("is refused to a member without Manage Server, privately, and nothing changes", async () => {
    retitle("Taobao, reloaded");
    const reply = await reload("0");
    expect(reply.ephemeral).toBe(true);
    // One wording for every server-managers' command (it was /admin's own before).
    expect(reply.message.content).toMatch(/Only members who can manage this server/);
    expect(holder.generation).toBe(0);
  });

  it("a manager's reload swaps the facts in; slash commands, buttons and free text use them at once", async () => {
    const reply = await reload("32");
    expect(reply.ephemeral).toBe(true);
    expect(reply.message.content).toMatch(/^Reloaded the fact base/);
    expect(holder.generation).toBe(1);

    const slash = await (await rig.emu.sendCommand({ name: "fact", options: { topic: "taobao" } })).final();
    expect(slash.message.embeds[0]?.title).toBe("Taobao, reloaded");
    const click = await (
      await rig.emu.clickButton({ message: slash, customId: "fact:taobao", force: true })
    ).final();
    expect(click.message.embeds[0]?.title).toBe("Taobao, reloaded");
    const question = await rig.emu.sendMessage({
      channelId: GENERAL,
      content: `<@${rig.botId}> what is taobao`,
    });
    const free = await rig.emu.waitForChannelMessage(repliesTo(question.message.id));
    expect(free.message.embeds[0]?.title).toBe("Taobao, reloaded");
  });

  it("a broken fact base is refused with file, fact id and field; the old one keeps answering", async () => {
    const edition = JSON.parse(readFileSync(file(), "utf8")) as { facts: { id: string; quote: string }[] };
    const first = edition.facts[0];
    if (!first) throw new Error("no facts");
    first.quote = "a quote that is nowhere in the text";
    writeFileSync(file(), JSON.stringify(edition, null, 2));

    const reply = await reload("8");
    expect(reply.ephemeral).toBe(true);
    expect(reply.message.content).toContain("Reload refused");
    expect(reply.message.content).toContain(`2017-01-alibaba-tracker.json: fact "${first.id}": quote`);
    expect(reply.message.content?.length).toBeLessThanOrEqual(2000);
    expect(holder.generation).toBe(1);

    const still = await (await rig.emu.sendCommand({ name: "fact", options: { topic: "taobao" } })).final();
    expect(still.message.embeds[0]?.title).toBe("Taobao, reloaded");
  });
});

// ---------------------------------------------------------------------------------------------------------
// The process: `node dist/src/app/main.js` against the emulator

let procEmu: DiscordEmulator | undefined;

afterEach(async () => {
  cleanUpProcesses();
  await procEmu?.close();
  procEmu = undefined;
});

/** `npm start` against `emu`, reading its fact base (DATA_DIR) from a copy of data/ that the test may edit. */
function startProcess(emu: DiscordEmulator): { bot: Run; data: string } {
  const data = join(tempDir(), "data");
  cpSync(DEFAULT_DATA_DIR, data, { recursive: true });
  const bot = runProcess(
    MAIN,
    [],
    processEnv({ DISCORD_TOKEN: emu.token, DISCORD_API_URL: emu.apiUrl, DATA_DIR: data }),
  );
  return { bot, data };
}

describe("the process", () => {
  beforeAll(() => ensureBuilt([MAIN]), 120_000);

  it("SIGTERM during traffic: answers in flight are finished, then it disconnects and exits 0", async () => {
    procEmu = await startEmulator({ log: false });
    const emu = procEmu;
    const { bot } = startProcess(emu);
    await emu.waitFor(
      () => bot.lines().some((e) => e.msg?.toString().startsWith("logged in")) || undefined,
      20_000,
      "ready",
    );
    const started = bot.lines().find((e) => String(e.msg).startsWith("logged in"));
    expect(started).toMatchObject({ level: 30, version: expect.any(String), facts: expect.any(Number) });
    expect(bot.stdout()).not.toContain(emu.token);

    // Every reply is slowed down so that all of them are in flight when SIGTERM arrives.
    emu.failNext({ method: "POST", path: "/channels/:id/messages", delayMs: 1_200, times: 3 });
    emu.failNext({ method: "POST", path: "/interactions/:id/:token/callback", delayMs: 1_200, times: 1 });
    const questions = [];
    for (const q of ["what is taobao", "what is singpost", "what's alibaba's stake in singpost"]) {
      questions.push(await emu.sendMessage({ content: `<@${emu.botUser.id}> ${q}` }));
    }
    const slash = await emu.sendCommand({ name: "ask", options: { question: "what is taobao" } });
    await emu.waitFor(
      () =>
        emu.requests.filter((r) => r.method === "POST" && /\/messages$|\/callback$/.test(r.route)).length >=
          4 || undefined,
      10_000,
      "four replies in flight",
    );
    bot.child.kill("SIGTERM");
    expect(await bot.exit).toBe(0);
    for (const question of questions) expect(answersTo(emu, question.message.id)).toHaveLength(1);
    expect(answersToInteraction(emu, slash.id)).toHaveLength(1);
    await emu.waitFor(() => emu.connections === 0 || undefined, 3_000, "the socket closed");
    const messages = bot.lines().map((e) => e.msg);
    expect(messages).toEqual(
      expect.arrayContaining([
        "shutting down: finishing replies in flight, then exiting",
        "disconnected",
        "exiting",
      ]),
    );
    expect(bot.stderr()).toBe("");
  }, 40_000);

  it("SIGHUP re-reads DATA_DIR; a broken fact base is logged with file, fact and field, and the old one stays", async () => {
    procEmu = await startEmulator({ log: false });
    const emu = procEmu;
    const { bot, data } = startProcess(emu);
    const file = join(data, "2017-01-alibaba-tracker.json");
    await emu.waitFor(
      () => bot.lines().some((e) => String(e.msg).startsWith("logged in")) || undefined,
      20_000,
      "ready",
    );

    const edition = JSON.parse(readFileSync(file, "utf8")) as {
      facts: { id: string; title: string; quote: string }[];
    };
    const taobao = edition.facts.find((f) => f.id === "taobao");
    if (!taobao) throw new Error("no taobao fact");
    taobao.title = "Taobao after SIGHUP";
    writeFileSync(file, JSON.stringify(edition));
    bot.child.kill("SIGHUP");
    await emu.waitFor(
      () => bot.lines().some((e) => e.msg === "fact base reloaded") || undefined,
      10_000,
      "reloaded",
    );
    const ask = async () => {
      const question = await emu.sendMessage({ content: `<@${emu.botUser.id}> what is taobao` });
      return (await emu.waitForChannelMessage(repliesTo(question.message.id), 10_000)).message.embeds[0]
        ?.title;
    };
    expect(await ask()).toBe("Taobao after SIGHUP");

    taobao.quote = "nowhere in the text";
    writeFileSync(file, JSON.stringify(edition));
    bot.child.kill("SIGHUP");
    await emu.waitFor(
      () => bot.lines().some((e) => String(e.msg).startsWith("fact base reload failed")) || undefined,
      10_000,
      "refused",
    );
    const failed = bot.lines().find((e) => String(e.msg).startsWith("fact base reload failed"));
    expect(failed).toMatchObject({
      level: 50,
      trigger: "SIGHUP",
      problems: [
        { file: expect.stringContaining("2017-01-alibaba-tracker.json"), factId: "taobao", field: "quote" },
      ],
    });
    expect(await ask()).toBe("Taobao after SIGHUP");
    expect(bot.child.exitCode).toBeNull();
  }, 40_000);
});
