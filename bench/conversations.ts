import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { createDefaultEngine } from "../src/app/runtime.js";
import { turnOf, withTurn } from "../src/engine/turn.js";
import type { Engine, Turn } from "../src/engine/types.js";
import { answerText } from "../src/format/answer.js";
import { ExpectationSchema, type Question } from "./questions.js";
import { pct, type Scored, score } from "./score.js";

/**
 * Multi-turn conversations written from the edition alone (issue 10), one JSON object per line: each turn is
 * asked with the turns before it, as `ask --json --threads` and the bot do, and scored like a question.
 * `npm run bench:conversations [file…]` prints each set's figures and, with `--fails`, every turn missed.
 */

export const ConversationSchema = z
  .object({
    id: z.string(),
    persona: z.string(),
    turns: z
      .array(z.object({ q: z.string(), followUp: z.boolean(), expect: ExpectationSchema }).strict())
      .min(1),
  })
  .strict();
export type Conversation = z.infer<typeof ConversationSchema>;

export const CONVERSATIONS_DIR = fileURLToPath(
  new URL(
    import.meta.url.includes("/dist/") ? "../../bench/conversations/" : "./conversations/",
    import.meta.url,
  ),
);

export function loadConversations(file: string): Conversation[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = ConversationSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

export interface ConversationTally {
  /** First turns; follow-ups (turns that lean on an earlier one); later turns that make sense alone. */
  first: { n: number; right: number };
  followUps: { n: number; right: number; wrong: number };
  alone: { n: number; right: number };
  misses: { id: string; turn: number; scored: Scored }[];
}

/** Every turn of every conversation asked in order, each with the turns before it (or none, `alone`). */
export function scoreConversations(
  engine: Engine,
  conversations: readonly Conversation[],
  options: { alone?: boolean } = {},
): ConversationTally {
  const tally: ConversationTally = {
    first: { n: 0, right: 0 },
    followUps: { n: 0, right: 0, wrong: 0 },
    alone: { n: 0, right: 0 },
    misses: [],
  };
  for (const conversation of conversations) {
    let previous: Turn[] = [];
    conversation.turns.forEach((turn, i) => {
      const answer = engine.ask(turn.q, options.alone ? undefined : { previous });
      previous = withTurn(previous, turnOf(turn.q, answer));
      const question: Question = { q: turn.q, kind: "in", expect: turn.expect };
      const scored = score(question, { ...answer, text: answerText(answer, engine.base) });
      const right = scored.verdict === "right";
      const bucket = i === 0 ? tally.first : turn.followUp ? tally.followUps : tally.alone;
      bucket.n++;
      if (right) bucket.right++;
      if (bucket === tally.followUps && scored.verdict === "wrong") tally.followUps.wrong++;
      if (!right) tally.misses.push({ id: conversation.id, turn: i, scored });
    });
  }
  return tally;
}

const rate = (t: { n: number; right: number }) => `${pct(t.n ? t.right / t.n : 1)} (${t.right}/${t.n})`;

function main(): void {
  const args = process.argv.slice(2);
  const named = args.filter((a) => !a.startsWith("--"));
  const files =
    named.length > 0
      ? named
      : readdirSync(CONVERSATIONS_DIR)
          .filter((f) => f.endsWith(".jsonl"))
          .sort()
          .map((f) => `${CONVERSATIONS_DIR}${f}`);
  const engine = createDefaultEngine();
  for (const file of files) {
    const conversations = loadConversations(file);
    const withContext = scoreConversations(engine, conversations);
    const alone = scoreConversations(engine, conversations, { alone: true });
    console.log(
      `${file.split("/").pop()}: ${conversations.length} conversations; follow-ups ${rate(withContext.followUps)}, ` +
        `${withContext.followUps.wrong} wrong (each turn alone: ${rate(alone.followUps)}); first turns ${rate(withContext.first)}; ` +
        `later turns that stand alone ${rate(withContext.alone)}`,
    );
    if (args.includes("--fails")) {
      for (const { id, turn, scored } of withContext.misses) {
        console.log(`  ${scored.verdict.toUpperCase()} [${id}#${turn}] ${scored.question.q} — ${scored.why}`);
      }
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
