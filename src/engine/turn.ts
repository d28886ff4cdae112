import type { EngineAnswer, Turn } from "./types.js";

/** How many earlier turns a conversation keeps: a follow-up refers to the last few, never further back. */
export const MAX_TURNS = 4;

/** The turn an answer makes, to remember for the next question. */
export function turnOf(question: string, answer: EngineAnswer): Turn {
  const derived = answer.derivation?.factIds ?? [];
  const factIds = answer.fact ? [answer.fact.id, ...derived.filter((id) => id !== answer.fact?.id)] : derived;
  return {
    question,
    outcome: answer.outcome,
    factIds,
    offered: answer.suggestions.map((f) => f.id),
  };
}

/** The turns after adding `turn`, keeping the newest MAX_TURNS. */
export function withTurn(previous: readonly Turn[], turn: Turn): Turn[] {
  return [...previous, turn].slice(-MAX_TURNS);
}
