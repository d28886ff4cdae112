import type { FactBase, KnownFact } from "../facts/base.js";
import type { AnswerKind, Value } from "../facts/schema.js";
import { FRAMING_WORDS, OPERATION_WORDS, SHORTHAND, SMALLTALK, STOPWORDS } from "./lexicon.js";
import { detectWants } from "./question.js";
import { type SpellingVocabulary, spellingVocabulary } from "./spelling.js";
import { expandShorthand, PHRASE_WORDS, rawWords, stem, textTopicTerms } from "./text.js";

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
  /** Stems of what the value measures (its `measures` text and key). */
  core: ReadonlySet<string>;
  /** The same, plus the fact's keywords when the value is the fact's only figure. */
  terms: ReadonlySet<string>;
}

export interface IndexedFact {
  fact: KnownFact;
  /** Stem → strongest field weight it appears in. */
  weights: ReadonlyMap<string, number>;
  values: IndexedValue[];
  /** Topic terms of the title: what the fact is about. */
  titleTerms: ReadonlySet<string>;
  /** The kind of answer the title's wording asks for ("Why the USTR…" → reason). */
  titleWants: AnswerKind | null;
  /** Each way of asking for the fact (phrasings and title): its topic terms and the kind of answer it asks for. */
  phrasings: { terms: ReadonlySet<string>; wants: AnswerKind | null }[];
}

export interface FactIndex {
  facts: IndexedFact[];
  /** Stem → the facts that use it. */
  postings: ReadonlyMap<string, IndexedFact[]>;
  /** Stem → inverse document frequency over facts. */
  idf: ReadonlyMap<string, number>;
  /** What an unseen word weighs: a little more than the rarest word the base knows. */
  unknownIdf: number;
  /** Stems of framing words, which weigh little whatever their rarity. */
  framing: ReadonlySet<string>;
  /** Stems of proper names (words the facts capitalise mid-sentence): Ningbo, Zhejiang, Tencent, SoftBank. */
  names: ReadonlySet<string>;
  /** Surface words known to the base and to the lexicon; misspellings are corrected towards them. */
  spelling: SpellingVocabulary;
  /** Surface words that need no correction. */
  known: ReadonlySet<string>;
}

function indexFact(fact: KnownFact): IndexedFact {
  const weights = new Map<string, number>();
  const add = (texts: readonly string[], weight: number) => {
    for (const text of texts) {
      for (const term of textTopicTerms(text)) {
        if ((weights.get(term) ?? 0) < weight) weights.set(term, weight);
      }
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
  const shared = fact.values.length === 1 ? fact.keywords.flatMap(textTopicTerms) : [];
  const values = fact.values.map((value) => {
    const core = new Set([
      ...textTopicTerms(value.measures),
      ...textTopicTerms(value.key.replace(/-/g, " ")),
    ]);
    return { factId: fact.id, value, core, terms: new Set([...core, ...shared]) };
  });
  const phrasings = [...fact.phrasings, fact.title].map((p) => ({
    terms: new Set(textTopicTerms(p)),
    wants: detectWants(expandShorthand(rawWords(p)).join(" ")),
  }));
  return {
    fact,
    weights,
    values,
    phrasings,
    titleTerms: new Set(textTopicTerms(fact.title)),
    titleWants: phrasings.at(-1)?.wants ?? null,
  };
}

function surfaceWords(fact: KnownFact): string[] {
  const texts = [...fact.phrasings, ...fact.keywords, fact.title, fact.answer, fact.quote, fact.category];
  return texts.flatMap((t) => expandShorthand(rawWords(t)));
}

/**
 * Stems of proper names in sentences: words capitalised mid-sentence and never written in lower case
 * ("Zhejiang", "Tencent"; not "Cloud", which is also plain "cloud computing").
 */
function properNames(texts: readonly string[]): Set<string> {
  const capitalised = new Set<string>();
  const plain = new Set<string>();
  for (const text of texts) {
    const words = text.replace(/[*_]/g, "").split(/\s+/);
    words.forEach((word, i) => {
      const sentenceStart = i === 0 || /[.!?:]["”’)]*$/.test(words[i - 1] ?? "");
      if (/^["“(]?\p{Lu}/u.test(word)) {
        if (!sentenceStart) for (const t of textTopicTerms(word)) capitalised.add(t);
      } else {
        for (const t of textTopicTerms(word)) plain.add(t);
      }
    });
  }
  return new Set([...capitalised].filter((t) => !plain.has(t)));
}

export function buildFactIndex(base: FactBase): FactIndex {
  const facts = base.facts.map(indexFact);
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
  const lexicon = [
    ...STOPWORDS,
    ...OPERATION_WORDS,
    ...PHRASE_WORDS,
    ...Object.values(SHORTHAND).flatMap((s) => s.split(" ")),
    ...Object.values(SMALLTALK).flat(),
  ];
  for (const word of lexicon) if (!counts.has(word)) counts.set(word, 0);
  const known = new Set([...counts.keys(), ...Object.keys(SHORTHAND)]);
  const framing = new Set([...FRAMING_WORDS].map(stem));
  const names = properNames(base.facts.flatMap((f) => [f.quote, f.answer]));
  return {
    facts,
    postings,
    names,
    idf,
    unknownIdf: Math.log(1 + n / 0.7),
    framing,
    spelling: spellingVocabulary(counts),
    known,
  };
}
