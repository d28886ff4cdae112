import { readFileSync } from "node:fs";
import wordListPath from "word-list";

let words: Set<string> | undefined;

/**
 * Whether a word is in a 274,000-word English list. Loaded on first use (about 90 ms), which only
 * happens when a question holds a word the fact base does not know but could be a misspelling of one.
 */
export function isEnglishWord(word: string): boolean {
  words ??= new Set(readFileSync(wordListPath, "utf8").split("\n"));
  return words.has(word);
}
