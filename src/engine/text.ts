import { remove } from "confusables";
import { stemmer } from "stemmer";

/** Characters that render as nothing (zero-width, joiners, variation selectors, bidi marks) but split or disguise words. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\u061C]/gu;

/** A word that mixes Latin letters with letters of another script: Cyrillic "а" inside "Аlibаbа". */
const MIXED_SCRIPT =
  /(?=\S*\p{Script=Latin})(?=\S*[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Cherokee}\p{Script=Armenian}])\S+/gu;

/**
 * Look-alike letters folded to the Latin ones they imitate, in words that mix scripts (the mixed-script
 * check of Unicode TS #39); the confusables table comes from the `confusables` package. A word wholly in
 * another script is left as it is.
 */
export function foldConfusables(text: string): string {
  return text.replace(MIXED_SCRIPT, (word) => remove(word));
}

/**
 * Discord markup out, plain words in: mentions, custom emoji, timestamps, links and markdown markers
 * are removed; code blocks and spoilers keep their words. Case is kept (it tells names from words).
 */
export function stripDiscordMarkup(raw: string): string {
  return (
    foldConfusables(
      raw
        .normalize("NFKC")
        .replace(INVISIBLE, "")
        .replace(/\p{Cc}/gu, (c) => (c === "\n" ? "\n" : " ")),
    )
      .replace(/<a?:\w+:\d+>/g, " ")
      .replace(/<(?:@[!&]?|#)\d+>/g, " ")
      .replace(/<\/[^:>]+:\d+>/g, " ")
      .replace(/<t:-?\d+(?::[tTdDfFR])?>/g, " ")
      .replace(/@(?:everyone|here)\b/gi, " ")
      // "@TrackerBot what is…" typed by hand: who is addressed, not what is asked.
      .replace(/(^|\s)@[\p{L}\p{N}_.-]+/gu, "$1 ")
      // A line break inside a sentence ("does it have a dc\nin tokyo") is only where the line wrapped.
      .replace(/[ \t]*\n[ \t]*(?=\p{Ll})/gu, " ")
      .replace(/\bhttps?:\/\/\S+/gi, " ")
      .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, " ")
      .replace(/<\/?[a-z][^<>]*>/gi, " ")
      .replace(/```[\w+-]*\n?/g, " ")
      .replace(/\|\|/g, " ")
      .replace(/[*_~`>#[\]\\]/g, " ")
      .replace(/[ \t]+/g, " ")
      .trim()
  );
}

/** Lower-case words and numbers, with %, $ and & spelled out and possessives dropped. */
export function rawWords(text: string): string[] {
  return wordsOf(text).map((w) => w.text);
}

export interface RawWord {
  text: string;
  /** Typed with a capital letter. */
  capital: boolean;
  /** Typed in capitals throughout ("US", "SEA"). */
  allCaps: boolean;
  /** Written as a possessive ("Alibaba's"). */
  possessive: boolean;
  /** A sentence or clause ends right before this word (., ?, !, ;, a line break, a comma, a dash). */
  breakBefore: "sentence" | "clause" | null;
}

const SENTENCE_BREAKS = ".?!;\n";
const CLAUSE_BREAKS = ",:—–";

const MULTIPLIERS: Readonly<Record<string, number>> = { k: 1e3, m: 1e6, mn: 1e6, bn: 1e9, b: 1e9, tn: 1e12 };

/** Words with what their typing tells: capitals, possessives, and where sentences and clauses break. */
export function wordsOf(text: string): RawWord[] {
  const prepared = text
    .replace(/[\u2018\u2019\u02BC\u0060\u00B4]/g, "'")
    .replace(/(\d),(?=\d{3}\b)/g, "$1")
    .replace(
      /\$\s*(\d+(?:\.\d+)?)\s*(k|m|mn|bn|b|tn)\b/gi,
      (_, n: string, unit: string) => ` usd ${Number(n) * (MULTIPLIERS[unit.toLowerCase()] ?? 1)} `,
    )
    .replace(/(\d)\s*(k|mn|bn|tn)\b/gi, (_, d: string, unit: string) => `${d} ${unit.toLowerCase()}`)
    .replace(/(\d)x\b/gi, "$1 times")
    // "Population-wise", "percentage wise": in terms of the noun, which is what is asked.
    .replace(/\b([a-z]+-wise|[a-z]{5,} wise)\b/gi, (m: string) => m.slice(0, -5))
    .replace(/%/g, " percent ")
    .replace(/\bper\s+cent\b/gi, "percent")
    .replace(/\$/g, " usd ")
    .replace(/&/g, " and ")
    .replace(/=/g, " is ")
    .replace(
      /\b([Uu])\.([Ss])\.(?:([Aa])\.)?/g,
      (_m, u: string, s: string, a?: string) => ` ${u}${s}${a ?? ""} `,
    )
    .replace(/\b([Qq])([1-4])\b/g, "q$2");
  const out: RawWord[] = [];
  let pending: RawWord["breakBefore"] = null;
  const pattern =
    /\bq[1-4]\b|\d+(?:st|nd|rd|th)\b|\p{L}+\d[\p{L}\d]*|\d+(?:\.\d+)?|[\p{L}\p{M}]+(?:'[\p{L}]+)*(?:\.(?:com|net|org|io|co))?|[.?!;\n]|[,:—–]|\s-\s/giu;
  for (const match of prepared.matchAll(pattern)) {
    const token = match[0];
    // Plain character checks: this runs for every word of every fact when the index is built.
    if (token.length === 1 && SENTENCE_BREAKS.includes(token)) {
      pending = "sentence";
      continue;
    }
    if ((token.length === 1 && CLAUSE_BREAKS.includes(token)) || token.trim() === "-") {
      pending ??= "clause";
      continue;
    }
    const quoted = token.includes("'");
    const possessive = quoted && /'s$/i.test(token);
    const plain = quoted ? token.replace(/'s$/i, "").replace(/'/g, "") : token;
    if (!plain) continue;
    const lower = plain.toLowerCase();
    const capital = plain[0] !== lower[0];
    out.push({
      text: lower,
      capital,
      allCaps: capital && plain.length >= 2 && /^[\p{Lu}\d.]+$/u.test(plain),
      possessive,
      breakBefore: pending,
    });
    pending = null;
  }
  return out;
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
