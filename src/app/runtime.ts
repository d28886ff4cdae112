import { createEngine, type Engine } from "../engine/index.js";
import type { FactBase } from "../facts/base.js";
import { loadFactBase } from "../facts/load.js";
import { isEnglishWord } from "./english-words.js";

/** The engine every front end uses: the fact base in `data/` (or DATA_DIR) and the English word list. */
export function createDefaultEngine(base: FactBase = loadFactBase()): Engine {
  return createEngine(base, { isEnglishWord });
}
