import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { parseQuestions, type Question, QuestionSchema } from "../../bench/questions.js";
import { score, type Verdict, withText } from "../../bench/score.js";
import type { Engine } from "../engine/types.js";
import { sameQuestion, TeachError, type TextFile } from "./edition.js";

/**
 * The labelled questions a change to the facts must not break: the dev and test splits, the must-decline
 * list the editors grow (`out-of-scope`) and the answers they corrected (`corrections`), all in
 * `tests/questions/` in the splits' JSONL format. A question taken out for review goes to `review.jsonl`.
 */
export const LABELLED_SETS = ["dev", "test", "out-of-scope", "corrections"] as const;
export type LabelledSet = (typeof LABELLED_SETS)[number];

export type LabelledFiles = Record<LabelledSet, TextFile> & { review: TextFile };

/** One labelled question, where it stands: its set and its line (1-based). */
export interface Labelled {
  set: LabelledSet;
  line: number;
  question: Question;
}

/** A labelled question taken out of its set because a change the editor kept breaks it. */
export const ReviewSchema = QuestionSchema.extend({
  /** The set it was taken from, to put it back once reviewed. */
  from: z.enum(LABELLED_SETS),
  /** What the bot gave after the change. */
  got: z.string(),
  /** The change that was kept. */
  change: z.string(),
}).strict();
export type Review = z.infer<typeof ReviewSchema>;

/** The lists as they are on disk; a list not created yet reads as empty. */
export function readLabelledFiles(dir: string): LabelledFiles {
  const read = (name: string): TextFile => {
    const path = join(dir, `${name}.jsonl`);
    return { path, raw: existsSync(path) ? readFileSync(path, "utf8") : "" };
  };
  return {
    ...(Object.fromEntries(LABELLED_SETS.map((set) => [set, read(set)])) as Record<LabelledSet, TextFile>),
    review: read("review"),
  };
}

/** Every labelled question of every set with its line; throws naming each bad line. */
export function labelledQuestionsOf(files: LabelledFiles): Labelled[] {
  const problems: string[] = [];
  const entries = LABELLED_SETS.flatMap((set) =>
    files[set].raw.split("\n").flatMap((text, index): Labelled[] => {
      const { questions, problems: bad } = parseQuestions(text);
      problems.push(...bad.map((p) => `${files[set].path}:${index + 1}: ${p.message}`));
      return questions.map((question) => ({ set, line: index + 1, question }));
    }),
  );
  if (problems.length > 0) throw new TeachError(`bad labelled questions:\n${problems.join("\n")}`);
  return entries;
}

/** The labelled question asking `q`, in whichever set. */
export function labelledAs(entries: readonly Labelled[], q: string): Labelled | undefined {
  return entries.find((entry) => sameQuestion(entry.question.q, q));
}

/**
 * A JSONL line as the splits are written (Python's `json.dumps`): `": "` and `", "` between items, and
 * non-ASCII escaped, so appended lines look like the ones already there.
 */
export function jsonlLine(value: unknown): string {
  const asJson = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(asJson).join(", ")}]`;
    if (v !== null && typeof v === "object") {
      return `{${Object.entries(v)
        .map(([key, item]) => `${JSON.stringify(key)}: ${asJson(item)}`)
        .join(", ")}}`;
    }
    return JSON.stringify(v);
  };
  return asJson(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** The file's text with one more line at its end. */
export function withLine(file: TextFile, value: unknown): TextFile {
  const raw = file.raw === "" || file.raw.endsWith("\n") ? file.raw : `${file.raw}\n`;
  return { ...file, raw: `${raw}${jsonlLine(value)}\n` };
}

/** The file's text without its line `line` (1-based); every other line is kept byte for byte. */
export function withoutLine(file: TextFile, line: number): TextFile {
  const lines = file.raw.split("\n");
  lines.splice(line - 1, 1);
  return { ...file, raw: lines.join("\n") };
}

/** How the bot did on one labelled question. */
export interface LabelledOutcome {
  entry: Labelled;
  verdict: Verdict;
  /** What it gave, in a line: why it is not right, and the text it said. */
  got: string;
}

const oneLine = (text: string, max = 120): string => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** The engine on every labelled question, scored as the accuracy test and the benchmark score it. */
export function outcomesOf(engine: Engine, entries: readonly Labelled[]): LabelledOutcome[] {
  const answerer = withText(engine);
  return entries.map((entry) => {
    const answer = answerer.ask(entry.question.q);
    const scored = score(entry.question, answer);
    const said = `${answer.outcome}${answer.fact ? ` ${answer.fact.id}` : ""}: "${oneLine(answer.text)}"`;
    return { entry, verdict: scored.verdict, got: scored.why ? `${scored.why}; ${said}` : said };
  });
}

const keyOf = (entry: Labelled) => `${entry.set}\u0000${entry.question.q}`;

/**
 * The labelled questions a change breaks: right before and not after, or added by the change and not right.
 * Questions that were already not right before are the engine's business, not this change's.
 */
export function brokenBy(
  before: readonly LabelledOutcome[],
  after: readonly LabelledOutcome[],
): (LabelledOutcome & { added: boolean })[] {
  const wasRight = new Map(before.map((o) => [keyOf(o.entry), o.verdict === "right"]));
  return after
    .filter((o) => o.verdict !== "right" && wasRight.get(keyOf(o.entry)) !== false)
    .map((o) => ({ ...o, added: !wasRight.has(keyOf(o.entry)) }));
}
