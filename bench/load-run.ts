import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { REST, Routes } from "discord.js";
import type { APIUser } from "discord-api-types/v10";
import type { Config } from "../src/app/config.js";
import { silentLogger } from "../src/app/log.js";
import { createDefaultEngine } from "../src/app/runtime.js";
import { ConversationMemory, MAX_CONVERSATIONS } from "../src/conversation/memory.js";
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
 * process, holding thousands of conversations from concurrent senders: each one member in one channel,
 * a first question (/ask, /fact or an @mention) then follow-ups (a reply to the bot's answer, or /ask
 * again), each sent once the previous one is answered. Every question must be answered exactly once, every
 * follow-up read with its conversation's earlier turns; memory is compared before and after (after a
 * forced GC, with the emulator's own records of the run dropped first), with the bot's conversation memory
 * already full, so the run's new conversations show whether it stays bounded.
 */

/** A first question: /ask, /fact or a mention; a follow-up: a reply to the bot's last answer, or /ask. */
export type QuestionKind = "ask" | "fact" | "mention" | "reply";

export interface LoadOptions {
  /** Conversations to hold, each a different member and channel (default 10,000). */
  conversations?: number;
  /** Questions per conversation: the first, then follow-ups (default 2). */
  turns?: number;
  /** Senders at once, each holding one conversation at a time (default 8). */
  concurrency?: number;
  channels?: number;
  /** Questions answered before the first memory figure, not counted (default 200). */
  warmup?: number;
  /**
   * Conversations held before the "before" memory figure, by other members, not counted: the bot's
   * conversation memory is full when the run starts, as in a busy bot (default MAX_CONVERSATIONS).
   */
  fill?: number;
  /** Share of each kind of first question (default 45% /ask, 25% /fact, 30% mentions). */
  mix?: Record<Exclude<QuestionKind, "reply">, number>;
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
  conversations: number;
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
  /** Follow-ups sent, and how many of them the engine was given earlier turns for. */
  followUps: number;
  followUpsWithContext: number;
  /** After the warm-up, the bot's conversation memory holding only the warm-up's. */
  start: MemoryFigures;
  before: MemoryFigures;
  after: MemoryFigures;
  /** Conversations the bot's memory held at `start`, `before` and `after`. */
  heldStart: number;
  heldBefore: number;
  heldAfter: number;
  /** (after - before) / before, of the heap. */
  heapGrowth: number;
  rssGrowth: number;
  gcAvailable: boolean;
  /** Lost and duplicated questions, at most 10 of each, for the report. */
  examples: string[];
}

const DEFAULT_MIX: LoadOptions["mix"] & object = { ask: 0.45, fact: 0.25, mention: 0.3 };

/** What members follow an answer with. */
const FOLLOW_UPS = [
  "and before that?",
  "when?",
  "and tencent?",
  "who said that?",
  "source?",
  "tell me more",
  "what about japan?",
  "2",
];

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
  /** The bot's first visible answer, which a follow-up may reply to. */
  answer?: MessageRecord;
  done: () => void;
}

export async function runLoad(options: LoadOptions = {}): Promise<LoadResult> {
  const total = options.conversations ?? 10_000;
  const turns = Math.max(1, options.turns ?? 2);
  const concurrency = options.concurrency ?? 8;
  const channelCount = options.channels ?? 4;
  const warmup = options.warmup ?? 200;
  const fill = options.fill ?? MAX_CONVERSATIONS;
  const mix = options.mix ?? DEFAULT_MIX;
  const answerTimeoutMs = options.answerTimeoutMs ?? 10_000;
  const progress = options.progress ?? (() => {});

  const channels = Array.from({ length: channelCount }, (_, i) => ({
    id: String(320_000_000_000_000_000n + BigInt(i)),
    name: `ask-${i}`,
  }));
  const emu = await startEmulator({ log: false, guilds: [{ name: "Load Guild", channels }] });
  const real: Engine = createDefaultEngine();
  // Counts the questions the engine was given earlier turns for (every follow-up must be).
  let withContext = 0;
  const engine: Engine = {
    ...real,
    ask(question, context) {
      if (context && context.previous.length > 0) withContext += 1;
      return real.ask(question, context);
    },
  };
  const conversations = new ConversationMemory();
  const scratch = mkdtempSync(join(tmpdir(), "tracker-bot-load-"));
  let bot: BotHandle | undefined;
  try {
    const commands = await loadCommands(engine.base);
    await new REST({ api: emu.apiUrl })
      .setToken(emu.token)
      .put(Routes.applicationCommands(emu.applicationId), { body: commandsPayload(commands.values()) });
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
      conversations,
      // The per-user free-text cooldown (3 answers per 30 s) is off for the run: every mention must be answered.
      freeText: { userLimit: Number.MAX_SAFE_INTEGER },
    });
    const botId = bot.client.user.id;
    // Each member talks in every channel: one conversation per member and channel. The members who fill
    // the memory beforehand are others, so every conversation of the run is a new one. Created after login,
    // so the server's GUILD_CREATE stays small.
    const membersFor = (conversationCount: number, prefix: string): APIUser[] =>
      Array.from({ length: Math.ceil(conversationCount / channelCount) }, (_, i) =>
        emu.createUser({ username: `${prefix}${i}` }),
      );
    const fillers = membersFor(Math.max(fill, warmup), "filler");
    const members = membersFor(total, "asker");

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
        question.answer = record;
        pending.delete(key);
        finished.set(key, question);
        question.done();
      }
    });

    const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
    const firstKindOf = (i: number): QuestionKind => {
      const r = ((i * 7919) % 1000) / 1000;
      return r < mix.ask ? "ask" : r < mix.ask + mix.fact ? "fact" : "mention";
    };
    // Follow-ups: a quarter replies to the bot's answer (free text), the rest /ask again in the channel.
    const followUpKindOf = (i: number): QuestionKind => (((i * 7919) % 1000) / 1000 < 0.25 ? "reply" : "ask");

    /** Sends one question and resolves when it is answered (or timed out: lost). */
    const send = async (
      kind: QuestionKind,
      text: string,
      user: APIUser,
      channelId: string,
      replyTo: MessageRecord | undefined,
    ): Promise<{ key: string; question: Pending }> => {
      let resolve = () => {};
      const answered = new Promise<void>((r) => {
        resolve = r;
      });
      const question: Pending = { kind, sentAt: performance.now(), answers: 0, answeredAt: 0, done: resolve };
      let key: string;
      if (kind === "mention" || (kind === "reply" && replyTo)) {
        // The key must be known before the reply can arrive: register under the id as soon as it exists.
        const record = await emu.sendMessage({
          channelId,
          author: user,
          ...(kind === "reply" && replyTo
            ? { content: text, referencedMessage: replyTo }
            : { content: `<@${botId}> ${text}` }),
        });
        key = record.message.id;
      } else {
        const handle = await emu.sendCommand(
          kind === "fact"
            ? { name: "fact", channelId, user, options: { topic: text } }
            : { name: "ask", channelId, user, options: { question: text } },
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
      return { key, question };
    };

    /** Conversation `c` of `people`: its turns one after another, each once the previous is answered. */
    const converse = async (c: number, people: APIUser[], turnCount: number, askOnly: boolean) => {
      const user = pick(people, Math.floor(c / channelCount));
      const channel = pick(channels, c);
      const first = askOnly ? "ask" : firstKindOf(c);
      const results = [
        await send(
          first,
          first === "fact" ? pick(topics, c * 5) : pick(texts, c * 13),
          user,
          channel.id,
          undefined,
        ),
      ];
      for (let t = 1; t < turnCount; t++) {
        const previous = results.at(-1)?.question.answer;
        const kind = followUpKindOf(c * turnCount + t);
        // A reply needs the answer it replies to; a lost one is followed up with /ask instead.
        results.push(
          await send(previous ? kind : "ask", pick(FOLLOW_UPS, c + t), user, channel.id, previous),
        );
      }
      return results;
    };

    /** Runs `count` conversations; uncounted ones (warm-up, filling the memory) are /ask only, to be quick. */
    const drive = async (count: number, people: APIUser[], turnCount: number, counted: boolean) => {
      let next = 0;
      const results: { key: string; question: Pending }[] = [];
      const sender = async () => {
        while (next < count) {
          const c = next++;
          results.push(...(await converse(c, people, turnCount, !counted)));
          if (counted && (c + 1) % 1000 === 0) progress(`  ${c + 1}/${count} conversations`);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, sender));
      if (!counted) {
        for (const { key } of results) {
          pending.delete(key);
          finished.delete(key);
        }
      }
      return results;
    };

    progress(`warm-up: ${warmup} questions`);
    await drive(warmup, fillers, 1, false);
    await delay(200);
    emu.clearHistory();
    const heldStart = conversations.size;
    const start = memory();
    progress(`filling the conversation memory: ${fill} conversations by other members`);
    await drive(fill, fillers, 1, false);
    await delay(200);
    emu.clearHistory();
    const heldBefore = conversations.size;
    const before = memory();
    withContext = 0;

    progress(
      `load: ${total} conversations of ${turns} questions, ${concurrency} senders, ${members.length} members, ${channelCount} channels`,
    );
    const started = performance.now();
    const results = await drive(total, members, turns, true);
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
      reply: { sent: 0, answered: 0, p50Ms: 0, p99Ms: 0 },
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
    const sent = results.length;
    const followUpsWithContext = withContext;

    pending.clear();
    finished.clear();
    results.length = 0;
    emu.clearHistory();
    await delay(100);
    const heldAfter = conversations.size;
    const after = memory();
    return {
      conversations: total,
      sent,
      answered,
      lost: sent - answered,
      duplicates,
      byKind,
      seconds,
      perSecond: sent / seconds,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      maxMs: latencies.at(-1) ?? 0,
      followUps: total * (turns - 1),
      followUpsWithContext,
      start,
      before,
      after,
      heldStart,
      heldBefore,
      heldAfter,
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
