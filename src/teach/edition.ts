import { relative } from "node:path";
import { EditionFileSchema } from "../facts/schema.js";

/** A text file as read, by the path it is written back to. */
export interface TextFile {
  path: string;
  raw: string;
}

/** A path as the editor typed it: relative to where teach runs. */
export const shownPath = (path: string): string => relative(process.cwd(), path) || path;

/** Something the editor can fix, said in one line; nothing has been written when it is thrown. */
export class TeachError extends Error {
  override name = "TeachError";
}

/** How every edition file is written: two-space JSON and a final newline. */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A question or phrasing without case, spacing or a final `?`, as the store records questions. */
export function questionKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\s?!.]+$/u, "");
}

export const sameQuestion = (a: string, b: string): boolean => questionKey(a) === questionKey(b);

/** The edition date and fact ids of a file, or `undefined` for a file that is not an edition. */
function editionSummaryOf(raw: string): { date: string; factIds: string[] } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = EditionFileSchema.safeParse(json);
  return parsed.success
    ? { date: parsed.data.edition.date, factIds: parsed.data.facts.map((f) => f.id) }
    : undefined;
}

/** The newest edition file that holds the fact: the one the bot answers it from. */
export function newestFileHolding(files: readonly TextFile[], factId: string): TextFile | undefined {
  let newest: { file: TextFile; date: string } | undefined;
  for (const file of files) {
    const summary = editionSummaryOf(file.raw);
    if (!summary?.factIds.includes(factId)) continue;
    if (!newest || summary.date.localeCompare(newest.date) > 0) newest = { file, date: summary.date };
  }
  return newest?.file;
}

interface RawFact {
  id?: unknown;
  phrasings?: unknown;
}

/**
 * The edition file's text with `phrasing` added to the fact's phrasings, or `null` when the fact already has
 * it. The file is parsed and written back as it was formatted, so its key order holds; the new phrasing goes
 * just before the last one, so it carries its own comma and the diff is the one new line.
 */
export function withPhrasing(file: TextFile, factId: string, phrasing: string): string | null {
  const json = JSON.parse(file.raw) as { facts?: RawFact[] };
  if (canonicalJson(json) !== file.raw) {
    throw new TeachError(
      `${file.path} is not formatted as the editions are (JSON.stringify with 2 spaces and a final newline): ` +
        "reformat it first, so that the change shows alone in its diff",
    );
  }
  const fact = json.facts?.find((f) => f.id === factId);
  const phrasings = fact?.phrasings;
  if (!Array.isArray(phrasings)) throw new TeachError(`${file.path} has no fact "${factId}" with phrasings`);
  if (phrasings.some((p) => typeof p === "string" && sameQuestion(p, phrasing))) return null;
  phrasings.splice(Math.max(0, phrasings.length - 1), 0, phrasing.trim());
  return canonicalJson(json);
}
