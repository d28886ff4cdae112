import type { Entity, Vocabulary } from "../facts/schema.js";
import { isFunctionWord, RANK_WORDS } from "./lexicon.js";
import { rawWords } from "./text.js";

/**
 * The edition's names and synonyms (its `vocabulary`), as token sequences to find in a question or a fact:
 * "the city-state's postal operator" is SingPost, "shareholding" is the stake. Everything the engine knows
 * about this tracker's subjects comes from here, so a new edition with new companies needs no code.
 */

/** A name found in a text: which entity or term, and which words it spans. */
export interface Mention {
  kind: "entity" | "term";
  id: string;
  /** Index of the first word and one past the last, in the word list matched against. */
  start: number;
  end: number;
}

interface Pattern {
  kind: Mention["kind"];
  id: string;
  /** The content words of the name, in order (function words are skipped on both sides). */
  words: string[];
  /** Written in capitals and also an everyday word ("US", "SEA"): only matched as typed in capitals. */
  capitalsOnly: boolean;
}

export interface VocabularyIndex {
  entities: ReadonlyMap<string, Entity>;
  /** Entity id → its id and every entity it is part of, nearest first. */
  ancestors: ReadonlyMap<string, readonly string[]>;
  /** Patterns by their first word, longest first. */
  patterns: ReadonlyMap<string, readonly Pattern[]>;
  /** Every word a name or term is made of: spelling corrects towards them. */
  words: ReadonlySet<string>;
  /**
   * Words that are the tracker's own way of speaking: every word of its terms, and words shared by the names
   * of several entities ("group" of Alibaba Group and Ant Group). Not "bank" of "Soft Bank" alone.
   */
  generic: ReadonlySet<string>;
}

/** Words of a name as they are matched: lower case, possessives and function words dropped. */
export function nameWords(name: string): string[] {
  return rawWords(name).filter((w) => !isFunctionWord(w));
}

function ancestorsOf(entities: ReadonlyMap<string, Entity>, id: string): string[] {
  const chain: string[] = [];
  for (let at: string | undefined = id; at && !chain.includes(at); at = entities.get(at)?.partOf)
    chain.push(at);
  return chain;
}

/**
 * `isCommonWord`: whether a word is an everyday English word, so that a short name in capitals that is
 * also one ("US", "SEA") is not found in "tell us" or "by the sea".
 */
export function indexVocabulary(
  vocabulary: Vocabulary,
  isCommonWord: (word: string) => boolean = () => false,
): VocabularyIndex {
  const entities = new Map(vocabulary.entities.map((e) => [e.id, e]));
  const patterns = new Map<string, Pattern[]>();
  const words = new Set<string>();
  const generic = new Set<string>();
  const namedBy = new Map<string, Set<string>>();
  const termWords = new Set(vocabulary.terms.flatMap((t) => t.words.flatMap(nameWords)));
  const add = (kind: Mention["kind"], id: string, name: string) => {
    // A short name in capitals keeps its word even when it is also a small one ("US").
    const acronym = /^[A-Z]{2,4}$/.test(name.replace(/\./g, "").trim());
    // A description by one of the tracker's own terms ("the region") names the entity only with its
    // article: "region count" is the term, "the region's population" the entity.
    const bare = nameWords(name);
    const described = /^the\s/i.test(name) && bare.length === 1 && termWords.has(bare[0] ?? "");
    const nameTokens = acronym ? rawWords(name) : described ? ["the", ...bare] : bare;
    // "e-commerce" and "ecommerce", "city-state" and "citystate": both spellings are matched.
    const variants = [nameTokens];
    if (nameTokens.length > 1 && /[-\s]/.test(name)) variants.push([nameTokens.join("")]);
    const capitalsOnly =
      acronym && (isFunctionWord(nameTokens[0] ?? "") || isCommonWord(nameTokens[0] ?? ""));
    // "the us", "the sea" typed in lower case still name the US and Southeast Asia.
    if (capitalsOnly && nameTokens.length > 0) variants.push(["the", ...nameTokens]);
    for (const variant of variants) {
      const first = variant[0];
      // A name of figures alone ("No. 2") would be found in every sum.
      if (!first || variant.every((w) => /^\d/.test(w))) continue;
      for (const w of variant) {
        words.add(w);
        if (kind === "term") generic.add(w);
        else namedBy.set(w, new Set([...(namedBy.get(w) ?? []), id]));
      }
      const list = patterns.get(first) ?? [];
      if (!list.some((p) => p.id === id && p.words.join(" ") === variant.join(" "))) {
        list.push({ kind, id, words: variant, capitalsOnly: capitalsOnly && variant[0] !== "the" });
      }
      patterns.set(first, list);
    }
  };
  for (const entity of vocabulary.entities) {
    for (const name of [...entity.names, ...entity.aliases]) add("entity", entity.id, name);
  }
  for (const term of vocabulary.terms) for (const word of term.words) add("term", term.id, word);
  for (const list of patterns.values()) list.sort((a, b) => b.words.length - a.words.length);
  const ancestors = new Map([...entities.keys()].map((id) => [id, ancestorsOf(entities, id)]));
  for (const [word, ids] of namedBy) if (ids.size >= 2) generic.add(word);
  // "largest" of "second largest" is a claim of its own ("the largest holder").
  for (const word of RANK_WORDS.keys()) generic.delete(word);
  return { entities, ancestors, patterns, words, generic };
}

/**
 * What a description calls a company is interchangeable: "the Chinese e-commerce giant", "…group",
 * "…company" name the same one.
 */
const COMPANY_NOUNS: ReadonlySet<string> = new Set(
  "giant group company firm player conglomerate corporation business outfit behemoth titan".split(" "),
);

/** A plural or a possessive typed without its apostrophe still matches ("tencents", "regions"). */
function sameWord(actual: string | undefined, expected: string): boolean {
  if (actual === undefined) return false;
  if (COMPANY_NOUNS.has(expected) && COMPANY_NOUNS.has(actual.replace(/e?s$/, ""))) return true;
  return (
    actual === expected ||
    actual === `${expected}s` ||
    actual === `${expected}es` ||
    `${actual}s` === expected
  );
}

/** Where a pattern matches starting at word `i`: one past its last word, or -1. */
function matchEnd(
  pattern: Pattern,
  words: readonly string[],
  i: number,
  capitals: readonly boolean[],
): number {
  if (pattern.capitalsOnly && !capitals[i]) return -1;
  let at = i;
  for (const [k, expected] of pattern.words.entries()) {
    // Between a name's words, function words may stand ("office of the trade representative").
    if (k > 0)
      while (at < words.length && isFunctionWord(words[at] as string) && words[at] !== expected) at++;
    if (!sameWord(words[at], expected)) return -1;
    at++;
  }
  return at;
}

/**
 * The names and terms in a word list: the reading that covers the most words ("Alibaba's Cloud Sword op"
 * is Alibaba and Cloud Sword, not Alibaba Cloud and a stray "sword"). `capitals[i]` says whether word i
 * was typed in capitals.
 */
export function findMentions(
  index: VocabularyIndex,
  words: readonly string[],
  capitals: readonly boolean[] = [],
): Mention[] {
  const n = words.length;
  const options: { pattern: Pattern; end: number }[][] = words.map((word, i) => {
    const candidates = [
      ...(index.patterns.get(word) ?? []),
      ...(word.endsWith("s") ? (index.patterns.get(word.slice(0, -1)) ?? []) : []),
      ...(word.endsWith("es") ? (index.patterns.get(word.slice(0, -2)) ?? []) : []),
    ];
    return candidates.flatMap((pattern) => {
      const end = matchEnd(pattern, words, i, capitals);
      return end > i ? [{ pattern, end }] : [];
    });
  });
  // best[i]: the most words mentions can cover from i on (fewer mentions break ties), and how.
  const best: { covered: number; count: number; take?: { pattern: Pattern; end: number } }[] = Array(n + 1);
  best[n] = { covered: 0, count: 0 };
  for (let i = n - 1; i >= 0; i--) {
    let choice: (typeof best)[number] = {
      covered: best[i + 1]?.covered ?? 0,
      count: best[i + 1]?.count ?? 0,
    };
    for (const option of options[i] ?? []) {
      const rest = best[option.end] ?? { covered: 0, count: 0 };
      const covered = option.end - i + rest.covered;
      const count = rest.count + 1;
      if (covered > choice.covered || (covered === choice.covered && count < choice.count)) {
        choice = { covered, count, take: option };
      }
    }
    best[i] = choice;
  }
  const mentions: Mention[] = [];
  for (let i = 0; i < n; ) {
    const take = best[i]?.take;
    if (take) {
      mentions.push({ kind: take.pattern.kind, id: take.pattern.id, start: i, end: take.end });
      i = take.end;
    } else {
      i++;
    }
  }
  return mentions;
}
