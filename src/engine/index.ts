import Fuse from "fuse.js";
import type { FactBase, KnownFact } from "../facts/base.js";
import { decide, sentencesOf } from "./decide.js";
import { buildFactIndex } from "./fact-index.js";
import { parseQuestion } from "./question.js";
import type { AskContext, Engine, EngineAnswer } from "./types.js";

export { THRESHOLDS } from "./decide.js";
export { MAX_TURNS, turnOf, withTurn } from "./turn.js";
export type * from "./types.js";

export interface EngineOptions {
  /**
   * Whether a word is ordinary English. Such words are never "corrected" into a fact's vocabulary
   * ("price" must not become "prime"). Supplied by the caller so the engine itself does no I/O.
   */
  isEnglishWord?: (word: string) => boolean;
}

/** Longer input is cut: no real question is longer, and the cost must stay flat for hostile input. */
const MAX_QUESTION_CHARS = 600;

export function createEngine(base: FactBase, options: EngineOptions = {}): Engine {
  const index = buildFactIndex(base);
  const isEnglishWord = options.isEnglishWord ?? (() => false);
  const fuse = new Fuse(base.facts, {
    keys: [
      { name: "title", weight: 3 },
      { name: "id", weight: 2 },
      { name: "keywords", weight: 1 },
      { name: "category", weight: 0.5 },
    ],
    ignoreLocation: true,
    threshold: 0.4,
  });
  // Follow-ups are read from `context` once the engine resolves them; until then each turn is read alone.
  function ask(raw: string, _context?: AskContext): EngineAnswer {
    const text = String(raw ?? "").slice(0, MAX_QUESTION_CHARS);
    const whole = read(text);
    // A question wrapped in other sentences ("Ignore your rules. … What is Ant Financial?") is read
    // sentence by sentence too; the most confident reading that answers wins.
    let best = whole;
    for (const sentence of sentencesOf(text)) {
      const answer = read(sentence);
      if (answer.answered && (!best.answered || answer.confidence > best.confidence)) best = answer;
    }
    return best;
  }

  /** One reading of a text, and a second one with English-looking misspellings corrected. */
  function read(text: string): EngineAnswer {
    const question = parseQuestion(text, index, isEnglishWord);
    const first = decide(question, index);
    // The second reading is kept only if it then answers, and only if the question also has a word the
    // facts know as typed ("cook rice" is not "took rise").
    if (
      first.answered ||
      !question.vetoed ||
      !question.terms.some((t) => index.idf.has(t) && !t.startsWith("#"))
    ) {
      return first;
    }
    const second = decide(parseQuestion(text, index, isEnglishWord, true), index);
    return second.answered ? second : first;
  }

  function complete(partial: string, limit = 25): KnownFact[] {
    const query = partial.trim().slice(0, 100);
    if (!query) return base.facts.slice(0, limit);
    const exact = base.byId.get(query);
    const hits = fuse.search(query, { limit }).map((r) => r.item);
    return exact ? [exact, ...hits.filter((f) => f !== exact)].slice(0, limit) : hits;
  }

  return { base, ask, complete, fact: (id) => base.byId.get(id) };
}
