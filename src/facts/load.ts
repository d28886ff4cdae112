import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { buildFactBase, type FactBase } from "./base.js";

/** `data/` of this checkout, found from this module whether it runs from `src/` or compiled `dist/src/`. */
export const DEFAULT_DATA_DIR = fileURLToPath(
  new URL(import.meta.url.includes("/dist/") ? "../../../data" : "../../data", import.meta.url),
);

/** Reads every `*.json` edition file in `dir` and builds the fact base; throws FactBaseError naming what is wrong. */
export function loadFactBase(dir: string = process.env.DATA_DIR ?? DEFAULT_DATA_DIR): FactBase {
  const names = readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort();
  const files = names.map((name) => {
    const path = join(dir, name);
    return { file: relative(process.cwd(), path) || name, raw: readFileSync(path, "utf8") };
  });
  return buildFactBase(files);
}
