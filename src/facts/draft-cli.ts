/**
 * `npm run facts:draft -- path/to/edition.txt [--edition "February 2017"] [--published 2017-02] [--out file]`:
 * drafts an edition file from its text, every candidate fact marked `draft: true` for an editor to confirm.
 * `npm run facts:draft -- --evaluate` drafts each edition in `data/` from its own text and prints recall and
 * precision against the facts shipped with it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { checkEdition, FactBaseError, formatProblem, parseEditionFile } from "./base.js";
import { earlierFacts } from "./draft/earlier.js";
import { evaluateDraft, formatEvaluation } from "./draft/evaluate.js";
import { dateInWords, isoFromWords } from "./iso-date.js";
import { DEFAULT_DATA_DIR } from "./load.js";
import { type EditionFile, EditionFileSchema, type EditionMeta, IsoDateSchema } from "./schema.js";

/** A failure the editor can fix, said in one line. */
class DraftError extends Error {}

const REPO = fileURLToPath(
  new URL(import.meta.url.includes("/dist/") ? "../../../" : "../../", import.meta.url),
);
const SCHEMA_FILE = join(REPO, "schema", "edition.schema.json");
const RECALL_FLOOR = 0.9;

const USAGE = `usage: npm run facts:draft -- path/to/edition.txt [--edition "February 2017"] [--published 2017-02]
         [--title "Alibaba Tracker"] [--publisher "PYMNTS.com"] [--out drafts/2017-02.json] [--force] [--data data/]
       npm run facts:draft -- --evaluate [--data data/]`;

/** A real calendar date or period: the schema's shape, and a month and day that exist. */
export const PublishedSchema = IsoDateSchema.refine((iso) => {
  const [, month, day] = /^\d{4}(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso) ?? [];
  if (month === undefined) return true;
  const m = Number(month);
  if (m < 1 || m > 12) return false;
  if (day === undefined) return true;
  const d = Number(day);
  return d >= 1 && d <= new Date(Date.UTC(Number(iso.slice(0, 4)), m, 0)).getUTCDate();
}, "not a real date");

const OptionsSchema = z.object({
  input: z.string().optional(),
  edition: z.string().trim().min(1).optional(),
  published: z.string().trim().optional(),
  title: z.string().trim().min(1).optional(),
  publisher: z.string().trim().min(1).optional(),
  out: z.string().optional(),
  data: z.string().default(process.env.DATA_DIR ?? DEFAULT_DATA_DIR),
  force: z.boolean().default(false),
  evaluate: z.boolean().default(false),
  help: z.boolean().default(false),
});
type Options = z.infer<typeof OptionsSchema>;

function optionsOf(argv: string[]): Options {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        edition: { type: "string" },
        published: { type: "string" },
        title: { type: "string" },
        publisher: { type: "string" },
        out: { type: "string" },
        data: { type: "string" },
        force: { type: "boolean" },
        evaluate: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new DraftError(`${(error as Error).message.split("\n")[0]} (see --help)`);
  }
  if (parsed.positionals.length > 1) throw new DraftError("give one text file to draft from (see --help)");
  const options = OptionsSchema.safeParse({ ...parsed.values, input: parsed.positionals[0] });
  if (!options.success) {
    const issue = options.error.issues[0];
    throw new DraftError(`--${issue?.path.join(".")}: ${issue?.message}`);
  }
  return options.data;
}

function dataFiles(dir: string): { file: string; raw: string }[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(".json"));
  } catch {
    throw new DraftError(`cannot read the fact base in ${dir}`);
  }
  return names.sort().map((name) => {
    const path = join(dir, name);
    return { file: relative(process.cwd(), path) || name, raw: readFileSync(path, "utf8") };
  });
}

function publishedOf(text: string, flag: string): string {
  const parsed = PublishedSchema.safeParse(text);
  if (!parsed.success) {
    throw new DraftError(
      `${flag} "${text}" is not a date: use YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD (e.g. 2017-02)`,
    );
  }
  return parsed.data;
}

async function ask(question: string, fallback?: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question(`${question}${fallback ? ` [${fallback}]` : ""}: `)).trim();
    return answer || fallback || "";
  } finally {
    rl.close();
  }
}

/**
 * The edition's metadata from the flags; what is missing is asked for in a terminal, and is an error when
 * piped. Either date form gives the other: "February 2017" ⇄ 2017-02.
 */
async function metadataOf(options: Options, files: { file: string; raw: string }[]): Promise<EditionMeta> {
  let words = options.edition;
  let published = options.published === undefined ? undefined : publishedOf(options.published, "--published");
  if (words === undefined && published === undefined) {
    if (!process.stdin.isTTY) {
      throw new DraftError(
        'missing the edition\'s date: pass --edition "February 2017" and/or --published 2017-02',
      );
    }
    words = await ask('Edition, as readers name it (e.g. "February 2017")');
  }
  if (published === undefined) {
    const guess = isoFromWords(words ?? "");
    if (guess) published = guess;
    else if (process.stdin.isTTY)
      published = publishedOf(await ask("Published (YYYY-MM, e.g. 2017-02)"), "published");
    else throw new DraftError(`cannot tell the date of edition "${words}": pass --published 2017-02`);
  }
  const newest = files
    .map(({ file, raw }) => parseEditionFile(file, raw))
    .flatMap((r) => (r.ok ? [r.edition.edition] : []))
    .sort((a, b) => b.date.localeCompare(a.date))[0];
  const dateText = words?.trim() || dateInWords(published);
  return {
    id: published.toLowerCase(),
    title: options.title ?? newest?.title.replace(/\s*\(.*\)$/, "") ?? "Alibaba Tracker",
    publisher: options.publisher ?? newest?.publisher ?? "PYMNTS.com",
    date: published,
    dateText,
  };
}

function readText(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DraftError(
      `cannot read ${path}: ${code === "ENOENT" ? "no such file" : (error as Error).message}`,
    );
  }
  if (!text.trim()) throw new DraftError(`${path} is empty: nothing to draft`);
  return text;
}

/** The draft as the schema checks it (drafts allowed), or the first problem in one line. */
function validated(draft: EditionFile, out: string): EditionFile {
  const parsed = EditionFileSchema.safeParse(draft);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DraftError(
      `the draft is not a valid edition (${issue?.path.join(".")}: ${issue?.message}); nothing written`,
    );
  }
  const problems = checkEdition(out, parsed.data, { allowDrafts: true });
  if (problems[0]) throw new DraftError(`${formatProblem(problems[0])}; nothing written`);
  return parsed.data;
}

/** Written whole or not at all: a temporary file beside the target, renamed over it. */
function writeAtomically(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new DraftError(`cannot write ${path}: ${(error as Error).message}`);
  }
}

async function draft(options: Options): Promise<void> {
  if (!options.input)
    throw new DraftError("give the edition's text file: npm run facts:draft -- path/to/edition.txt");
  const text = readText(options.input);
  const files = dataFiles(options.data);
  const edition = await metadataOf(options, files);
  const out = resolve(options.out ?? join("drafts", `${edition.id}.json`));
  if (existsSync(out) && !options.force) throw new DraftError(`${out} exists: pass --force to replace it`);
  const earlier = earlierFacts(files, edition);
  const { draftEdition } = await importDrafting();
  const drafted = draftEdition({ text, edition, earlier });
  if (drafted.facts.length === 0) {
    throw new DraftError(
      `no statement with a figure, a date or a named organisation or person in ${options.input}`,
    );
  }
  const file = validated(
    { $schema: relative(dirname(out), SCHEMA_FILE).split("\\").join("/"), ...drafted },
    relative(process.cwd(), out),
  );
  writeAtomically(out, `${JSON.stringify(file, null, 2)}\n`);
  const earlierIds = new Set(earlier.map((f) => f.id));
  const reused = file.facts.filter((f) => earlierIds.has(f.id)).map((f) => f.id);
  const figures = file.facts.reduce((n, f) => n + f.values.length, 0);
  const shown = relative(process.cwd(), out).startsWith("..") ? out : relative(process.cwd(), out);
  console.log(
    `Drafted ${file.facts.length} candidate facts (${figures} figures) from ${options.input} into ${shown}.`,
  );
  if (reused.length > 0)
    console.log(`Restating earlier editions, these keep their ids: ${reused.join(", ")}.`);
  console.log('Check each against the text, then remove its "draft": true and move the file to data/.');
}

/** The NLP libraries take about a second to load: only once the input is known to be good. */
const importDrafting = () => import("./draft/draft.js");

/** Drafts each shipped edition from its own text and compares; fails under the recall floor or on a bad quote. */
async function evaluate(options: Options): Promise<void> {
  const files = dataFiles(options.data);
  const { draftEdition } = await importDrafting();
  let failed = false;
  for (const { file, raw } of files) {
    const parsed = parseEditionFile(file, raw);
    if (!parsed.ok) throw new FactBaseError(parsed.problems);
    const shipped = parsed.edition;
    const drafted = draftEdition({
      text: shipped.text.join("\n\n"),
      edition: shipped.edition,
      earlier: earlierFacts(files, shipped.edition),
    });
    const result = evaluateDraft(drafted, shipped);
    console.log(formatEvaluation(result));
    failed ||= result.recall < RECALL_FLOOR || result.quotesNotVerbatim.length > 0;
  }
  if (failed) {
    console.error(
      `facts:draft: below the floor (figure recall ${RECALL_FLOOR * 100}%, every quote verbatim)`,
    );
    process.exitCode = 1;
  }
}

async function main(argv: string[]): Promise<void> {
  const options = optionsOf(argv);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  await (options.evaluate ? evaluate(options) : draft(options));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof DraftError) console.error(`facts:draft: ${error.message}`);
  else if (error instanceof FactBaseError)
    console.error(`facts:draft: ${error.problems.map(formatProblem).join("; ")}`);
  else console.error(`facts:draft: ${(error as Error).message}`);
  process.exitCode = 1;
});
