import { readdir } from "node:fs/promises";
import { extname } from "node:path";

/** `.ts` when running from source, `.js` when compiled: only modules of our own kind are imported. */
const MODULE_EXT = extname(new URL(import.meta.url).pathname);

/**
 * The default export of every module in `dir`, in file order, checked by `isModule`: how commands and
 * gateway events are discovered, so adding one is adding a file.
 */
export async function loadModules<T>(
  dir: URL,
  isModule: (value: unknown) => value is T,
  what: string,
): Promise<{ file: string; module: T }[]> {
  const files = (await readdir(dir))
    .filter((name) => name.endsWith(MODULE_EXT) && !name.endsWith(".d.ts") && !name.includes(".test."))
    .sort();
  const loaded: { file: string; module: T }[] = [];
  for (const file of files) {
    const module = (await import(new URL(file, dir).href)) as { default?: unknown };
    if (!isModule(module.default)) throw new Error(`${dir.pathname}${file}: default export is not ${what}`);
    loaded.push({ file, module: module.default });
  }
  return loaded;
}
