import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/**
 * The labelled question set in `tests/questions/{dev,test}.jsonl`: one JSON object per line.
 * `dev` is what the engine may be tuned on; `test` is what gets reported.
 */

export const KINDS = ["in", "typo", "derived", "out", "adversarial"] as const;
export type Kind = (typeof KINDS)[number];
export const SPLITS = ["dev", "test"] as const;
export type Split = (typeof SPLITS)[number];

const Regex = z.string().refine((source) => {
  try {
    new RegExp(source, "i");
    return true;
  } catch {
    return false;
  }
}, "not a valid regular expression");

const FactId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "not a fact id");

export const FactExpectationSchema = z
  .object({
    /** The acceptable fact ids: answering with any one of them is right. */
    fact: z.union([FactId, z.array(FactId).min(1)]),
    /** Case-insensitive regexes the answer text must all match (the figure or the name). */
    contains: z.array(Regex).min(1).optional(),
    /** Not answering is also right (prompt injection, noise around a question). */
    declineOk: z.literal(true).optional(),
  })
  .strict();

export const DerivedExpectationSchema = z
  .object({
    /** Case-insensitive regexes the answer text must all match; the engine must have answered. */
    derived: z.array(Regex).min(1),
    /**
     * The facts the figure is computed from. Answering with one of them without the computed figure is a
     * miss (unhelpful), not a confident wrong answer.
     */
    from: z.array(FactId).min(1),
  })
  .strict();

export const DeclineExpectationSchema = z.object({ decline: z.literal(true) }).strict();
export const SmalltalkExpectationSchema = z.object({ smalltalk: z.literal(true) }).strict();

export const ExpectationSchema = z.union([
  FactExpectationSchema,
  DerivedExpectationSchema,
  DeclineExpectationSchema,
  SmalltalkExpectationSchema,
]);

export const QuestionSchema = z
  .object({
    q: z.string(),
    kind: z.enum(KINDS),
    expect: ExpectationSchema,
    /** Who the independent sets' writers typed as ("slang", "rambler"…); the splits have none. */
    persona: z.string().optional(),
  })
  .strict();

export type FactExpectation = z.infer<typeof FactExpectationSchema>;
export type DerivedExpectation = z.infer<typeof DerivedExpectationSchema>;
export type Expectation = z.infer<typeof ExpectationSchema>;
export type Question = z.infer<typeof QuestionSchema>;

/** `tests/questions/` of this checkout, whether this runs from `bench/` or compiled `dist/bench/`. */
export const QUESTIONS_DIR = fileURLToPath(
  new URL(
    import.meta.url.includes("/dist/") ? "../../tests/questions/" : "../tests/questions/",
    import.meta.url,
  ),
);

export function questionsFile(split: Split, dir: string = QUESTIONS_DIR): string {
  return `${dir.replace(/\/$/, "")}/${split}.jsonl`;
}

export interface LineProblem {
  line: number;
  message: string;
}

/** Parses a JSONL question file; blank lines are skipped, every other line must be a valid question. */
export function parseQuestions(raw: string): { questions: Question[]; problems: LineProblem[] } {
  const questions: Question[] = [];
  const problems: LineProblem[] = [];
  raw.split("\n").forEach((text, index) => {
    if (text.trim() === "") return;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      problems.push({ line: index + 1, message: `malformed JSON: ${(error as Error).message}` });
      return;
    }
    const parsed = QuestionSchema.safeParse(json);
    if (parsed.success) questions.push(parsed.data);
    else {
      for (const issue of parsed.error.issues) {
        problems.push({ line: index + 1, message: `${issue.path.join(".") || "(line)"}: ${issue.message}` });
      }
    }
  });
  return { questions, problems };
}

/** Loads one split; throws listing every bad line. */
export function loadQuestions(split: Split, dir: string = QUESTIONS_DIR): Question[] {
  return loadQuestionFile(questionsFile(split, dir));
}

/** Loads one file of labelled questions; throws listing every bad line. */
export function loadQuestionFile(file: string): Question[] {
  const { questions, problems } = parseQuestions(readFileSync(file, "utf8"));
  if (problems.length > 0) {
    throw new Error(problems.map((p) => `${file}:${p.line}: ${p.message}`).join("\n"));
  }
  return questions;
}

/** The acceptable fact ids of an expectation (a derived one's source facts), for coverage checks. */
export function factIdsOf(expect: Expectation): string[] {
  if ("fact" in expect) return typeof expect.fact === "string" ? [expect.fact] : expect.fact;
  if ("derived" in expect) return expect.from;
  return [];
}
