import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The checkout's root, and the compiled entry points the process tests run. */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

function newestSourceTime(): number {
  let newest = 0;
  for (const dir of ["src", "commands", "bench"]) {
    for (const name of readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })) {
      if (name.endsWith(".ts")) newest = Math.max(newest, statSync(join(ROOT, dir, name)).mtimeMs);
    }
  }
  return newest;
}

/**
 * `npm test` builds first; a bare `vitest run` after editing sources gets a fresh build here. tsc still
 * emits on type errors elsewhere, so only a missing output is fatal.
 */
export function ensureBuilt(outputs: string[]): void {
  const paths = outputs.map((p) => join(ROOT, p));
  const oldest = Math.min(...paths.map((p) => (existsSync(p) ? statSync(p).mtimeMs : 0)));
  if (oldest >= newestSourceTime()) return;
  try {
    execFileSync(
      process.execPath,
      [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
      {
        cwd: ROOT,
        stdio: "inherit",
      },
    );
  } catch (error) {
    if (!paths.every(existsSync)) throw error;
  }
}
