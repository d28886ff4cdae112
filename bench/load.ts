import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { MAX_CONVERSATIONS } from "../src/conversation/memory.js";
import { type LoadResult, runLoad } from "./load-run.js";

/**
 * `npm run bench:load`: 10,000 conversations (a first question by /ask, /fact or @mention, then a
 * follow-up: a reply to the answer or /ask again), each a different member and channel, from 8 concurrent
 * senders to the real bot against the Discord emulator, with the bot's conversation memory already full
 * of other members' conversations. Prints throughput, time to reply (p50/p99) and memory before and after;
 * PASS when every question was answered exactly once, every follow-up was read with its conversation's
 * earlier turns, and the heap after the run (after a forced GC) is within 20% of before. Exits 1 otherwise.
 *
 * Options: --conversations N (10000), --turns N (2), --concurrency N (8), --channels N (4),
 * --fill N (the memory's cap, 10000), --store sqlite|memory (sqlite, a temporary file, like production).
 */

const MAX_HEAP_GROWTH = 0.2;

// Memory figures need a forced GC: re-run under --expose-gc if started without it.
if (typeof (globalThis as { gc?: unknown }).gc !== "function" && process.env.LOAD_CHILD !== "1") {
  const child = spawnSync(
    process.execPath,
    ["--expose-gc", ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: "inherit", env: { ...process.env, LOAD_CHILD: "1" } },
  );
  process.exit(child.status ?? 1);
}

const { values } = parseArgs({
  options: {
    conversations: { type: "string", default: "10000" },
    turns: { type: "string", default: "2" },
    concurrency: { type: "string", default: "8" },
    channels: { type: "string", default: "4" },
    fill: { type: "string", default: String(MAX_CONVERSATIONS) },
    store: { type: "string", default: "sqlite" },
  },
});

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const pct = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}%`;

function report(r: LoadResult): boolean {
  const kinds = Object.entries(r.byKind)
    .map(([kind, k]) => `${kind} ${k.answered}/${k.sent}`)
    .join(", ");
  const exactlyOnce = r.lost === 0 && r.duplicates === 0;
  const followedUp = r.followUpsWithContext === r.followUps;
  const memoryOk = r.heapGrowth <= MAX_HEAP_GROWTH;
  console.log(
    [
      "",
      `conversations ${r.conversations} · questions ${r.sent} (${kinds})`,
      `follow-ups    ${r.followUpsWithContext}/${r.followUps} read with their conversation's earlier turns`,
      `answered      ${r.answered} · lost ${r.lost} · answered twice or more ${r.duplicates}`,
      `throughput    ${r.perSecond.toFixed(0)} questions/s (${r.seconds.toFixed(1)} s)`,
      `time to reply p50 ${r.p50Ms.toFixed(1)} ms · p99 ${r.p99Ms.toFixed(1)} ms · max ${r.maxMs.toFixed(1)} ms`,
      ...Object.entries(r.byKind).map(
        ([kind, k]) => `  ${kind.padEnd(11)} p50 ${k.p50Ms.toFixed(1)} ms · p99 ${k.p99Ms.toFixed(1)} ms`,
      ),
      "  (mentions are replies over REST, queued by discord.js at Discord's global limit of 50 requests/s;",
      "   interaction responses are not subject to it)",
      `conversation memory held ${r.heldStart} after the warm-up → ${r.heldBefore} before the run → ${r.heldAfter} after`,
      `heap          ${mb(r.start.heapUsed)} after the warm-up; before the run ${mb(r.before.heapUsed)} → after ${mb(r.after.heapUsed)} (${pct(r.heapGrowth)}, limit +${MAX_HEAP_GROWTH * 100}%)`,
      `rss           ${mb(r.before.rss)} → ${mb(r.after.rss)} (${pct(r.rssGrowth)}, reported only)`,
      ...(r.gcAvailable ? [] : ["(no --expose-gc: memory figures include garbage)"]),
      ...r.examples.map((e) => `  ${e}`),
      "",
      `${exactlyOnce ? "PASS" : "FAIL"}  every question answered exactly once`,
      `${followedUp ? "PASS" : "FAIL"}  every follow-up read with its conversation's earlier turns`,
      `${memoryOk ? "PASS" : "FAIL"}  heap after the run within ${MAX_HEAP_GROWTH * 100}% of before`,
    ].join("\n"),
  );
  return exactlyOnce && followedUp && memoryOk;
}

const store = values.store === "memory" ? "memory" : "sqlite";
console.log(
  `Load run: the bot in process against the Discord emulator; per-user free-text cooldown off for the run; ${store} settings store.`,
);
const result = await runLoad({
  conversations: Number(values.conversations),
  turns: Number(values.turns),
  concurrency: Number(values.concurrency),
  channels: Number(values.channels),
  fill: Number(values.fill),
  store,
  progress: (line) => console.log(line),
});
const ok = report(result);
console.log(ok ? "\nPASS" : "\nFAIL");
process.exit(ok ? 0 : 1);
