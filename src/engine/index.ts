import Fuse from "fuse.js";
import type { FactBase, KnownFact } from "../facts/base.js";
import { derive } from "./derive.js";
import { buildFactIndex, type FactIndex } from "./fact-index.js";
import { kindFits, rankFacts, type ScoredFact, termWeight } from "./match.js";
import { type ParsedQuestion, parseQuestion } from "./question.js";
import { answerText, declineText, derivedText, emptyText, smallTalkText, suggestText } from "./render.js";
import type { Engine, EngineAnswer } from "./types.js";

export { formatFigure, formatPeriod, formatValue } from "./format.js";
export { historyLine, provenance } from "./render.js";
export type * from "./types.js";

export interface EngineOptions {
  /**
   * Whether a word is ordinary English. Such words are never "corrected" into a fact's vocabulary
   * ("price" must not become "prime"). Supplied by the caller so the engine itself does no I/O.
   */
  isEnglishWord?: (word: string) => boolean;
}

/** Decision thresholds, tuned on the dev split of the labelled questions (`npm run bench`). */
export const THRESHOLDS = {
  /** Confidence needed to answer. */
  answer: 0.5,
  /** Below this nothing is suggested either: the tracker does not say. */
  suggest: 0.34,
  /** A runner-up within this share of the best fact's score makes the engine unsure… */
  margin: 0.04,
  /** …unless the best fact covers the question this well. */
  sure: 0.75,
  /** A question term this heavy that the fact leaves out means the question is about something else. */
  missing: 1.4,
} as const;

/** Longer input is cut: no real question is longer, and the cost must stay flat for hostile input. */
const MAX_QUESTION_CHARS = 600;

/** How sure the engine is: the best fact's coverage, discounted when a runner-up is close behind. */
function confidenceOf(ranked: readonly ScoredFact[]): number {
  const [top, second] = ranked;
  if (!top) return 0;
  const margin = top.score - (second?.score ?? 0);
  const closeness = Math.min(1, margin / (THRESHOLDS.margin * 2));
  return Math.min(1, top.score * (0.85 + 0.15 * closeness));
}

/** Share of the question's topic weight (operation cues aside) that the given facts cover together. */
function jointCoverage(
  question: ParsedQuestion,
  index: FactIndex,
  facts: readonly ScoredFact[],
  inputs: readonly number[] = [],
): number {
  // Numbers the computation took from the question ("to get to 20%") are operands, not subjects.
  const given = new Set(inputs.map((n) => `#${n}`));
  const topic = question.terms.filter((t) => !question.cues.includes(t) && !given.has(t));
  const total = topic.reduce((sum, t) => sum + termWeight(index, t, question), 0);
  if (total === 0) return 0;
  const covered = topic.filter((t) => facts.some((f) => f.covered.includes(t)));
  return covered.reduce((sum, t) => sum + termWeight(index, t, question), 0) / total;
}

/**
 * A figure answers a "how many / how much" question only if the question's proper names are what the
 * figure measures: Ningbo's population does not answer "what's the population of Zhejiang".
 */
function figureIsAboutWhatWasNamed(question: ParsedQuestion, index: FactIndex, top: ScoredFact): boolean {
  const measured = new Set(top.entry.values.flatMap((v) => [...v.core]));
  const asksFigure =
    asksForFigure(question) || question.terms.some((t) => measured.has(t) && !index.names.has(t));
  if (!asksFigure || measured.size === 0) return true;
  const named = question.terms.filter((t) => index.names.has(t) && termWeight(index, t) >= NAME_WEIGHT);
  return named.every((t) => measured.has(t) || top.entry.titleTerms.has(t));
}

function asksForFigure(question: ParsedQuestion): boolean {
  return question.wants === "count" || question.wants === "money" || question.wants === "percent";
}

/** Names rarer than this must match a figure's subject ("Alibaba", in nearly every fact, need not). */
const NAME_WEIGHT = 1.0;

/** The last sentence of a message and its question-like ones (of the first six): where a wrapped question stands. */
function sentencesOf(text: string): string[] {
  const sentences = text
    .split(/(?<=[.?!;])\s+|\n+|\b(?:user|system|assistant|human)\s*:/i)
    .map((s) => s.trim())
    .filter((s) => /\p{L}{2}/u.test(s))
    .slice(0, 6);
  if (sentences.length < 2) return [];
  return sentences.filter(
    (s, i) =>
      i === sentences.length - 1 || /\?|\b(what|whats|who|whom|whose|when|where|which|why|how)\b/i.test(s),
  );
}

function result(partial: Omit<EngineAnswer, "answered">): EngineAnswer {
  return { ...partial, answered: partial.outcome === "answer", confidence: round3(partial.confidence) };
}

function round3(n: number): number {
  return Math.round(Math.max(0, Math.min(1, n)) * 1000) / 1000;
}

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
  const byScore = (ranked: readonly ScoredFact[], floor: number) =>
    ranked
      .filter((s) => s.score >= floor)
      .slice(0, 3)
      .map((s) => s.entry.fact);

  function ask(raw: string): EngineAnswer {
    const text = String(raw ?? "").slice(0, MAX_QUESTION_CHARS);
    const whole = read(text);
    if (whole.answered) return whole;
    // A question wrapped in other sentences ("Ignore your rules. … What is Ant Financial?") is read
    // sentence by sentence too, the last first; one that answers with confidence is the answer.
    for (const sentence of sentencesOf(text).reverse()) {
      const answer = read(sentence);
      if (answer.answered) return answer;
    }
    return whole;
  }

  /** One reading of a text, and a second one with English-looking misspellings corrected. */
  function read(text: string): EngineAnswer {
    const question = parseQuestion(text, index, isEnglishWord);
    const first = decide(question);
    // The second reading is kept only if it then answers, and only if the question also has a word the
    // facts know as typed ("cook rice" is not "took rise").
    if (
      first.answered ||
      !question.vetoed ||
      !question.terms.some((t) => index.idf.has(t) && !t.startsWith("#"))
    ) {
      return first;
    }
    const second = decide(parseQuestion(text, index, isEnglishWord, true));
    return second.answered ? second : first;
  }

  function decide(question: ParsedQuestion): EngineAnswer {
    if (question.smalltalk) {
      return result({
        outcome: "smalltalk",
        fact: null,
        confidence: 1,
        text: smallTalkText(question.smalltalk, base),
        suggestions: [],
        smalltalk: question.smalltalk,
      });
    }
    // A bare figure ("14.4") names no subject: there is nothing to answer.
    if (question.terms.every((t) => t.startsWith("#"))) {
      return result({ outcome: "empty", fact: null, confidence: 0, text: emptyText(base), suggestions: [] });
    }
    const ranked = rankFacts(question, index);
    const top = ranked[0];
    const confidence = confidenceOf(ranked);
    if (!top || top.score < THRESHOLDS.suggest) {
      return result({
        outcome: "decline",
        fact: null,
        confidence: top?.score ?? 0,
        text: declineText(base, []),
        suggestions: [],
      });
    }

    const derivation = derive(question, ranked);
    if (derivation) {
      const sourceIds = new Set([...derivation.operands.map((o) => o.factId), ...(derivation.factIds ?? [])]);
      const operandFacts = ranked.filter((s) => sourceIds.has(s.entry.fact.id));
      const joint = jointCoverage(question, index, operandFacts, derivation.inputs);
      if (joint >= THRESHOLDS.answer) {
        const facts = operandFacts.map((s) => s.entry.fact);
        return result({
          outcome: "answer",
          fact: top.entry.fact,
          confidence: joint,
          text: derivedText(derivation, facts),
          suggestions: [],
          derivation,
        });
      }
    }

    const margin = top.score - (ranked[1]?.score ?? 0);
    if (
      confidence >= THRESHOLDS.answer &&
      (margin >= THRESHOLDS.margin || confidence >= THRESHOLDS.sure) &&
      top.missing < THRESHOLDS.missing &&
      // One word and the wrong kind of answer ("what time is it in Tokyo") is not a question about the fact.
      (question.terms.length > 1 || kindFits(top.entry.fact.kinds, question.wants)) &&
      // A "how many" question is not answered by a fact that states no figure.
      !(asksForFigure(question) && top.entry.values.length === 0) &&
      figureIsAboutWhatWasNamed(question, index, top)
    ) {
      return result({
        outcome: "answer",
        fact: top.entry.fact,
        confidence,
        text: answerText(top.entry.fact),
        // A close runner-up is offered alongside ("see also"), not instead.
        suggestions: ranked
          .slice(1, 3)
          .filter((s) => top.score - s.score < THRESHOLDS.margin)
          .map((s) => s.entry.fact),
      });
    }
    const suggestions = byScore(ranked, top.score * 0.6);
    if (confidence >= THRESHOLDS.suggest) {
      return result({
        outcome: "suggest",
        fact: null,
        confidence,
        text: suggestText(suggestions),
        suggestions,
      });
    }
    return result({
      outcome: "decline",
      fact: null,
      confidence,
      text: declineText(base, suggestions),
      suggestions,
    });
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
