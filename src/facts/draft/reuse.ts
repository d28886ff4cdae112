import { stemmer } from "stemmer";
import type { Fact, Unit } from "../schema.js";

/**
 * Finds the earlier edition's fact a new statement restates, so that the draft reuses its id (and value key)
 * and the bot's history answers work: a new SingPost stake is `singpost-stake` again.
 */

const STOPWORDS = new Set(
  "a an the of in on at to for from by with and or but is are was were be been has have had its it this that these those as than into over up down now then also will would could should about more most after before where which who what when how".split(
    " ",
  ),
);

/** Stemmed content words: "economic centers (regions)" → econom, center, region. */
export function contentWords(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .replace(/[’']s\b/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w) && !/^\d+(\.\d+)?$/.test(w));
  return new Set(words.map((w) => stemmer(w)));
}

interface IndexedValue {
  factId: string;
  key: string;
  unit: Unit;
  /** What the value measures, with its fact's title: the words a restatement repeats. */
  words: Set<string>;
}

export interface ReuseIndex {
  values: IndexedValue[];
  facts: { fact: Fact; quoteWords: Set<string>; words: Set<string> }[];
  /** Inverse document frequency over the earlier facts: a word in one fact says more than "Alibaba". */
  idf: (word: string) => number;
}

export function indexEarlierFacts(facts: readonly Fact[]): ReuseIndex {
  const documents = facts.map((fact) =>
    contentWords([fact.title, fact.id.replace(/-/g, " "), ...fact.keywords].join(" ")),
  );
  const frequency = new Map<string, number>();
  for (const doc of documents) for (const w of doc) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const idf = (word: string) => Math.log(1 + (facts.length + 1) / ((frequency.get(word) ?? 0) + 1));
  return {
    values: facts.flatMap((fact) =>
      fact.values.map((value) => ({
        factId: fact.id,
        key: value.key,
        unit: value.unit,
        words: contentWords(`${value.measures} ${fact.title}`),
      })),
    ),
    facts: facts.map((fact, i) => ({
      fact,
      quoteWords: contentWords(fact.quote),
      words: documents[i] ?? new Set(),
    })),
    idf,
  };
}

/** How much of `target`'s weight `words` covers, in [0, 1]. */
function coverage(words: Set<string>, target: Set<string>, idf: (w: string) => number): number {
  let total = 0;
  let shared = 0;
  for (const w of target) {
    total += idf(w);
    if (words.has(w)) shared += idf(w);
  }
  return total === 0 ? 0 : shared / total;
}

export interface ValueMatch {
  factId: string;
  key: string;
  score: number;
}

/** Below this, a figure is new: half of what the earlier value measures must be said again. */
const VALUE_MATCH = 0.5;

/** The earlier value that a figure of the same unit restates, judged by the words of its statement. */
export function matchValue(index: ReuseIndex, unit: Unit, words: Set<string>): ValueMatch | undefined {
  let best: ValueMatch | undefined;
  for (const value of index.values) {
    if (value.unit !== unit) continue;
    const score = coverage(words, value.words, index.idf);
    if (score >= VALUE_MATCH && (!best || score > best.score))
      best = { factId: value.factId, key: value.key, score };
  }
  return best;
}

/** A statement without figures restates an earlier fact only when it says nearly the same words. */
const QUOTE_MATCH = 0.6;

export function matchStatement(
  index: ReuseIndex,
  quote: string,
): { factId: string; score: number } | undefined {
  const words = contentWords(quote);
  let best: { factId: string; score: number } | undefined;
  for (const { fact, quoteWords } of index.facts) {
    const union = new Set([...words, ...quoteWords]).size;
    const shared = [...words].filter((w) => quoteWords.has(w)).length;
    const score = union === 0 ? 0 : shared / union;
    if (score >= QUOTE_MATCH && (!best || score > best.score)) best = { factId: fact.id, score };
  }
  return best;
}

/** The category of the earlier fact closest in subject, if one is close enough to suggest it. */
export function nearestCategory(index: ReuseIndex, words: Set<string>): string | undefined {
  let best: { category: string; score: number } | undefined;
  for (const { fact, words: factWords } of index.facts) {
    const score = coverage(factWords, words, index.idf);
    if (score >= 0.3 && (!best || score > best.score)) best = { category: fact.category, score };
  }
  return best?.category;
}
