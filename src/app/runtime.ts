import { createEngine, type Engine } from "../engine/index.js";
import type { FactBase } from "../facts/base.js";
import { loadFactBase } from "../facts/load.js";
import { isEnglishWord } from "../language/english-words.js";
import { commonness } from "../language/frequency.js";
import { isPlaceName } from "../language/places.js";

/**
 * The engine every front end uses: the fact base in `data/` (or DATA_DIR), read with general English: a
 * word list, word frequencies and the names of countries and capitals (each loaded on first need).
 */
export function createDefaultEngine(base: FactBase = loadFactBase()): Engine {
  return createEngine(base, { language: DEFAULT_LANGUAGE });
}

export const DEFAULT_LANGUAGE = { isEnglishWord, commonness, isPlaceName };
