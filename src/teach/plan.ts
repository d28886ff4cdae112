import type { Engine } from "../engine/types.js";
import type { Decision, DecisionRow, RowProblem } from "./decisions.js";
import {
  newestFileHolding,
  questionKey,
  sameQuestion,
  shownPath,
  TeachError,
  type TextFile,
  withPhrasing,
} from "./edition.js";
import {
  type Labelled,
  type LabelledFiles,
  type LabelledOutcome,
  type LabelledSet,
  labelledAs,
  type Review,
  withLine,
  withoutLine,
} from "./labelled.js";

/**
 * What teach may change, in memory: the edition files and the labelled question lists. Decisions turn one
 * workspace into another without touching the disk, so everything can be checked before anything is written.
 */
export interface Workspace {
  editions: TextFile[];
  labelled: LabelledFiles;
}

/** The decision in a few words, for messages and the review list. */
export function describeDecision(decision: Decision): string {
  switch (decision.action) {
    case "attach":
      return `attach "${decision.question}" to ${decision.factId}`;
    case "wrong":
      return `correct "${decision.question}" to ${decision.factId}`;
    case "out-of-scope":
      return `"${decision.question}" is out of scope`;
    case "skip":
      return `skip "${decision.question}"`;
  }
}

/** Whether a decision takes the question off the unanswered list. */
export const handles = (decision: Decision): boolean => decision.action !== "skip";

/**
 * Why the decisions cannot be applied as they stand, by line: an unknown fact, a question already labelled
 * (a second label would contradict the first), or the same question decided twice.
 */
export function decisionProblems(
  rows: readonly DecisionRow[],
  engine: Engine,
  entries: readonly Labelled[],
): RowProblem[] {
  const problems: RowProblem[] = [];
  const firstLine = new Map<string, number>();
  for (const { line, decision } of rows) {
    const key = questionKey(decision.question);
    const earlier = firstLine.get(key);
    if (earlier !== undefined)
      problems.push({ line, message: `the same question is decided on line ${earlier}` });
    else firstLine.set(key, line);
    if ((decision.action === "attach" || decision.action === "wrong") && !engine.fact(decision.factId)) {
      const near = engine.complete(decision.factId.replace(/-/g, " "), 1)[0];
      problems.push({
        line,
        message: `fact_id: no fact "${decision.factId}"${near ? ` (did you mean ${near.id}?)` : ""}`,
      });
    }
    const labelled = decision.action === "out-of-scope" || decision.action === "wrong";
    const already = labelled ? labelledAs(entries, decision.question) : undefined;
    if (already) {
      problems.push({
        line,
        message: `already a labelled question (${already.set}.jsonl line ${already.line}): change it there`,
      });
    }
  }
  return problems;
}

/** The workspace with `factId` given `question` as a phrasing, in the newest edition that holds the fact. */
function attached(workspace: Workspace, factId: string, question: string, notes: string[]): Workspace {
  const file = newestFileHolding(workspace.editions, factId);
  if (!file) throw new TeachError(`no edition file holds the fact "${factId}"`);
  const raw = withPhrasing(file, factId, question);
  if (raw === null) {
    notes.push(`"${question}" is already a phrasing of ${factId} in ${shownPath(file.path)}.`);
    return workspace;
  }
  notes.push(`"${question}" becomes a phrasing of ${factId} in ${shownPath(file.path)}.`);
  return { ...workspace, editions: workspace.editions.map((f) => (f === file ? { ...f, raw } : f)) };
}

function labelled(workspace: Workspace, set: LabelledSet, value: unknown): Workspace {
  return {
    ...workspace,
    labelled: { ...workspace.labelled, [set]: withLine(workspace.labelled[set], value) },
  };
}

/** The workspace once the decisions are applied, and what each did, in words. Pure: nothing is written. */
export function applyDecisions(
  workspace: Workspace,
  decisions: readonly Decision[],
): { workspace: Workspace; notes: string[] } {
  const notes: string[] = [];
  let next = workspace;
  for (const decision of decisions) {
    const q = decision.question;
    switch (decision.action) {
      case "attach":
        next = attached(next, decision.factId, q, notes);
        break;
      case "wrong":
        next = labelled(next, "corrections", { q, kind: "in", expect: { fact: decision.factId } });
        notes.push(
          `"${q}" is recorded as a correction (${decision.factId}) in ${shownPath(next.labelled.corrections.path)}.`,
        );
        next = attached(next, decision.factId, q, notes);
        break;
      case "out-of-scope":
        next = labelled(next, "out-of-scope", { q, kind: "out", expect: { decline: true } });
        notes.push(
          `"${q}" joins the must-decline questions in ${shownPath(next.labelled["out-of-scope"].path)}.`,
        );
        break;
      case "skip":
        break;
    }
  }
  return { workspace: next, notes };
}

/**
 * The workspace with the given labelled questions taken out of their sets and written to the review list,
 * each with what it got and the change that was kept. Other lines stay byte for byte.
 */
export function withReviews(
  workspace: Workspace,
  outcomes: readonly Pick<LabelledOutcome, "entry" | "got">[],
  change: string,
): Workspace {
  // Later lines first, so the line numbers of the earlier ones still hold.
  const ordered = [...outcomes].sort((a, b) => b.entry.line - a.entry.line);
  let files = workspace.labelled;
  for (const { entry, got } of ordered) {
    const review: Review = { ...entry.question, from: entry.set, got, change };
    files = {
      ...files,
      [entry.set]: withoutLine(files[entry.set], entry.line),
      review: withLine(files.review, review),
    };
  }
  return { ...workspace, labelled: files };
}

/** The labelled questions a checklist failure names (`question` is the labelled question it varied). */
export function entriesAsked(entries: readonly Labelled[], question: string): Labelled[] {
  return entries.filter((entry) => sameQuestion(entry.question.q, question));
}
