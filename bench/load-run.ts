import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { REST, Routes } from "discord.js";
import type { APIUser } from "discord-api-types/v10";
import type { Config } from "../src/app/config.js";
import { silentLogger } from "../src/app/log.js";
import { createDefaultEngine } from "../src/app/runtime.js";
import { type BotHandle, startBot } from "../src/discord/client.js";
import { commandsPayload } from "../src/discord/registration.js";
import type { Engine } from "../src/engine/types.js";
import { loadCommands } from "../src/framework/load-commands.js";
import { MemoryGuildStore } from "../src/store/memory.js";
import { openSqliteStore } from "../src/store/sqlite.js";
import { type MessageRecord, startEmulator } from "../tests/emulator/index.js";
import { loadQuestions } from "./questions.js";

/**
 * A load run: the real bot (startBot, discord.js over real sockets) against the Discord emulator, in this
 * process, answering thousands of questions from concurrent senders — /ask, /fact and @mentions, spread
 * over users and channels. Every question must be answered exactly once; memory is compared before and
 * after (after a forced GC, with the emulator's own records of the run dropped first).
 */

export type QuestionKind = "ask" | "fact" | "mention";

export interface LoadOptions {
  /** Questions to send (default 10,000). */
  questions?: number;
  /** Senders at once, each waiting for its answer before sending the next (default 8). */
  concurrency?: number;
  users?: number;
  channels?: number;
  /** Questions answered before the "before" memory figure, not counted (default 200). */
  warmup?: number;
  /** Share of each kind (default 45% /ask, 25% /fact, 30% mentions). */
  mix?: Record<QuestionKind, number>;
  /** Where server settings live: a temporary SQLite file like production (default), or memory. */
  store?: "sqlite" | "memory";
  /** Give up on one answer after this long: it counts as lost (default 10 s). */
  answerTimeoutMs?: number;
  /** Progress lines (default none). */
  progress?: (line: string) => void;
}

export interface MemoryFigures {
  heapUsed: number;
  rss: number;
}

export interface LoadResult {
  sent: number;
  answered: number;
  lost: number;
  duplicates: number;
  byKind: Record<QuestionKind, { sent: number; answered: number; p50Ms: number; p99Ms: number }>;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  before: MemoryFigures;
  after: MemoryFigures;
  /** (after - before) / before, of the heap. */
  heapGrowth: number;
  rssGrowth: number;
  gcAvailable: boolean;
  /** Lost and duplicated questions, at most 10 of each, for the report. */
  examples: string[];
}

const DEFAULT_MIX: Record<QuestionKind, number> = { ask: 0.45, fact: 0.25, mention: 0.3 };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function memory(): MemoryFigures {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) for (let i = 0; i < 3; i += 1) gc();
  const usage = process.memoryUsage();
  return { heapUsed: usage.heapUsed, rss: usage.rss };
}

/** A question in flight: answered when the bot's first visible message for it appears. */
interface Pending {
  kind: QuestionKind;
  sentAt: number;
  answers: number;
  answeredAt: number;
  done: () => void;
}

export async function runLoad(options: LoadOptions = {}): Promise<LoadResult> {
  const total = options.questions ?? 10_000;
  const concurrency = options.concurrency ?? 8;
  const userCount = options.users ?? 32;
  const channelCount = options.channels ?? 4;
  const warmup = options.warmup ?? 200;
  const mix = options.mix ?? DEFAULT_MIX;
  const answerTimeoutMs = options.answerTimeoutMs ?? 10_000;
  const progress = options.progress ?? (() => {});

  const channels = Array.from({ length: channelCount }, (_, i) => ({
    id: String(320_000_000_000_000_000n + BigInt(i)),
    name: `ask-${i}`,
  }));
  const emu = await startEmulator({ log: false, guilds: [{ name: "Load Guild", channels }] });
  const engine: Engine = createDefaultEngine();
  const scratch = mkdtempSync(join(tmpdir(), "tracker-bot-load-"));
  let bot: BotHandle | undefined;
  try {
    const commands = await loadCommands(engine.base);
    await new REST({ api: emu.apiUrl })
      .setToken(emu.token)
      .put(Routes.applicationCommands(emu.applicationId), { body: commandsPayload(commands.values()) });
    const users: APIUser[] = Array.from({ length: userCount }, (_, i) =>
      emu.createUser({ username: `asker${i}` }),
    );
    const config: Config = {
      token: emu.token,
      apiUrl: emu.apiUrl,
      listenChannelIds: [],
      messageContent: true,
    };
    bot = await startBot(config, engine, {
      log: silentLogger(),
      store:
        options.store === "memory" ? new MemoryGuildStore() : openSqliteStore(join(scratch, "load.sqlite")),
      // The per-user free-text cooldown (3 answers per 30 s) is off for the run: every mention must be answered.
      freeText: { userLimit: Number.MAX_SAFE_INTEGER },
    });
    const botId = bot.client.user.id;

    const texts = [...loadQuestions("dev"), ...loadQuestions("test")].map((q) => q.q);
    const factIds = engine.base.facts.map((f) => f.id);
    const topics = [...factIds, "singpost", "taobao", "alibaba cloud", "ant financial", "sing"];

    // Interaction id or question message id → the question waiting for its answer.
    const pending = new Map<string, Pending>();
    const finished = new Map<string, Pending>();
    const isVisible = (record: MessageRecord) =>
      ((record.message.flags ?? 0) & (1 << 7)) === 0 &&
      (record.message.content !== "" || record.message.embeds.length > 0);
    const unsubscribe = emu.onMessage((record, event) => {
      if (record.message.author.id !== botId) return;
      const key =
        record.interactionId ??
        (record.source === "channel" ? record.message.message_reference?.message_id : undefined);
      if (!key) return;
      // A deferred reply is created "thinking…" and answered by its edit; any other edit is not a new answer.
      if (event === "edit" && !(record.interactionId && record.edits === 1)) return;
      if (!isVisible(record)) return;
      const question = pending.get(key) ?? finished.get(key);
      if (!question) return;
      question.answers += 1;
      if (question.answers === 1) {
        question.answeredAt = performance.now();
        pending.delete(key);
        finished.set(key, question);
        question.done();
      }
    });

    const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
    const kindOf = (i: number): QuestionKind => {
      const r = ((i * 7919) % 1000) / 1000;
      return r < mix.ask ? "ask" : r < mix.ask + mix.fact ? "fact" : "mention";
    };

    /** Sends question `i` and resolves when it is answered (or timed out: lost). */
    const ask = async (i: number, counted: boolean): Promise<{ key: string; question: Pending }> => {
      const kind = kindOf(i);
      const user = pick(users, i * 31 + Math.floor(i / users.length));
      const channel = pick(channels, i * 17 + 3);
      let resolve = () => {};
      const answered = new Promise<void>((r) => {
        resolve = r;
      });
      const question: Pending = { kind, sentAt: performance.now(), answers: 0, answeredAt: 0, done: resolve };
      let key: string;
      if (kind === "mention") {
        // The key must be known before the reply can arrive: register under the id as soon as it exists.
        const record = await emu.sendMessage({
          channelId: channel.id,
          author: user,
          content: `<@${botId}> ${pick(texts, i * 13)}`,
        });
        key = record.message.id;
      } else {
        const handle = await emu.sendCommand(
          kind === "ask"
            ? { name: "ask", channelId: channel.id, user, options: { question: pick(texts, i * 13) } }
            : { name: "fact", channelId: channel.id, user, options: { topic: pick(topics, i * 5) } },
        );
        key = handle.id;
      }
      // Dispatch is asynchronous (a WebSocket frame to discord.js), so registering here is never too late.
      pending.set(key, question);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        answered,
        new Promise<void>((r) => {
          timer = setTimeout(r, answerTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (!counted) {
        pending.delete(key);
        finished.delete(key);
      }
      return { key, question };
    };

    const drive = async (count: number, counted: boolean) => {
      let next = 0;
      const results: { key: string; question: Pending }[] = [];
      const sender = async () => {
        while (next < count) {
          const i = next++;
          results.push(await ask(counted ? i : total + i, counted));
          if (counted && results.length % 1000 === 0)
            progress(`  ${results.length}/${count} answered or timed out`);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, sender));
      return results;
    };

    progress(`warm-up: ${warmup} questions`);
    await drive(warmup, false);
    await delay(200);
    finished.clear();
    emu.clearHistory();
    const before = memory();

    progress(
      `load: ${total} questions, ${concurrency} senders, ${userCount} users, ${channelCount} channels`,
    );
    const started = performance.now();
    const results = await drive(total, true);
    const seconds = (performance.now() - started) / 1000;
    // Late duplicates would show up here.
    await delay(1_000);
    unsubscribe();

    const latencies = results
      .filter((r) => r.question.answers > 0)
      .map((r) => r.question.answeredAt - r.question.sentAt)
      .sort((a, b) => a - b);
    const byKind: LoadResult["byKind"] = {
      ask: { sent: 0, answered: 0, p50Ms: 0, p99Ms: 0 },
      fact: { sent: 0, answered: 0, p50Ms: 0, p99Ms: 0 },
      mention: { sent: 0, answered: 0, p50Ms: 0, p99Ms: 0 },
    };
    for (const kind of Object.keys(byKind) as QuestionKind[]) {
      const own = results
        .filter((r) => r.question.kind === kind && r.question.answers > 0)
        .map((r) => r.question.answeredAt - r.question.sentAt)
        .sort((a, b) => a - b);
      byKind[kind].p50Ms = percentile(own, 0.5);
      byKind[kind].p99Ms = percentile(own, 0.99);
    }
    const examples: string[] = [];
    let duplicates = 0;
    for (const { key, question } of results) {
      byKind[question.kind].sent += 1;
      if (question.answers > 0) byKind[question.kind].answered += 1;
      else if (examples.length < 10) examples.push(`lost: ${question.kind} ${key}`);
      if (question.answers > 1) {
        duplicates += 1;
        if (examples.length < 20)
          examples.push(`answered ${question.answers} times: ${question.kind} ${key}`);
      }
    }
    const answered = latencies.length;

    pending.clear();
    finished.clear();
    results.length = 0;
    emu.clearHistory();
    await delay(100);
    const after = memory();
    return {
      sent: total,
      answered,
      lost: total - answered,
      duplicates,
      byKind,
      seconds,
      perSecond: total / seconds,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      maxMs: latencies.at(-1) ?? 0,
      before,
      after,
      heapGrowth: (after.heapUsed - before.heapUsed) / before.heapUsed,
      rssGrowth: (after.rss - before.rss) / before.rss,
      gcAvailable: typeof (globalThis as { gc?: unknown }).gc === "function",
      examples,
    };
  } finally {
    await bot?.stop();
    await emu.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
