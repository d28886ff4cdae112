import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { createDefaultEngine } from "../app/runtime.js";
import type { Engine } from "../engine/types.js";
import { buildFactBase, FactBaseError } from "../facts/base.js";
import { type Checklist, type ChecklistFailure, newChecklistFailures } from "./checklist.js";
import type { Decision } from "./decisions.js";
import { shownPath, TeachError, type TextFile } from "./edition.js";
import {
  brokenBy,
  type Labelled,
  type LabelledOutcome,
  labelledQuestionsOf,
  outcomesOf,
  readLabelledFiles,
} from "./labelled.js";
import { applyDecisions, describeDecision, entriesAsked, type Workspace, withReviews } from "./plan.js";

/** The edition files of `dataDir` and the labelled lists of `questionsDir`, as they are on disk. */
export function readWorkspace(dataDir: string, questionsDir: string): Workspace {
  let names: string[];
  try {
    names = readdirSync(dataDir).filter((name) => name.endsWith(".json"));
  } catch {
    throw new TeachError(`cannot read the fact base in ${dataDir}`);
  }
  const editions = names.sort().map((name) => {
    const path = join(dataDir, name);
    return { path, raw: readFileSync(path, "utf8") };
  });
  return { editions, labelled: readLabelledFiles(questionsDir) };
}

/** A workspace as the bot would run it: a fresh engine on its facts, and how it does on its labelled questions. */
export interface Evaluation {
  workspace: Workspace;
  engine: Engine;
  entries: Labelled[];
  outcomes: LabelledOutcome[];
  /** `undefined` when there is no checklist module to run. */
  checklist: ChecklistFailure[] | undefined;
}

/**
 * Validates the facts with the schema (the loader's own `buildFactBase` on the file contents), builds a fresh
 * engine on them and runs the labelled questions and the checklist. Throws FactBaseError for invalid facts.
 */
export function evaluate(workspace: Workspace, checklist: Checklist | undefined): Evaluation {
  const base = buildFactBase(
    workspace.editions.map(({ path, raw }) => ({ file: relative(process.cwd(), path) || path, raw })),
  );
  const engine = createDefaultEngine(base);
  const entries = labelledQuestionsOf(workspace.labelled);
  return {
    workspace,
    engine,
    entries,
    outcomes: outcomesOf(engine, entries),
    checklist: checklist?.(
      engine,
      entries.map((entry) => entry.question),
    ),
  };
}

/** A change checked and ready to write, or refused with what it breaks. */
export interface Proposal {
  decisions: Decision[];
  notes: string[];
  after: Evaluation;
  /** Labelled questions right before and not after, or added by the change and not right. */
  broken: (LabelledOutcome & { added: boolean })[];
  /** Checklist failures that were not there before. */
  checklistBroken: ChecklistFailure[];
}

export type Checked = { ok: true; proposal: Proposal } | { ok: false; problems: string[] };

/** Applies the decisions in memory and checks the result against `before`; nothing is written. */
export function propose(
  before: Evaluation,
  decisions: Decision[],
  checklist: Checklist | undefined,
): Checked {
  let applied: ReturnType<typeof applyDecisions>;
  let after: Evaluation;
  try {
    applied = applyDecisions(before.workspace, decisions);
    after = evaluate(applied.workspace, checklist);
  } catch (error) {
    if (error instanceof FactBaseError) return { ok: false, problems: error.message.split("\n") };
    if (error instanceof TeachError) return { ok: false, problems: [error.message] };
    throw error;
  }
  return {
    ok: true,
    proposal: {
      decisions,
      notes: applied.notes,
      after,
      broken: brokenBy(before.outcomes, after.outcomes),
      checklistBroken:
        before.checklist && after.checklist ? newChecklistFailures(before.checklist, after.checklist) : [],
    },
  };
}

export const isRefused = (proposal: Proposal): boolean =>
  proposal.broken.length > 0 || proposal.checklistBroken.length > 0;

/** Why a proposal is refused: each labelled question it breaks and what it now gets. */
export function refusalLines(proposal: Proposal): string[] {
  const count = proposal.broken.length + proposal.checklistBroken.length;
  return [
    `Refused: ${count === 1 ? "a labelled question" : `${count} labelled questions`} would fail with this change.`,
    ...proposal.broken.map(
      ({ entry, got, added }) =>
        `  ${entry.set}.jsonl line ${entry.line}${added ? " (added by this change)" : " (right before)"}: "${entry.question.q}" now gets ${got}`,
    ),
    ...proposal.checklistBroken.map(
      (f) => `  checklist (${f.kind}): "${f.variant}", a variant of "${f.question}", now gets ${f.got}`,
    ),
  ];
}

/**
 * The proposal kept although it breaks labelled questions: each is taken out of its set into the review list.
 * A checklist failure takes out the labelled question it varied.
 */
export function keptForReview(proposal: Proposal, checklist: Checklist | undefined): Proposal {
  const { after } = proposal;
  const fromChecklist = proposal.checklistBroken.flatMap((f) =>
    entriesAsked(after.entries, f.question).map((entry) => ({
      entry,
      got: `checklist (${f.kind}): "${f.variant}" got ${f.got}`,
    })),
  );
  const seen = new Set<Labelled>();
  const taken = [...proposal.broken, ...fromChecklist].filter(
    ({ entry }) => !seen.has(entry) && seen.add(entry),
  );
  const change = proposal.decisions.map(describeDecision).join("; ");
  const workspace = withReviews(after.workspace, taken, change);
  return { ...proposal, after: evaluate(workspace, checklist), broken: [], checklistBroken: [] };
}

/**
 * Writes the files the change touched; returns their paths. Every file is first written beside its target and
 * only then renamed over it, so a failed write (a full disk, a missing folder) leaves every file as it was
 * rather than some changed and some not.
 */
export function writeChanges(before: Workspace, after: Workspace): string[] {
  const files = (w: Workspace): TextFile[] => [...w.editions, ...Object.values(w.labelled)];
  const old = new Map(files(before).map((f) => [f.path, f.raw]));
  const changed = files(after).filter((f) => old.get(f.path) !== f.raw);
  const staged: { path: string; temporary: string }[] = [];
  for (const file of changed) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, file.raw);
      staged.push({ path: file.path, temporary });
    } catch (error) {
      for (const done of staged) rmSync(done.temporary, { force: true });
      rmSync(temporary, { force: true });
      throw new TeachError(
        `cannot write ${shownPath(file.path)}: ${(error as Error).message}; nothing written`,
      );
    }
  }
  for (const { path, temporary } of staged) renameSync(temporary, path);
  return changed.map((f) => f.path);
}
