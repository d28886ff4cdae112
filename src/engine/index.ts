import type { FactBase } from "../facts/base.js";
import type { Engine } from "./types.js";

export type * from "./types.js";

/** TEMPORARY stub: the real engine is being written. Answers by exact id only. */
export function createEngine(base: FactBase): Engine {
  return {
    base,
    fact: (id) => base.byId.get(id),
    complete: (partial, limit = 25) =>
      base.facts.filter((f) => f.title.toLowerCase().includes(partial.toLowerCase())).slice(0, limit),
    ask: (question) => {
      const fact = base.facts.find((f) => question.toLowerCase().includes(f.id)) ?? null;
      return fact
        ? { outcome: "answer", answered: true, fact, confidence: 1, text: fact.answer, suggestions: [] }
        : { outcome: "decline", answered: false, fact: null, confidence: 0, text: "The tracker doesn't say.", suggestions: [] };
    },
  };
}
