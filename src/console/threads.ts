import { z } from "zod";
import { turnOf, withTurn } from "../engine/turn.js";
import type { Engine, Turn } from "../engine/types.js";
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

/** Answers lines one by one, each against its thread's earlier turns. */
export function threadAnswerer(
  engine: Engine,
  style: Parameters<typeof answerJson>[3],
): (line: string) => ThreadAnswerJson {
  const threads = new Map<string, readonly Turn[]>();
  return (line) => {
    const parsed = parseLine(line);
    if (!parsed.ok) return malformed(line, parsed.thread, parsed.problem);
    const { thread, question } = parsed.turn;
    const previous = threads.get(thread) ?? [];
    const answer = engine.ask(question, { previous });
    threads.set(thread, withTurn(previous, turnOf(question, answer)));
    return { thread, ...answerJson(question, answer, engine.base, style) };
  };
}
