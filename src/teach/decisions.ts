import { CsvError, parse } from "csv-parse/sync";
import { z } from "zod";

/**
 * An editor's decision on one unanswered question:
 * - `attach`: the question becomes one of the fact's phrasings;
 * - `out-of-scope`: it joins the labelled must-decline questions;
 * - `wrong`: the bot answered it with the wrong fact; recorded as a labelled correction, and attached;
 * - `skip`: left as it is, for later.
 */
export const ACTIONS = ["attach", "out-of-scope", "wrong", "skip"] as const;
export type Action = (typeof ACTIONS)[number];

export type Decision =
  | { action: "attach" | "wrong"; question: string; factId: string }
  | { action: "out-of-scope" | "skip"; question: string };

/** A decision and the line of the file it was read from (1-based), for messages. */
export interface DecisionRow {
  line: number;
  decision: Decision;
}

export interface RowProblem {
  line: number;
  message: string;
}

export const CSV_COLUMNS = ["question", "action", "fact_id"] as const;

const FactId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "not a fact id (lower-case words joined by dashes)");

/**
 * `npm run unanswered -- --csv` puts an apostrophe before text a spreadsheet would run as a formula; a
 * question read back from such a file loses it again.
 */
const withoutFormulaGuard = (text: string) => (/^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text);

export const DecisionRowSchema = z
  .object({
    question: z
      .string()
      .transform(withoutFormulaGuard)
      .pipe(
        z
          .string()
          .trim()
          .min(1, "the question is empty")
          .max(300, "longer than a recorded question (300 characters)")
          .refine((q) => !/[\r\n]/.test(q), "a question is one line"),
      ),
    action: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(ACTIONS, { error: `expected one of ${ACTIONS.join(", ")}` })),
    fact_id: z.string().trim(),
  })
  .superRefine((row, ctx) => {
    const needsFact = row.action === "attach" || row.action === "wrong";
    if (needsFact && row.fact_id === "") {
      ctx.addIssue({ code: "custom", path: ["fact_id"], message: `${row.action} needs the fact's id` });
    } else if (needsFact && !FactId.safeParse(row.fact_id).success) {
      ctx.addIssue({ code: "custom", path: ["fact_id"], message: `"${row.fact_id}" is not a fact id` });
    } else if (!needsFact && row.fact_id !== "") {
      ctx.addIssue({
        code: "custom",
        path: ["fact_id"],
        message: `${row.action} takes no fact id (did you mean attach or wrong?)`,
      });
    }
  })
  .transform(
    (row): Decision =>
      row.action === "attach" || row.action === "wrong"
        ? { action: row.action, question: row.question, factId: row.fact_id }
        : { action: row.action, question: row.question },
  );

/** csv-parse's records with `info: true`: the fields, and the line the record ends on. */
const RecordsSchema = z.array(
  z.object({ record: z.array(z.string()), info: z.object({ lines: z.number() }) }),
);

/** How many line breaks a record spans: the ones inside its quoted fields. */
const breaksWithin = (fields: readonly string[]) => fields.join("").split("\n").length - 1;

/**
 * The decisions of a CSV file with a header row naming `question`, `action` and `fact_id` (in any order;
 * other columns, such as those of `npm run unanswered -- --csv`, are ignored). Every bad row is reported by
 * its line, not only the first.
 */
export function parseDecisionsCsv(raw: string): { rows: DecisionRow[]; problems: RowProblem[] } {
  let records: z.infer<typeof RecordsSchema>;
  try {
    // csv-parse's types do not follow `info: true`: its output is checked instead.
    records = RecordsSchema.parse(
      parse(raw, {
        bom: true,
        info: true,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: true,
        record_delimiter: ["\r\n", "\n"],
      }),
    );
  } catch (error) {
    const line = error instanceof CsvError ? Number(error.lines) || 1 : 1;
    return { rows: [], problems: [{ line, message: `not readable as CSV: ${(error as Error).message}` }] };
  }
  const [header, ...body] = records;
  const names = header?.record.map((name) => name.trim().toLowerCase()) ?? [];
  const missing = CSV_COLUMNS.filter((column) => !names.includes(column));
  if (header === undefined || missing.length > 0) {
    return {
      rows: [],
      problems: [
        {
          line: 1,
          message: `the header row must name the columns ${CSV_COLUMNS.join(",")} (missing: ${missing.join(", ")})`,
        },
      ],
    };
  }
  const rows: DecisionRow[] = [];
  const problems: RowProblem[] = [];
  for (const { record, info } of body) {
    const line = info.lines - breaksWithin(record);
    const fields = Object.fromEntries(
      CSV_COLUMNS.map((column) => [column, record[names.indexOf(column)] ?? ""]),
    );
    const parsed = DecisionRowSchema.safeParse(fields);
    if (parsed.success) rows.push({ line, decision: parsed.data });
    else {
      for (const issue of parsed.error.issues)
        problems.push({ line, message: `${issue.path.join(".")}: ${issue.message}` });
    }
  }
  if (rows.length === 0 && problems.length === 0)
    problems.push({ line: 1, message: "no decisions after the header" });
  return { rows, problems };
}
