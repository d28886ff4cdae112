import { readFileSync } from "node:fs";
import wordListPath from "word-list";

let text: string | undefined;
const known = new Map<string, boolean>();

/**
 * Whether a word is in a 274,000-word English list (sorted, one word a line). The file is read on first
 * need (about 3 ms) and searched by bisection, so no index is built: the `ask` CLI stays fast.
 */
export function isEnglishWord(word: string): boolean {
  let found = known.get(word);
  if (found === undefined) {
    text ??= readFileSync(wordListPath, "utf8");
    found = bisect(text, word);
    if (known.size >= 50_000) known.clear();
    known.set(word, found);
  }
  return found;
}

function bisect(list: string, word: string): boolean {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const start = list.lastIndexOf("\n", mid - 1) + 1;
    const newline = list.indexOf("\n", start);
    const end = newline < 0 ? list.length : newline;
    const line = list.slice(start, end);
    if (line === word) return true;
    if (line < word) lo = end + 1;
    else hi = start;
  }
  return false;
}
