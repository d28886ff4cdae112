import type { FactBase, KnownFact } from "../facts/base.js";
import type { AnswerKind, EditionMeta, Value } from "../facts/schema.js";
import type { Ablation } from "./ablation.js";
import { chatExpansion, detectWants, FUNCTION_WORDS, isFunctionWord } from "./lexicon.js";
import { OPERATION_CUES } from "./operations.js";
import { type SpellingVocabulary, spellingVocabulary } from "./spelling.js";
import { rawWords, stem } from "./text.js";
import { findMentions, indexVocabulary, type VocabularyIndex } from "./vocabulary.js";

/** How strongly a word in each field ties a fact to a question: how people ask beats what the text says. */
const FIELD_WEIGHTS = {
  phrasings: 1,
  keywords: 1,
  title: 0.9,
  answer: 0.7,
  values: 0.7,
  quote: 0.3,
  category: 0.4,
} as const;

export interface IndexedValue {
  factId: string;
  value: Value;
  /** Terms of what the value measures (its `measures` text and key). */
  core: ReadonlySet<string>;
  /** The same, plus the fact's keywords when the value is the fact's only figure. */
  terms: ReadonlySet<string>;
  /** Set for a value an earlier edition gave (a fact's history). */
  edition?: EditionMeta;
}

export interface IndexedFact {
  fact: KnownFact;
  /** Term → strongest field weight it appears in. */
  weights: ReadonlyMap<string, number>;
  values: IndexedValue[];
  /** The entities the fact is about, and every entity they are part of. */
  entities: ReadonlySet<string>;
  /** The entities the fact names itself (without the ones they are part of). */
  ownEntities: ReadonlySet<string>;
  /** Years the fact states or holds in: its dates, its values' dates, year figures. */
  years: ReadonlySet<number>;
  /** Topic terms of the title: what the fact is about. */
  titleTerms: ReadonlySet<string>;
  /** The kind of answer the title's wording asks for ("Why the USTR…" → reason). */
  titleWants: AnswerKind | null;
  /** Each way of asking for the fact (phrasings and title): its topic terms and the kind of answer it asks for. */
  phrasings: { terms: ReadonlySet<string>; wants: AnswerKind | null }[];
}

export interface FactIndex {
  facts: IndexedFact[];
  /** Term → the facts that use it. */
  postings: ReadonlyMap<string, IndexedFact[]>;
  /** Term → inverse document frequency over facts. */
  idf: ReadonlyMap<string, number>;
  /** What an unseen word weighs: a little more than the rarest term the base knows. */
  unknownIdf: number;
  vocabulary: VocabularyIndex;
  /** Surface words known to the facts and their vocabulary; misspellings are corrected towards them. */
  spelling: SpellingVocabulary;
  /** Surface words that need no correction. */
  known: ReadonlySet<string>;
  /** The newest edition's year: "next year" is the one after it. */
  newestYear: number | null;
  /** The word lists, rules and gates turned off (`npm run bench -- --ablate`); none in service. */
  off: ReadonlySet<Ablation>;
}

/**
 * Topic terms of a text, read as a question is read: `@entity` and `~term` for the vocabulary's names and
 * synonyms, `#n` for numbers, stems for other words; function words never count.
 */
export function textTerms(vocabulary: VocabularyIndex, text: string): string[] {
  const words = rawWords(text).flatMap((w) => {
    const expansion = chatExpansion(w);
    return expansion ? expansion.split(" ") : [w];
  });
  const mentions = findMentions(vocabulary, words);
  const terms: string[] = [];
  const push = (t: string) => {
    if (!terms.includes(t)) terms.push(t);
  };
  let i = 0;
  for (const mention of mentions) {
    for (; i < mention.start; i++) wordTerm(words[i] as string, push);
    push(`${mention.kind === "entity" ? "@" : "~"}${mention.id}`);
    i = mention.end;
  }
  for (; i < words.length; i++) wordTerm(words[i] as string, push);
  return terms;
}

function wordTerm(word: string, push: (t: string) => void): void {
  if (isFunctionWord(word) || /^\p{L}$/u.test(word)) return;
  // An ordinal is a word of its own: the 13th plan is not the 14th.
  if (/^\d+(st|nd|rd|th)$/.test(word)) {
    push(word);
    return;
  }
  if (/^\d/.test(word)) {
    if (!/^\d$/.test(word)) push(`#${Number(word)}`);
    return;
  }
  push(stem(word));
}

function yearsOf(fact: KnownFact): Set<number> {
  const years = new Set<number>();
  const add = (iso: string | undefined) => {
    const y = Number(iso?.slice(0, 4));
    if (Number.isInteger(y) && y > 1900) years.add(y);
  };
  add(fact.asOf);
  add(fact.edition.date);
  for (const v of fact.values) {
    add(v.asOf);
    if (v.unit === "year") years.add(v.number);
  }
  for (const match of `${fact.quote} ${fact.answer}`.matchAll(/\b(19|20)\d\d\b/g))
    years.add(Number(match[0]));
  return years;
}

function indexFact(fact: KnownFact, vocabulary: VocabularyIndex): IndexedFact {
  const terms = (text: string) => textTerms(vocabulary, text);
  const weights = new Map<string, number>();
  const add = (texts: readonly string[], weight: number) => {
    for (const text of texts) {
      for (const term of terms(text)) if ((weights.get(term) ?? 0) < weight) weights.set(term, weight);
    }
  };
  add(fact.phrasings, FIELD_WEIGHTS.phrasings);
  add(fact.keywords, FIELD_WEIGHTS.keywords);
  add([fact.title], FIELD_WEIGHTS.title);
  add([fact.answer], FIELD_WEIGHTS.answer);
  add(
    fact.values.map((v) => v.measures),
    FIELD_WEIGHTS.values,
  );
  add([fact.quote], FIELD_WEIGHTS.quote);
  add([fact.category], FIELD_WEIGHTS.category);
  // A fact with one figure is about that figure, so its keywords describe the value too.
  const shared = fact.values.length === 1 ? fact.keywords.flatMap(terms) : [];
  const values = fact.values.map((value) => {
    const core = new Set([...terms(value.measures), ...terms(value.key.replace(/-/g, " "))]);
    return { factId: fact.id, value, core, terms: new Set([...core, ...shared]) };
  });
  const phrasings = [...fact.phrasings, fact.title].map((p) => ({
    terms: new Set(terms(p)),
    wants: detectWants(rawWords(p).join(" ")),
  }));
  // What the fact is about: as its editor says, else every entity its title, answer and keywords name (the
  // quote's passing mentions are context: the Japan launch names Germany among other regions).
  const named = fact.entities ?? [
    ...new Set(
      [fact.title, fact.answer, ...fact.keywords]
        .flatMap(terms)
        .filter((t) => t.startsWith("@"))
        .map((t) => t.slice(1)),
    ),
  ];
  const entities = new Set(named.flatMap((id) => vocabulary.ancestors.get(id) ?? [id]));
  for (const id of named) weights.set(`@${id}`, Math.max(weights.get(`@${id}`) ?? 0, FIELD_WEIGHTS.keywords));
  return {
    fact,
    weights,
    values,
    entities,
    ownEntities: new Set(named),
    years: yearsOf(fact),
    phrasings,
    titleTerms: new Set(terms(fact.title)),
    titleWants: phrasings.at(-1)?.wants ?? null,
  };
}

/** Every surface word of a fact and its edition's names: what spelling corrects towards. */
function surfaceWords(fact: KnownFact): string[] {
  return [...fact.phrasings, ...fact.keywords, fact.title, fact.answer, fact.quote, fact.category].flatMap(
    rawWords,
  );
}

export function buildFactIndex(
  base: FactBase,
  isCommonWord?: (word: string) => boolean,
  off: ReadonlySet<Ablation> = new Set(),
): FactIndex {
  const vocabulary = indexVocabulary(
    {
      entities: off.has("vocabulary aliases")
        ? base.vocabulary.entities.map((e) => ({ ...e, aliases: [] }))
        : base.vocabulary.entities,
      terms: off.has("term synonyms") ? [] : base.vocabulary.terms,
    },
    isCommonWord,
  );
  const facts = base.facts.map((f) => indexFact(f, vocabulary));
  const postings = new Map<string, IndexedFact[]>();
  for (const entry of facts) {
    for (const term of entry.weights.keys()) {
      const list = postings.get(term);
      if (list) list.push(entry);
      else postings.set(term, [entry]);
    }
  }
  const n = facts.length;
  const idf = new Map<string, number>();
  for (const [term, list] of postings) idf.set(term, Math.log(1 + n / list.length));

  const counts = new Map<string, number>();
  for (const fact of base.facts) {
    for (const word of new Set(surfaceWords(fact))) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  for (const word of vocabulary.words) if (!counts.has(word)) counts.set(word, 1);
  // Grammar and arithmetic words are targets for spelling too ("wich", "avrage"), with nothing to weigh.
  for (const word of [...FUNCTION_WORDS, ...OPERATION_CUES]) if (!counts.has(word)) counts.set(word, 0);
  return {
    facts,
    postings,
    idf,
    unknownIdf: Math.log(1 + n / 0.7),
    vocabulary,
    spelling: spellingVocabulary(counts),
    known: new Set(counts.keys()),
    newestYear: base.editions[0] ? Number(base.editions[0].date.slice(0, 4)) : null,
    off,
  };
}
