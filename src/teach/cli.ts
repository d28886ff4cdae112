/**
 * `npm run facts:teach [-- --guild ID|dm] [-- --decisions file.csv [--mark-for-review]]`: review the
 * questions the bot could not answer, most asked first, and fix each with a decision: attach it to a fact,
 * mark it out of scope, record the right fact for a wrong answer, or skip it. Every change is validated and
 * the labelled questions rerun on a fresh engine before anything is written.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { config as loadDotenv } from "dotenv";
import { z } from "zod";
import { QUESTIONS_DIR } from "../../bench/questions.js";
import { configOrExit } from "../app/config.js";
import { FactBaseError } from "../facts/base.js";
import { DEFAULT_DATA_DIR } from "../facts/load.js";
import { openStore } from "../store/open.js";
import { DEFAULT_DATABASE_PATH, StoreOpenError } from "../store/sqlite.js";
import type { GuildStore, UnansweredScope } from "../store/types.js";
import { openQuestions } from "../store/unanswered.js";
import { DEFAULT_CHECKLIST, loadChecklist } from "./checklist.js";
import { type DecisionRow, parseDecisionsCsv } from "./decisions.js";
import { TeachError } from "./edition.js";
import { pendingQuestions } from "./pending.js";
import { decisionProblems } from "./plan.js";
import { linePrompter } from "./prompt.js";
import { type SessionDeps, tallyLine, teachFromDecisions, teachInteractively } from "./session.js";
import { type Evaluation, evaluate, readWorkspace } from "./workspace.js";

loadDotenv({ quiet: true });

const USAGE = `usage: npm run facts:teach -- [--guild ID|dm] [--include-answered]
       npm run facts:teach -- --decisions file.csv [--mark-for-review] [--guild ID|dm]
  --decisions        question,action,fact_id rows (action: attach | out-of-scope | wrong | skip)
  --mark-for-review  keep a change that breaks labelled questions; take those out for review
  --data DIR         the fact base (default data/, or DATA_DIR)
  --questions DIR    the labelled questions (default tests/questions/)
  --checklist FILE   the invariance tests module (default bench/checklist.js, skipped when absent)`;

const OptionsSchema = z.object({
  guild: z
    .string()
    .regex(/^(\d{17,20}|dm)$/, "expected a Discord server id (17–20 digits) or dm")
    .optional(),
  decisions: z.string().min(1).optional(),
  "mark-for-review": z.boolean().default(false),
  "include-answered": z.boolean().default(false),
  data: z.string().default(process.env.DATA_DIR ?? DEFAULT_DATA_DIR),
  questions: z.string().default(QUESTIONS_DIR),
  checklist: z.string().optional(),
  help: z.boolean().default(false),
});
type Options = z.infer<typeof OptionsSchema>;

function optionsOf(argv: string[]): Options {
  let values: ReturnType<typeof parseArgs>["values"];
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        guild: { type: "string" },
        decisions: { type: "string" },
        "mark-for-review": { type: "boolean" },
        "include-answered": { type: "boolean" },
        data: { type: "string" },
        questions: { type: "string" },
        checklist: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new TeachError(`${(error as Error).message.split("\n")[0]} (see --help)`);
  }
  const parsed = OptionsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TeachError(`--${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}

/** The bot's store (DATABASE_URL, else DATABASE_PATH); a missing SQLite file is said plainly, not created. */
async function storeOf(): Promise<GuildStore> {
  const config = configOrExit(process.env);
  const path = config.databasePath ?? DEFAULT_DATABASE_PATH;
  if (!config.databaseUrl && path !== ":memory:" && !existsSync(path)) {
    throw new TeachError(
      `no database at ${path}: the bot creates it when it starts; set DATABASE_PATH to the one the bot uses`,
    );
  }
  return openStore(config, { listen: false });
}

const scopeOf = (guild: string | undefined): UnansweredScope =>
  guild === undefined ? "all" : guild === "dm" ? null : guild;

async function main(argv: string[]): Promise<void> {
  const options = optionsOf(argv);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const out = (line: string) => console.log(line);
  const checklistUrl = options.checklist ? pathToFileURL(resolve(options.checklist)) : DEFAULT_CHECKLIST;
  const checklist = await loadChecklist(checklistUrl);
  const initial = evaluate(readWorkspace(resolve(options.data), resolve(options.questions)), checklist);

  // The decisions file is checked whole before the store is opened: a bad row changes nothing anywhere.
  const rows = options.decisions === undefined ? undefined : decisionsOf(options.decisions, initial);

  const store = await storeOf();
  const scope = scopeOf(options.guild);
  const deps: SessionDeps = {
    checklist,
    out,
    forget: async (question) => {
      await store.forgetUnanswered(scope, question);
    },
  };
  try {
    if (checklist === undefined) {
      const where = options.checklist ?? "bench/checklist.ts";
      out(`No ${where}: the invariance tests (checklist) are skipped.`);
    }
    if (rows !== undefined) {
      const { ok, tally } = await teachFromDecisions(
        initial,
        rows,
        { markForReview: options["mark-for-review"] },
        deps,
      );
      if (!ok) process.exitCode = 1;
      else out(tallyLine(tally));
      return;
    }
    const pending = pendingQuestions(
      await openQuestions(store, initial.engine, scope, { includeAnswered: options["include-answered"] }),
    );
    if (pending.length === 0) {
      out("No unanswered questions to review.");
      return;
    }
    out(
      `${pending.length} unanswered question${pending.length === 1 ? "" : "s"} to review, most asked first.`,
    );
    const prompter = linePrompter(process.stdin, process.stdout);
    try {
      const tally = await teachInteractively(initial, pending, prompter, deps);
      out("");
      out(tallyLine(tally));
    } finally {
      prompter.close();
    }
  } finally {
    await store.close();
  }
}

/** The file's decisions, every row checked against the facts and the labelled lists; throws naming each bad row. */
function decisionsOf(file: string, initial: Evaluation): DecisionRow[] {
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TeachError(
      `cannot read ${file}: ${code === "ENOENT" ? "no such file" : (error as Error).message}`,
    );
  }
  const csv = parseDecisionsCsv(raw);
  const problems = [...csv.problems, ...decisionProblems(csv.rows, initial.engine, initial.entries)];
  if (problems.length === 0) return csv.rows;
  for (const p of problems.sort((a, b) => a.line - b.line)) console.error(`${file}:${p.line}: ${p.message}`);
  throw new TeachError(
    `${problems.length} bad row${problems.length === 1 ? "" : "s"} in ${file}; nothing written`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof TeachError || error instanceof StoreOpenError)
    console.error(`facts:teach: ${error.message}`);
  else if (error instanceof FactBaseError)
    console.error(`facts:teach: the fact base is not valid:\n${error.message}`);
  else console.error(`facts:teach: ${(error as Error)?.stack ?? error}`);
  process.exitCode = 1;
});
