import Fuse from "fuse.js";
import type { FactBase, KnownFact } from "../facts/base.js";
import type { Ablation } from "./ablation.js";
import { createConversation, type Resolution } from "./conversation.js";
import { type Decision, decide } from "./decide.js";
import { buildFactIndex } from "./fact-index.js";
import { withoutInstructions } from "./lexicon.js";
import { type Language, NO_LANGUAGE, type Reading, readQuestion } from "./read.js";
import type { AskContext, Engine, EngineAnswer, Explanation } from "./types.js";

export { ABLATION_NAMES, ABLATIONS, type Ablation } from "./ablation.js";
export { THRESHOLDS } from "./decide.js";
export type { Language } from "./read.js";
export { MAX_TURNS, turnOf, withTurn } from "./turn.js";
export type * from "./types.js";

export interface EngineOptions {
  /**
   * General English the engine reads questions with: a word list, how common words are, a part-of-speech
   * tagger. Supplied by the caller so the engine itself does no I/O; without it, only the edition's own
   * words are known.
   */
  language?: Partial<Language>;
  /** Word lists, rules and gates to turn off, to measure what each adds (`npm run bench -- --ablate`). */
  ablate?: ReadonlySet<Ablation>;
}

/** Longer input is cut: no real question is longer, and the cost must stay flat for hostile input. */
const MAX_QUESTION_CHARS = 600;

/** Everyday English words are those at least this common (log10 count in SUBTLEX): "us", "it", "sea" is not. */
const EVERYDAY = 3.9;

export function createEngine(base: FactBase, options: EngineOptions = {}): Engine {
  const language: Language = { ...NO_LANGUAGE, ...options.language };
  const index = buildFactIndex(base, (word) => language.commonness(word) >= EVERYDAY, options.ablate);
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

  /** One reading of a text, and a second one with English-looking misspellings corrected. */
  function read(text: string): { reading: Reading; decision: Decision } {
    const reading = readQuestion(text, index, language);
    const first = decide(reading, index);
    // The second reading is kept only if it then answers, and only if the question also has a word the
    // facts know as typed ("cook rice" is not "took rise").
    if (
      first.answer.answered ||
      !reading.vetoed ||
      !reading.terms.some((t) => !t.unknown && t.role !== "number")
    ) {
      return { reading, decision: first };
    }
    const second = readQuestion(text, index, language, true);
    const decided = decide(second, index);
    // Kept only if a corrected word is part of what answered ("clod sword" → Cloud Sword).
    const top = decided.ranked[0];
    const correctedTerms = second.terms.filter((t) =>
      second.corrections.some((c) => t.surface.includes(c.to)),
    );
    const helped = top !== undefined && correctedTerms.some((t) => top.entry.weights.has(t.term));
    return decided.answer.answered && helped
      ? { reading: second, decision: decided }
      : { reading, decision: first };
  }

  const conversation = createConversation({
    base,
    index,
    read,
    readOnly: (text) => readQuestion(text, index, language),
    decide: (reading, exclude) => decide(reading, index, { exclude }),
  });

  function asked(raw: string, context?: AskContext): Resolution {
    const { text, instructed } = withoutInstructions(String(raw ?? "").slice(0, MAX_QUESTION_CHARS));
    // Instructions to the bot and nothing else asked: no question about the tracker.
    if (instructed && !/\p{L}{3,}/u.test(text)) {
      return {
        reading: readQuestion("", index, language),
        decision: {
          answer: { outcome: "decline", answered: false, fact: null, confidence: 0, suggestions: [] },
          rule: "instructions to the bot",
          ranked: [],
          conflicts: [],
        },
      };
    }
    return conversation.resolve(text, context?.previous ?? []);
  }

  function ask(raw: string, context?: AskContext): EngineAnswer {
    return asked(raw, context).decision.answer;
  }

  function explain(raw: string, context?: AskContext): Explanation {
    const { reading, decision, followUp } = asked(raw, context);
    return {
      answer: decision.answer,
      rule: decision.rule,
      ...(followUp && { followUp }),
      reading: {
        words: reading.words,
        form: reading.form,
        wants: reading.wants,
        operation: reading.operation,
        corrections: reading.corrections,
        claim: reading.claim,
        terms: reading.terms.map((t) => ({
          term: t.term,
          surface: t.surface,
          role: t.role,
          weight: Math.round((index.idf.get(t.term) ?? index.unknownIdf) * t.factor * 100) / 100,
          core: t.core,
          ...(t.unknown && { unknown: true }),
          ...(t.foreign && { foreign: true }),
          ...(t.attribute && { attribute: true }),
          ...(t.fromContext && { fromContext: true }),
        })),
      },
      candidates: decision.ranked.slice(0, 5).map((s) => ({
        factId: s.entry.fact.id,
        title: s.entry.fact.title,
        score: Math.round(s.score * 1000) / 1000,
        coverage: Math.round(s.coverage * 1000) / 1000,
        conflicts: s.conflicts.map((c) => `${c.kind}: ${c.surface}`),
      })),
    };
  }

  function complete(partial: string, limit = 25): KnownFact[] {
    const query = partial.trim().slice(0, 100);
    if (!query) return base.facts.slice(0, limit);
    const exact = base.byId.get(query);
    const hits = fuse.search(query, { limit }).map((r) => r.item);
    return exact ? [exact, ...hits.filter((f) => f !== exact)].slice(0, limit) : hits;
  }

  return { base, ask, explain, complete, fact: (id) => base.byId.get(id) };
}
