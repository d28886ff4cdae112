import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { z } from "zod";
import type { Question } from "../../bench/questions.js";
import type { Engine } from "../engine/types.js";

/**
 * The CheckList-style invariance tests (`bench/checklist.ts`, written separately): `checklistFailures(engine,
 * questions)` lists the variants of labelled questions the engine gets wrong. Loaded at run time, because
 * the module may not be there yet; its output is checked like any other input.
 */

const FailureSchema = z.object({
  kind: z.string(),
  question: z.string(),
  variant: z.string(),
  got: z.string(),
});
export type ChecklistFailure = z.infer<typeof FailureSchema>;
const FailuresSchema = z.array(FailureSchema);

export type Checklist = (engine: Engine, questions: Question[]) => ChecklistFailure[];

/** `bench/checklist.js` beside this checkout's `bench/questions.js`, compiled or not. */
export const DEFAULT_CHECKLIST = new URL("../../bench/checklist.js", import.meta.url);

/** The module's file, whether it runs compiled (`.js`) or from source (`.ts`); `undefined` when absent. */
function checklistFileOf(url: URL): URL | undefined {
  const path = fileURLToPath(url);
  const candidates = [path, path.replace(/\.js$/, ".ts")];
  const found = candidates.find((candidate) => existsSync(candidate));
  return found === undefined ? undefined : pathToFileURL(found);
}

/**
 * The checklist, or `undefined` when the module is absent. A module that is there but broken, or does not
 * export `checklistFailures`, is an error: skipping it silently would let a change through unchecked.
 */
export async function loadChecklist(url: URL = DEFAULT_CHECKLIST): Promise<Checklist | undefined> {
  const file = checklistFileOf(url);
  if (file === undefined) return undefined;
  const module = (await import(file.href)) as { checklistFailures?: unknown };
  const run = module.checklistFailures;
  if (typeof run !== "function") {
    throw new Error(`${fileURLToPath(file)} does not export a function checklistFailures(engine, questions)`);
  }
  return (engine, questions) => {
    const failures = FailuresSchema.safeParse(run(engine, questions));
    if (!failures.success) {
      throw new Error(
        `checklistFailures returned something else than { kind, question, variant, got }[]: ${failures.error.issues[0]?.message}`,
      );
    }
    return failures.data;
  };
}

const keyOf = (f: ChecklistFailure) => `${f.kind}\u0000${f.question}\u0000${f.variant}`;

/** The failures after a change that were not failures before it. */
export function newChecklistFailures(
  before: readonly ChecklistFailure[],
  after: readonly ChecklistFailure[],
): ChecklistFailure[] {
  const known = new Set(before.map(keyOf));
  return after.filter((f) => !known.has(keyOf(f)));
}
