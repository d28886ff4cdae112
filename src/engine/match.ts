import type { AnswerKind } from "../facts/schema.js";
import type { FactIndex, IndexedFact } from "./fact-index.js";
import type { Reading, ReadTerm } from "./read.js";

/** Something the question names that the fact is not about: another company, another year, an attribute. */
export interface Conflict {
  kind: "entity" | "foreign" | "attribute" | "year" | "term";
  /** The question's term (`@tencent`, `revenu`, `#2014`) and how it was typed. */
  term: string;
  surface: string;
  /** How much the term weighs in the question. */
  weight: number;
  /** An attribute grammar marks as what is asked: the fact must have it, whatever else it covers. */
  asked?: boolean;
}

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
  /** Their weight: how much of what the question names this fact is about. */
  coveredWeight: number;
  /** What the question names that this fact is not about; a question with these is not answered by it. */
  conflicts: Conflict[];
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
 * Tuned on the labelled questions (`npm run bench`):
 * - kindMismatch: the factor for a fact that cannot give the kind of answer asked for ("how big" of a place);
 * - countMismatch: the factor for a fact whose figures count something else than "how many …" asks;
 * - formMismatch: the factor for a phrasing that asks another kind of question ("who…" for a "what…");
 * - entityConflict: the factor for a fact about another company or place than the one named;
 * - tenseMismatch: the factor for a date that is past when "when will…" asks, or to come when "when did…" does;
 * - mix: how the score mixes the question's covered words, the closeness to one way of asking for the
 *   fact, and how much of its title the question names.
 */
export const TUNING = {
  kindMismatch: 0.7,
  countMismatch: 0.85,
  entityConflict: 0.85,
  tenseMismatch: 0.7,
  formMismatch: 0.75,
  mix: { coverage: 0.6, similarity: 0.25, title: 0.15 },
};

export function kindFits(kinds: readonly AnswerKind[], wanted: AnswerKind | null): boolean {
  return wanted === null || kinds.some((k) => COMPATIBLE[wanted].includes(k));
}

/** "When will it be done?" is about a date after the edition's, "when did it start?" one before it. */
function tenseFits(reading: Reading, entry: IndexedFact): boolean {
  if (reading.wants !== "date" || reading.tense === null) return true;
  const [date, edition] = [entry.fact.asOf, entry.fact.edition.date];
  if (date.startsWith(edition)) return true;
  return reading.tense === "future" ? date > edition : date < edition;
}

/** A "how many investigations" question is about a fact whose figure counts investigations. */
function countsWhatWasAsked(reading: Reading, entry: IndexedFact): boolean {
  if (reading.counted.length === 0 || entry.values.length === 0) return true;
  return entry.values.some((v) => reading.counted.some((t) => v.terms.has(t)));
}

/** What a question term weighs: its rarity over the facts, times how much it says where it stands. */
export function weightOf(index: FactIndex, t: ReadTerm): number {
  return (index.idf.get(t.term) ?? index.unknownIdf) * t.factor;
}

/**
 * Whether a term counts towards coverage. Words the base never uses count only when they name something
 * (an unknown company, an attribute like revenue): the rest is how people talk, and a fact that leaves it
 * out is not the worse for it.
 */
export function counts(t: ReadTerm): boolean {
  return !t.unknown || t.foreign || t.attribute;
}

function titleCoverage(index: FactIndex, terms: readonly string[], title: ReadonlySet<string>): number {
  let named = 0;
  let all = 0;
  for (const t of title) {
    const w = index.idf.get(t) ?? 0;
    all += w;
    if (terms.includes(t)) named += w;
  }
  return all > 0 ? named / all : 0;
}

/** Rarity-weighted Jaccard similarity between the question and the closest way of asking for a fact. */
function phrasingSimilarity(
  index: FactIndex,
  reading: Reading,
  topic: readonly ReadTerm[],
  entry: IndexedFact,
): number {
  const asked = new Map(topic.map((t) => [t.term, weightOf(index, t)]));
  const questionWeight = [...asked.values()].reduce((a, b) => a + b, 0);
  let best = 0;
  for (const phrasing of entry.phrasings) {
    let shared = 0;
    let phrasingOnly = 0;
    for (const t of phrasing.terms) {
      const w = asked.get(t);
      if (w !== undefined) shared += w;
      else phrasingOnly += index.idf.get(t) ?? 0;
    }
    const union = questionWeight + phrasingOnly;
    const form = phrasing.wants === reading.wants ? 1 : TUNING.formMismatch;
    const similarity = union > 0 ? (shared / union) * form : 0;
    if (similarity > best) best = similarity;
  }
  return best;
}

/** A place within one the fact names: "the Tokyo data center" is the Japan data center. */
function inPlaceOf(index: FactIndex, id: string, entry: IndexedFact): boolean {
  if (index.vocabulary.entities.get(id)?.kind !== "place") return false;
  return (index.vocabulary.ancestors.get(id) ?? []).some((a) => a !== id && entry.ownEntities.has(a));
}

/**
 * A place the question asks about where the fact is about another, which the question does not name: "when
 * did Alibaba Cloud launch in Singapore" of the Japan launch, whose quote mentions Singapore only in passing.
 */
function anotherPlace(index: FactIndex, reading: Reading, id: string, entry: IndexedFact): boolean {
  const { entities, ancestors } = index.vocabulary;
  const isPlace = (e: string) => entities.get(e)?.kind === "place";
  if (!isPlace(id) || entry.ownEntities.has(id) || inPlaceOf(index, id, entry)) return false;
  const related = (a: string, b: string) =>
    (ancestors.get(a) ?? []).includes(b) || (ancestors.get(b) ?? []).includes(a);
  return [...entry.ownEntities].some(
    (own) => isPlace(own) && !reading.coreEntities.includes(own) && !related(own, id),
  );
}

/** What the question names, in the clause that asks, that this fact is not about. */
function conflictsOf(index: FactIndex, reading: Reading, entry: IndexedFact): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const t of reading.terms) {
    if (!t.core) continue;
    const base = { term: t.term, surface: t.surface, weight: weightOf(index, t) };
    if (t.role === "entity" && anotherPlace(index, reading, t.term.slice(1), entry)) {
      conflicts.push({ kind: "entity", ...base });
    } else if (
      t.role === "entity" &&
      !entry.entities.has(t.term.slice(1)) &&
      !entry.weights.has(t.term) &&
      !inPlaceOf(index, t.term.slice(1), entry)
    ) {
      conflicts.push({ kind: "entity", ...base });
    } else if (t.foreign) {
      conflicts.push({ kind: "foreign", ...base });
    } else if (t.attribute && !entry.weights.has(t.term)) {
      conflicts.push({ kind: "attribute", ...base, ...(t.asked && { asked: true }) });
    } else if (t.role === "number") {
      const n = Number(t.term.slice(1));
      const isYear = Number.isInteger(n) && n >= 1990 && n <= 2100;
      // "After 2020" of a plan for 2016–2020 asks of a time the fact does not reach, as another year does.
      const years = [...entry.years];
      const beyond =
        isYear &&
        years.length > 0 &&
        ((new RegExp(`\\b(after|beyond|post) ${n}\\b`).test(reading.sentence) && Math.max(...years) <= n) ||
          (new RegExp(`\\b(before|prior to|pre) ${n}\\b`).test(reading.sentence) && Math.min(...years) >= n));
      if (isYear && (!entry.years.has(n) || beyond)) conflicts.push({ kind: "year", ...base });
    } else if (t.role === "term" && !entry.weights.has(t.term)) {
      // The question asks about something the tracker has a word for, and this fact is not about it.
      conflicts.push({ kind: "term", ...base });
    }
  }
  return conflicts;
}

/** Facts scored in full: coverage alone bounds the score, so the rest cannot overtake them. */
const SHORTLIST = 40;

/**
 * The facts that share a term with the question, scored and best first. Coverage is summed from the
 * postings of the question's terms, so the cost follows the facts that match, not the size of the base;
 * only a shortlist by coverage gets the finer phrasing and title comparison.
 */
export function rankFacts(
  reading: Reading,
  index: FactIndex,
  options: { terms?: readonly ReadTerm[] } = {},
): ScoredFact[] {
  const topic = (options.terms ?? reading.terms).filter(counts);
  const total = topic.reduce((sum, t) => sum + weightOf(index, t), 0);
  if (total === 0) return [];
  const hits = new Map<IndexedFact, number>();
  for (const t of topic) {
    const weight = weightOf(index, t);
    for (const entry of index.postings.get(t.term) ?? []) {
      hits.set(entry, (hits.get(entry) ?? 0) + weight * (entry.weights.get(t.term) ?? 0));
    }
  }
  const termList = topic.map((t) => t.term);
  const shortlist = [...hits].sort((a, b) => b[1] - a[1]).slice(0, SHORTLIST);
  const scored: ScoredFact[] = [];
  for (const [entry, hit] of shortlist) {
    const covered = termList.filter((t) => entry.weights.has(t));
    const coveredWeight = topic
      .filter((t) => entry.weights.has(t.term))
      .reduce((sum, t) => sum + weightOf(index, t), 0);
    const fit =
      (index.off.has("kind fit") || kindFits(entry.fact.kinds, reading.wants) ? 1 : TUNING.kindMismatch) *
      (countsWhatWasAsked(reading, entry) ? 1 : TUNING.countMismatch);
    const coverage = hit / total;
    const similarity = phrasingSimilarity(index, reading, topic, entry);
    const title =
      titleCoverage(index, termList, entry.titleTerms) *
      (entry.titleWants === reading.wants ? 1 : TUNING.formMismatch);
    const { mix } = TUNING;
    const conflicts = conflictsOf(index, reading, entry);
    // A fact about another company or place than the one asked about ranks below one about it.
    const named = conflicts.some((c) => c.kind === "entity") ? TUNING.entityConflict : 1;
    const tense = tenseFits(reading, entry) ? 1 : TUNING.tenseMismatch;
    const score =
      (mix.coverage * coverage + mix.similarity * similarity + mix.title * title) * fit * named * tense;
    scored.push({ entry, score, coverage, covered, coveredWeight, conflicts });
  }
  return scored.sort((a, b) => b.score - a.score);
}
