import { memoPer } from "./memo.js";

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), giving up past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (prevPrev[j - 2] as number) + 1);
      }
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length] as number;
}

/** How many edits a word of this length may be away from its correction: short words are easy to confuse. */
function allowedEdits(length: number): number {
  if (length < 4) return 0;
  if (length < 8) return 1;
  return 2;
}

export interface SpellingVocabulary {
  /** Words the fact base uses, with how many facts use each (a tie goes to the commoner word). */
  words: ReadonlyMap<string, number>;
  /** Vocabulary bucketed by length, so a lookup scans only words that could be within reach. */
  byLength: ReadonlyMap<number, readonly { word: string; letters: number }[]>;
  /** Answers already worked out: the same misspellings recur. Bounded. */
  cache: Map<string, string | undefined>;
}

/** The set of letters a word uses, as bits: two words `max` edits apart differ in at most 2·max letters. */
function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) mask |= 1 << (word.charCodeAt(i) % 32);
  return mask;
}

function bitCount(n: number): number {
  let count = 0;
  for (let v = n >>> 0; v; v &= v - 1) count++;
  return count;
}

export function spellingVocabulary(counts: ReadonlyMap<string, number>): SpellingVocabulary {
  const byLength = new Map<number, { word: string; letters: number }[]>();
  for (const word of counts.keys()) {
    if (word.length < 3 || /\d/.test(word)) continue;
    const list = byLength.get(word.length) ?? [];
    list.push({ word, letters: letterMask(word) });
    byLength.set(word.length, list);
  }
  return { words: counts, byLength, cache: new Map() };
}

const CACHE_LIMIT = 20_000;

/** The vocabulary word a misspelt word most likely meant, or undefined when none is close enough. */
export function closestWord(word: string, vocab: SpellingVocabulary): string | undefined {
  if (vocab.cache.has(word)) return vocab.cache.get(word);
  const best = searchClosest(word, vocab);
  if (vocab.cache.size >= CACHE_LIMIT) vocab.cache.clear();
  vocab.cache.set(word, best);
  return best;
}

function searchClosest(word: string, vocab: SpellingVocabulary): string | undefined {
  const max = allowedEdits(word.length);
  if (max === 0) return undefined;
  const letters = letterMask(word);
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (let len = word.length - max; len <= word.length + max; len++) {
    for (const { word: candidate, letters: candidateLetters } of vocab.byLength.get(len) ?? []) {
      if (bitCount(letters ^ candidateLetters) > 2 * max) continue;
      const d = editDistance(word, candidate, max);
      if (d > max) continue;
      // A dropped letter and a right first letter are the usual typos; commoner words win ties.
      const score =
        d +
        (candidate[0] === word[0] ? 0 : 0.5) -
        (isSubsequence(word, candidate) ? 0.3 : 0) -
        Math.min(vocab.words.get(candidate) ?? 0, 9) / 100;
      if (score < bestScore) {
        bestScore = score;
        best = candidate;
      }
    }
  }
  return best;
}

/** Whether `short` is `long` with letters left out ("limted" of "limited"). */
function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

/** `typed` is `word` with exactly one letter left out. */
export function isDroppedLetter(typed: string, word: string): boolean {
  return word.length === typed.length + 1 && isSubsequence(typed, word);
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** Keys next to each other on a QWERTY keyboard: the likeliest letters to hit instead. */
const ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
function adjacentKeys(a: string, b: string): boolean {
  const at = (c: string) => {
    const row = ROWS.findIndex((r) => r.includes(c));
    return row < 0 ? null : { row, col: (ROWS[row] as string).indexOf(c) + row * 0.5 };
  };
  const [p, q] = [at(a), at(b)];
  return p !== null && q !== null && Math.abs(p.row - q.row) <= 1 && Math.abs(p.col - q.col) <= 1;
}

/**
 * Every string one typing slip away (a letter dropped, doubled, swapped with the next, or mistyped), with
 * whether the slip was hitting a neighbouring key.
 */
function oneSlipAway(word: string): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const add = (w: string, neighbour = false) => out.set(w, (out.get(w) ?? false) || neighbour);
  for (let i = 0; i <= word.length; i++) {
    const [head, tail] = [word.slice(0, i), word.slice(i)];
    if (tail) add(head + tail.slice(1));
    if (tail.length > 1) add(head + (tail[1] as string) + (tail[0] as string) + tail.slice(2));
    for (const c of LETTERS) {
      if (tail) add(head + c + tail.slice(1), adjacentKeys(c, tail[0] as string));
      add(head + c + tail);
    }
  }
  return out;
}

/** Whether `word` is `typed` with one key hit instead of its neighbour ("compwting" for "competing"). */
export function isNeighbourSlip(typed: string, word: string): boolean {
  return oneSlipAway(typed).get(word) === true;
}

type EverydayLanguage = { isEnglishWord(w: string): boolean; commonness(w: string): number };

/** Answers already worked out, per language: the same slips recur, and each costs some 300 lookups. */
const everydayMeant = memoPer(CACHE_LIMIT, (language: EverydayLanguage, key: string) => {
  const [atLeast, word] = key.split(" ") as [string, string];
  return searchEverydayWord(word, language, Number(atLeast));
});

/**
 * The common English word a misspelt one was meant to be ("compwting" → "competing"): the most common word
 * one slip away, if it is common enough that the slip is the likelier story.
 */
export function everydayWordMeant(
  word: string,
  language: EverydayLanguage,
  atLeast: number,
): string | undefined {
  return everydayMeant(language, `${atLeast} ${word}`);
}

function searchEverydayWord(word: string, language: EverydayLanguage, atLeast: number): string | undefined {
  let best: { word: string; score: number } | undefined;
  for (const [candidate, neighbour] of oneSlipAway(word)) {
    if (!language.isEnglishWord(candidate)) continue;
    const commonness = language.commonness(candidate);
    // A neighbouring key is the likelier slip: "compwting" is "competing" (w by e), not "computing".
    const score = commonness + (neighbour ? 1 : 0);
    if (commonness >= atLeast && (!best || score > best.score)) best = { word: candidate, score };
  }
  return best?.word;
}
