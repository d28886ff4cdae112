import { stemmer } from "stemmer";
import { OPERATION_WORDS, PHRASES, SHORTHAND, STOPWORDS } from "./lexicon.js";

/** Characters that render as nothing (zero-width, joiners, variation selectors, bidi marks) but split or disguise words. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\u061C]/gu;

/**
 * Discord markup out, plain words in: mentions, custom emoji, timestamps, links and markdown markers
 * are removed; code blocks and spoilers keep their words. Case is kept.
 */
export function stripDiscordMarkup(raw: string): string {
  return raw
    .normalize("NFKC")
    .replace(INVISIBLE, "")
    .replace(/\p{Cc}/gu, " ")
    .replace(/<a?:\w+:\d+>/g, " ")
    .replace(/<(?:@[!&]?|#)\d+>/g, " ")
    .replace(/<\/[^:>]+:\d+>/g, " ")
    .replace(/<t:-?\d+(?::[tTdDfFR])?>/g, " ")
    .replace(/@(?:everyone|here)\b/gi, " ")
    .replace(/\bhttps?:\/\/\S+/gi, " ")
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<\/?[a-z][^<>]*>/gi, " ")
    .replace(/```[\w+-]*\n?/g, " ")
    .replace(/[*_~`|>#[\]\\]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Lower-case words and numbers, with %, $ and & spelled out and possessives dropped. */
export function rawWords(text: string): string[] {
  const prepared = text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02BC\u0060\u00B4]/g, "'")
    .replace(/'s\b/g, "")
    .replace(/'/g, "")
    .replace(/(\d),(?=\d{3}\b)/g, "$1")
    .replace(/%/g, " percent ")
    .replace(/\$/g, " usd ")
    .replace(/&/g, " and ")
    .replace(/\bu\.s\.a?\.?/g, " usa ")
    .replace(/\bq([1-4])\b/g, "q$1");
  return prepared.match(/\d+(?:\.\d+)?|q[1-4]\b|\p{L}+/gu) ?? [];
}

/** Shorthand ("whats", "ppl", "dc") expanded to the words it stands for. */
export function expandShorthand(words: readonly string[]): string[] {
  return words.flatMap((w) => SHORTHAND[w]?.split(" ") ?? [w]);
}

interface PhraseRule {
  words: string[];
  replacement: string[];
}

/** Phrase rules grouped by their first word, longest first, so matching is one lookup per position. */
const PHRASE_RULES: ReadonlyMap<string, PhraseRule[]> = (() => {
  const rules = new Map<string, PhraseRule[]>();
  for (const [phrase, replacement] of PHRASES) {
    const words = expandShorthand(rawWords(phrase));
    const first = words[0];
    if (!first) continue;
    const list = rules.get(first) ?? [];
    list.push({ words, replacement: replacement.split(" ") });
    rules.set(first, list);
  }
  for (const list of rules.values()) list.sort((a, b) => b.words.length - a.words.length);
  return rules;
})();

/** Every word the phrase rules read, so the spelling corrector can aim at them. */
export const PHRASE_WORDS: ReadonlySet<string> = new Set(
  [...PHRASE_RULES.values()].flat().flatMap((r) => r.words),
);

/** A plural or possessive-without-apostrophe still matches a phrase word ("asias", "posts"). */
function wordMatches(actual: string | undefined, expected: string): boolean {
  return actual === expected || actual === `${expected}s` || actual === `${expected}es`;
}

/** Multi-word names and variants folded into their canonical tokens ("singapore post" → "singpost"). */
export function foldPhrases(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    const word = words[i] as string;
    const rule = singularForms(word)
      .flatMap((key) => PHRASE_RULES.get(key) ?? [])
      .find((r) => matchesAt(words, i, r.words));
    if (rule) {
      out.push(...rule.replacement);
      i += rule.words.length;
    } else {
      out.push(word);
      i += 1;
    }
  }
  return out;
}

function singularForms(word: string): string[] {
  const forms = [word];
  if (word.endsWith("s")) forms.push(word.slice(0, -1));
  if (word.endsWith("es")) forms.push(word.slice(0, -2));
  return forms;
}

function matchesAt(words: readonly string[], start: number, phrase: readonly string[]): boolean {
  return phrase.every((p, j) => wordMatches(words[start + j], p));
}

const stemCache = new Map<string, string>();

/** Porter stem, cached: the same few hundred words recur in every question. */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = /^\d/.test(word) ? word : stemmer(word);
    if (stemCache.size < 50_000) stemCache.set(word, s);
  }
  return s;
}

/**
 * Terms of the words that name a topic, unique and in order: stems, and numbers as `#n` (a year or a
 * figure in a question must match the fact's too). Stopwords never count; an operation cue ("rise",
 * "points") counts only where `keepCue` says so: always in the index, in a question only when the base
 * uses the word, so "by how many points" does not read "points" as an unknown subject.
 */
export function topicTerms(
  foldedWords: readonly string[],
  keepCue: (term: string) => boolean = () => true,
): string[] {
  const terms: string[] = [];
  for (const word of foldedWords) {
    if (STOPWORDS.has(word) || /^\p{L}$/u.test(word)) continue;
    let term: string;
    if (/^\d/.test(word)) {
      // Years and figures must match; a lone digit is usually an ordinal or a count word ("number 2").
      if (/^\d$/.test(word)) continue;
      term = `#${Number(word)}`;
    } else {
      term = stem(word);
      if (OPERATION_WORDS.has(word) && !keepCue(term)) continue;
    }
    if (!terms.includes(term)) terms.push(term);
  }
  return terms;
}

const textTermsCache = new Map<string, readonly string[]>();

/** Topic terms of a fact's text, read exactly as a question is read. Cached: titles and keywords recur. */
export function textTopicTerms(text: string): readonly string[] {
  let terms = textTermsCache.get(text);
  if (!terms) {
    terms = topicTerms(foldPhrases(expandShorthand(rawWords(text))));
    if (textTermsCache.size >= 200_000) textTermsCache.clear();
    textTermsCache.set(text, terms);
  }
  return terms;
}
