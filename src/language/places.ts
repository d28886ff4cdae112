import { createRequire } from "node:module";
import type { countries as Countries } from "countries-list";
import { commonness } from "./frequency.js";

let places: Set<string> | undefined;

/**
 * Whether a word names a country or a capital ("india", "korea", "seoul"), typed in any case: a place the
 * question names, which a fact about somewhere else does not answer. From the `countries-list` package; of a
 * name of several words, only the rare ones count ("korea" of "South Korea", not "south").
 */
export function isPlaceName(word: string): boolean {
  places ??= placeWords();
  return places.has(word);
}

/** Read on the first question, not at start-up (like the word list). */
function placeWords(): Set<string> {
  const { countries } = createRequire(import.meta.url)("countries-list") as { countries: typeof Countries };
  const words = new Set<string>();
  for (const country of Object.values(countries)) {
    for (const name of [country.name, country.capital, ...(country.alias ?? [])]) {
      const parts = name
        .toLowerCase()
        .split(/[^\p{L}]+/u)
        .filter(Boolean);
      for (const part of parts) if (parts.length === 1 || commonness(part) < RARE) words.add(part);
    }
  }
  return words;
}

/** A word of a place's name this rare in everyday English (log10 count in SUBTLEX) names the place. */
const RARE = 3;
