import type { KnownFact } from "../facts/base.js";
import { derive } from "./derive.js";
import type { FactIndex } from "./fact-index.js";
import { kindFits, rankFacts, type ScoredFact, termWeight } from "./match.js";
import type { ParsedQuestion } from "./question.js";
import type { EngineAnswer } from "./types.js";

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
export function sentencesOf(text: string): string[] {
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

/** Up to three facts scoring at least `floor`, best first: the "did you mean" list. */
function likelyFacts(ranked: readonly ScoredFact[], floor: number): KnownFact[] {
  return ranked
    .filter((s) => s.score >= floor)
    .slice(0, 3)
    .map((s) => s.entry.fact);
}

/**
 * What to say to one reading of a question: small talk, an answer (a fact, or a figure computed from
 * facts), "did you mean", or a decline that names what the tracker covers.
 */
export function decide(question: ParsedQuestion, index: FactIndex): EngineAnswer {
  if (question.smalltalk) {
    return result({
      outcome: "smalltalk",
      fact: null,
      confidence: 1,
      suggestions: [],
      smalltalk: question.smalltalk,
    });
  }
  // A bare figure ("14.4") names no subject: there is nothing to answer.
  if (question.terms.every((t) => t.startsWith("#"))) {
    return result({ outcome: "empty", fact: null, confidence: 0, suggestions: [] });
  }
  const ranked = rankFacts(question, index);
  const top = ranked[0];
  const confidence = confidenceOf(ranked);
  if (!top || top.score < THRESHOLDS.suggest) {
    return result({ outcome: "decline", fact: null, confidence: top?.score ?? 0, suggestions: [] });
  }

  const derivation = derive(question, ranked);
  if (derivation) {
    const sourceIds = new Set(derivation.factIds);
    const operandFacts = ranked.filter((s) => sourceIds.has(s.entry.fact.id));
    const joint = jointCoverage(question, index, operandFacts, derivation.inputs);
    if (joint >= THRESHOLDS.answer) {
      return result({
        outcome: "answer",
        fact: top.entry.fact,
        confidence: joint,
        suggestions: [],
        derivation,
      });
    }
  }

  const margin = top.score - (ranked[1]?.score ?? 0);
  const sure =
    confidence >= THRESHOLDS.answer && (margin >= THRESHOLDS.margin || confidence >= THRESHOLDS.sure);
  // Reasons the best fact, however close, is about something else than what was asked.
  const offTopic =
    top.missing >= THRESHOLDS.missing ||
    // One word and the wrong kind of answer ("what time is it in Tokyo") is not a question about the fact.
    (question.terms.length <= 1 && !kindFits(top.entry.fact.kinds, question.wants)) ||
    // "Who is the trade representative" is not answered by what the trade representative's office did.
    (question.asksForPerson && !top.entry.fact.kinds.includes("person")) ||
    // A "how many" question is not answered by a fact that states no figure.
    (asksForFigure(question) && top.entry.values.length === 0) ||
    !figureIsAboutWhatWasNamed(question, index, top);
  if (sure && !offTopic) {
    return result({
      outcome: "answer",
      fact: top.entry.fact,
      confidence,
      // A close runner-up is offered alongside ("see also"), not instead.
      suggestions: ranked
        .slice(1, 3)
        .filter((s) => top.score - s.score < THRESHOLDS.margin)
        .map((s) => s.entry.fact),
    });
  }
  const suggestions = likelyFacts(ranked, top.score * 0.6);
  // Unsure between facts: "did you mean". About something the tracker does not cover: say so, with the
  // closest facts it has.
  if (confidence >= THRESHOLDS.suggest && !offTopic) {
    return result({ outcome: "suggest", fact: null, confidence, suggestions });
  }
  return result({ outcome: "decline", fact: null, confidence, suggestions });
}
