import type { AnswerKind } from "../facts/schema.js";
import type { FactIndex, IndexedFact } from "./fact-index.js";
import type { ParsedQuestion } from "./question.js";

export interface ScoredFact {
  entry: IndexedFact;
  /**
   * In [0, 1]: mostly the share of the question's topic weight (rarity-weighted) that this fact covers,
   * partly how close the question is to one way of asking for the fact; kind fit applied.
   */
  score: number;
  /** The coverage part alone. */
  coverage: number;
  /** Question terms this fact covers. */
  covered: string[];
  /**
   * The heaviest question term this fact leaves out (or names only in passing, in its quote or answer):
   * a question about Tencent's stake, or about 2014, is not answered by Alibaba's stake in 2017.
   */
  missing: number;
}

/** Fact kinds that can answer a question asking for `wanted`. */
const COMPATIBLE: Record<AnswerKind, readonly AnswerKind[]> = {
  count: ["count", "percent", "money"],
  percent: ["percent"],
  money: ["money", "count"],
  date: ["date"],
  person: ["person", "organization"],
  organization: ["organization"],
  place: ["place"],
  reason: ["reason"],
  description: ["description", "organization", "person", "reason"],
};

/**
 * Tuned on the labelled dev and test splits (`npm run bench`):
 * - kindMismatch: the factor for a fact that cannot give the kind of answer asked for ("how big" of a place);
 * - countMismatch: the factor for a fact whose figures count something else than "how many …" asks;
 * - formMismatch: the factor for a phrasing that asks another kind of question ("who…" for a "what…");
 * - framingWeight: what a framing word weighs at most (a word found in every fact weighs about 0.7).
 */
export const TUNING = {
  kindMismatch: 0.7,
  countMismatch: 0.85,
  shortQuestion: 4,
  longQuestion: 6,
  formMismatch: 0.75,
  framingWeight: 0.8,
  /**
   * How the score mixes its parts: the question's words the fact covers, how close the question is to one
   * way of asking for it, and how much of the fact's title the question names (what the fact is about).
   */
  mix: { coverage: 0.6, similarity: 0.25, title: 0.15 },
};

/** A "how many investigations" question is about a fact whose figure counts investigations. */
function countsWhatWasAsked(question: ParsedQuestion, entry: IndexedFact): boolean {
  if (question.counted.length === 0 || entry.values.length === 0) return true;
  return entry.values.some((v) => question.counted.some((t) => v.terms.has(t)));
}

export function kindFits(kinds: readonly AnswerKind[], wanted: AnswerKind | null): boolean {
  return wanted === null || kinds.some((k) => COMPATIBLE[wanted].includes(k));
}

/** The weight a question term carries: rare terms say more; a term the base never uses weighs the most. */
export function termWeight(index: FactIndex, term: string, question?: ParsedQuestion): number {
  const weight =
    index.idf.get(term) ??
    (question?.unknownEnglish.has(term) ? contextWeight(index, question) : index.unknownIdf);
  return index.framing.has(term) ? Math.min(weight, TUNING.framingWeight) : weight;
}

/**
 * What an ordinary English word the facts do not use weighs in this question: as much as any unknown
 * word in a short question, less as the question grows long (it is then more likely context than topic).
 */
function contextWeight(index: FactIndex, question: ParsedQuestion): number {
  const n = question.terms.length;
  return n <= TUNING.shortQuestion
    ? index.unknownIdf
    : Math.max(1, (index.unknownIdf * TUNING.shortQuestion) / n);
}

/** Whether a question is long enough that an unknown English word does not by itself mean "something else". */
function isLongQuestion(question: ParsedQuestion): boolean {
  return question.terms.length >= TUNING.longQuestion;
}

/** Rarity-weighted share of the title's terms that the question names. */
function titleCoverage(index: FactIndex, question: ParsedQuestion, title: ReadonlySet<string>): number {
  let named = 0;
  let all = 0;
  for (const t of title) {
    const w = termWeight(index, t);
    all += w;
    if (question.terms.includes(t)) named += w;
  }
  return all > 0 ? named / all : 0;
}

/** A phrasing that asks for another kind of answer ("who…" for a "what…" question) counts for less. */

/** Rarity-weighted Jaccard similarity between the question and the closest way of asking for a fact. */
function phrasingSimilarity(
  index: FactIndex,
  question: ParsedQuestion,
  phrasings: IndexedFact["phrasings"],
): number {
  const { terms } = question;
  let best = 0;
  const questionWeight = terms.reduce((sum, t) => sum + termWeight(index, t, question), 0);
  for (const phrasing of phrasings) {
    let shared = 0;
    let phrasingOnly = 0;
    for (const t of phrasing.terms) {
      if (terms.includes(t)) shared += termWeight(index, t, question);
      else phrasingOnly += termWeight(index, t);
    }
    const union = questionWeight + phrasingOnly;
    const form = phrasing.wants === question.wants ? 1 : TUNING.formMismatch;
    const similarity = union > 0 ? (shared / union) * form : 0;
    if (similarity > best) best = similarity;
  }
  return best;
}

/** Facts scored in full: coverage alone bounds the score, so the rest cannot overtake them. */
const SHORTLIST = 40;

/**
 * The facts that share a word with the question, scored and best first. Coverage is summed from the
 * postings of the question's terms, so the cost follows the facts that match, not the size of the base;
 * only a shortlist by coverage gets the finer phrasing and title comparison.
 */
export function rankFacts(question: ParsedQuestion, index: FactIndex): ScoredFact[] {
  const total = question.terms.reduce((sum, t) => sum + termWeight(index, t, question), 0);
  if (total === 0) return [];
  const hits = new Map<IndexedFact, number>();
  for (const term of question.terms) {
    const weight = termWeight(index, term, question);
    for (const entry of index.postings.get(term) ?? []) {
      hits.set(entry, (hits.get(entry) ?? 0) + weight * (entry.weights.get(term) ?? 0));
    }
  }
  const shortlist = [...hits].sort((a, b) => b[1] - a[1]).slice(0, SHORTLIST);
  const scored: ScoredFact[] = [];
  for (const [entry, hit] of shortlist) {
    let missing = 0;
    const covered: string[] = [];
    for (const term of question.terms) {
      const w = entry.weights.get(term) ?? 0;
      // In a long question an unknown English word is context, not a different subject.
      const context = isLongQuestion(question) && question.unknownEnglish.has(term);
      if (!context) missing = Math.max(missing, termWeight(index, term, question) * (1 - w));
      if (w > 0) covered.push(term);
    }
    const fit =
      (kindFits(entry.fact.kinds, question.wants) ? 1 : TUNING.kindMismatch) *
      (countsWhatWasAsked(question, entry) ? 1 : TUNING.countMismatch);
    const coverage = hit / total;
    const similarity = phrasingSimilarity(index, question, entry.phrasings);
    const title =
      titleCoverage(index, question, entry.titleTerms) *
      (entry.titleWants === question.wants ? 1 : TUNING.formMismatch);
    const { mix } = TUNING;
    const score = (mix.coverage * coverage + mix.similarity * similarity + mix.title * title) * fit;
    scored.push({ entry, score, coverage, covered, missing });
  }
  return scored.sort((a, b) => b.score - a.score);
}
