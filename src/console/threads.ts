import { z } from "zod";
import { turnOf, withTurn } from "../engine/turn.js";
import type { Engine, EngineAnswer, Explanation, Turn } from "../engine/types.js";
import { issueList } from "../framework/issues.js";
import { type AnswerJson, answerJson } from "./answer-json.js";

/**
 * `ask --json --threads`: conversations in a file. Each input line is one turn of a thread; the turns of a
 * thread are read in input order against that thread's earlier ones (threads may interleave). No clock and
 * no eviction, unlike the bot's memory: the same input always gives the same output.
 */

/** One input line. Other keys (labels, notes) are ignored. */
export const ThreadLine = z.object({
  thread: z.string().min(1, "expected a thread name").max(200),
  question: z.string(),
});
export type ThreadLine = z.output<typeof ThreadLine>;

/** One output line: the `--json` contract, with the thread first (`null` when a line names none). */
export type ThreadAnswerJson = { thread: string | null } & AnswerJson;

/** What a malformed line gets: not answered, and what is wrong with it; the run goes on. */
function malformed(line: string, thread: string | null, problem: string): ThreadAnswerJson {
  return {
    thread,
    question: line,
    answered: false,
    factId: null,
    confidence: 0,
    text: `Not a turn: ${problem}. Expected {"thread": "…", "question": "…"} on one line.`,
    suggestions: [],
  };
}

function parseLine(
  line: string,
): { ok: true; turn: ThreadLine } | { ok: false; problem: string; thread: string | null } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { ok: false, problem: line.trim() ? "not JSON" : "an empty line", thread: null };
  }
  const parsed = ThreadLine.safeParse(json);
  if (parsed.success) return { ok: true, turn: parsed.data };
  const thread = ThreadLine.shape.thread.safeParse((json as { thread?: unknown } | null)?.thread);
  return { ok: false, problem: issueList(parsed.error, "line"), thread: thread.success ? thread.data : null };
}

/**
 * Reads lines one by one, each turn against its thread's earlier turns: `read` gives the turn's answer (which
 * the thread keeps) and what to print for it; a malformed line gets `bad`.
 */
function threadReader<R>(
  read: (question: string, previous: readonly Turn[]) => { answer: EngineAnswer; out: R },
  bad: (line: string, thread: string | null, problem: string) => R,
): (line: string) => { thread: string | null; out: R } {
  const threads = new Map<string, readonly Turn[]>();
  return (line) => {
    const parsed = parseLine(line);
    if (!parsed.ok) return { thread: parsed.thread, out: bad(line, parsed.thread, parsed.problem) };
    const { thread, question } = parsed.turn;
    const previous = threads.get(thread) ?? [];
    const { answer, out } = read(question, previous);
    threads.set(thread, withTurn(previous, turnOf(question, answer)));
    return { thread, out };
  };
}

/** Answers lines one by one, each against its thread's earlier turns. */
export function threadAnswerer(
  engine: Engine,
  style: Parameters<typeof answerJson>[3],
): (line: string) => ThreadAnswerJson {
  const read = threadReader<AnswerJson>((question, previous) => {
    const answer = engine.ask(question, { previous });
    return { answer, out: answerJson(question, answer, engine.base, style) };
  }, malformed);
  return (line) => {
    const { thread, out } = read(line);
    return { thread, ...out };
  };
}

/** One turn explained, or what is wrong with its line. */
export type ThreadExplanation = { thread: string | null } & (
  | { question: string; explanation: Explanation }
  | { line: string; problem: string }
);

/**
 * `ask --explain --threads`: why each turn was answered as it was, read against its thread's earlier turns
 * (the explanation says how a follow-up was read).
 */
export function threadExplainer(engine: Engine): (line: string) => ThreadExplanation {
  const read = threadReader<
    { question: string; explanation: Explanation } | { line: string; problem: string }
  >(
    (question, previous) => {
      const explanation = engine.explain(question, { previous });
      return { answer: explanation.answer, out: { question, explanation } };
    },
    (line, _thread, problem) => ({ line, problem }),
  );
  return (line) => {
    const { thread, out } = read(line);
    return { thread, ...out };
  };
}
