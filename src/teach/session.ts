import { answerText } from "../format/answer.js";
import type { Checklist } from "./checklist.js";
import type { Decision, DecisionRow } from "./decisions.js";
import { shownPath } from "./edition.js";
import { explanationLines, explanationOf } from "./explain.js";
import { askedPhrase, type Pending } from "./pending.js";
import { decisionProblems, handles } from "./plan.js";
import type { Prompter } from "./prompt.js";
import {
  type Evaluation,
  isRefused,
  keptForReview,
  type Proposal,
  propose,
  refusalLines,
  writeChanges,
} from "./workspace.js";

/** What a session needs from outside: where to write, how to ask, and how to drop a handled question. */
export interface SessionDeps {
  checklist: Checklist | undefined;
  out: (line: string) => void;
  /** Takes a handled question off the unanswered list (every server's, or the one of `--guild`). */
  forget: (question: string) => Promise<void>;
}

export interface Tally {
  attach: number;
  "out-of-scope": number;
  wrong: number;
  skip: number;
  reviewed: number;
}

const emptyTally = (): Tally => ({ attach: 0, "out-of-scope": 0, wrong: 0, skip: 0, reviewed: 0 });

/** "Checked 508 labelled questions (dev 197, test 311, …); checklist: 3 known failures". */
export function checkedLine(evaluation: Evaluation): string {
  const counts = new Map<string, number>();
  for (const entry of evaluation.entries) counts.set(entry.set, (counts.get(entry.set) ?? 0) + 1);
  const sets = [...counts].map(([set, n]) => `${set} ${n}`).join(", ");
  const checklist =
    evaluation.checklist === undefined
      ? "no checklist to run"
      : `checklist run (${evaluation.checklist.length} failing variant${evaluation.checklist.length === 1 ? "" : "s"})`;
  return `Checked ${evaluation.entries.length} labelled questions (${sets}); ${checklist}.`;
}

/**
 * What the bot says to a handled question once the change is in, and whether that is what was decided: an
 * attached phrasing does not always outweigh everything else the question says.
 */
export function afterLine(state: Evaluation, decision: Decision): string {
  const now = state.engine.ask(decision.question);
  const said = answerText(now, state.engine.base, "plain").replace(/\s+/g, " ").trim();
  const wanted = decision.action === "attach" || decision.action === "wrong" ? decision.factId : undefined;
  const verdict =
    wanted === undefined
      ? now.answered
        ? `The bot still answers "${decision.question}" (${now.fact?.id})`
        : `The bot declines "${decision.question}"`
      : now.answered && now.fact?.id === wanted
        ? `The bot now answers "${decision.question}" with ${wanted}`
        : `The bot does not answer "${decision.question}" with ${wanted} yet (${now.outcome}${now.fact ? ` ${now.fact.id}` : ""}): the fact may need another phrasing or keywords`;
  return `${verdict}: ${said}`;
}

/** Writes a checked proposal and takes its handled questions off the unanswered list. */
async function saved(
  before: Evaluation,
  proposal: Proposal,
  deps: SessionDeps,
  indent: string,
): Promise<Evaluation> {
  const written = writeChanges(before.workspace, proposal.after.workspace);
  for (const decision of proposal.decisions) if (handles(decision)) await deps.forget(decision.question);
  for (const note of proposal.notes) deps.out(`${indent}${note}`);
  if (written.length > 0) deps.out(`${indent}Saved ${written.map(shownPath).join(", ")}.`);
  return proposal.after;
}

/** What the editor may type at the decision prompt; Enter skips. */
const ACTION_OF = new Map<string, Decision["action"]>([
  ["1", "attach"],
  ["attach", "attach"],
  ["2", "out-of-scope"],
  ["out of scope", "out-of-scope"],
  ["out-of-scope", "out-of-scope"],
  ["3", "wrong"],
  ["wrong", "wrong"],
  ["4", "skip"],
  ["skip", "skip"],
  ["", "skip"],
]);

/**
 * The fact the editor means: a number from the last list shown, a fact id, or words searched in the titles
 * (the engine's fuzzy autocomplete, fuse.js over the titles). `""` goes back; `null` is the end of input.
 */
async function pickFact(
  state: Evaluation,
  offered: { factId: string; title: string }[],
  prompter: Prompter,
  out: (line: string) => void,
): Promise<string | null> {
  let list = offered;
  for (;;) {
    const answer = await prompter.ask(
      "  Fact (a number, a fact id, or words from its title; empty: back) > ",
    );
    if (answer === null) return null;
    const text = answer.trim();
    if (text === "") return "";
    if (/^\d+$/.test(text)) {
      const picked = list[Number(text) - 1];
      if (picked) return picked.factId;
      out(`  No fact numbered ${text} here.`);
      continue;
    }
    if (state.engine.fact(text)) return text;
    const hits = state.engine.complete(text, 5);
    if (hits.length === 0) {
      out(`  No fact's title is like "${text}".`);
      continue;
    }
    list = hits.map((fact) => ({ factId: fact.id, title: fact.title }));
    list.forEach((c, i) => {
      out(`    ${i + 1}. ${c.factId} — ${c.title}`);
    });
  }
}

/**
 * Checks a decision and, if it passes (or the editor keeps it and marks what it breaks for review), saves it.
 * Returns the new state; `undefined` when nothing was saved, `null` when the input ended.
 */
async function decided(
  state: Evaluation,
  decision: Decision,
  prompter: Prompter,
  deps: SessionDeps,
): Promise<{ state: Evaluation; reviewed: number } | undefined | null> {
  const problems = decisionProblems(
    [{ line: 0, decision } satisfies DecisionRow],
    state.engine,
    state.entries,
  );
  if (problems.length > 0) {
    for (const p of problems) deps.out(`  Not saved: ${p.message}`);
    return undefined;
  }
  const checked = propose(state, [decision], deps.checklist);
  if (!checked.ok) {
    deps.out("  Not saved: the fact base would not be valid:");
    for (const line of checked.problems) deps.out(`    ${line}`);
    return undefined;
  }
  let proposal = checked.proposal;
  deps.out(`  ${checkedLine(proposal.after)}`);
  let reviewed = 0;
  if (isRefused(proposal)) {
    for (const line of refusalLines(proposal)) deps.out(`  ${line}`);
    deps.out("  Nothing is saved unless you keep it.");
    const answer = await prompter.ask(
      "  k: keep the change and mark these questions for review · d: drop the change > ",
    );
    if (answer === null) return null;
    if (answer.trim().toLowerCase() !== "k") {
      deps.out("  Dropped: nothing saved.");
      return undefined;
    }
    const kept = keptForReview(proposal, deps.checklist);
    reviewed = proposal.after.entries.length - kept.after.entries.length;
    proposal = kept;
  }
  return { state: await saved(state, proposal, deps, "  "), reviewed };
}

/**
 * Reviews the pending questions one by one, most asked first: what the bot says now and why, then the
 * editor's decision, checked and saved before the next question. Ends early at the end of input or on `q`.
 */
export async function teachInteractively(
  initial: Evaluation,
  pending: readonly Pending[],
  prompter: Prompter,
  deps: SessionDeps,
): Promise<Tally> {
  const tally = emptyTally();
  let state = initial;
  for (const [i, item] of pending.entries()) {
    const { question } = item;
    deps.out("");
    deps.out(`[${i + 1}/${pending.length}] "${question}" — ${askedPhrase(item)}`);
    const explanation = explanationOf(state.engine, question);
    for (const line of explanationLines(explanation, state.engine)) deps.out(line);
    for (;;) {
      const answer = await prompter.ask("  1 attach · 2 out of scope · 3 wrong answer · 4 skip · q quit > ");
      const choice = answer?.trim().toLowerCase();
      if (choice === undefined || choice === "q" || choice === "quit") return tally;
      const action = ACTION_OF.get(choice);
      if (action === undefined) {
        deps.out("  Type 1, 2, 3, 4 or q.");
        continue;
      }
      if (action === "skip") {
        tally.skip++;
        break;
      }
      let decision: Decision;
      if (action === "attach" || action === "wrong") {
        const factId = await pickFact(state, explanation.candidates, prompter, deps.out);
        if (factId === null) return tally;
        if (factId === "") continue;
        decision = { action, question, factId };
      } else {
        decision = { action, question };
      }
      const result = await decided(state, decision, prompter, deps);
      if (result === null) return tally;
      if (result === undefined) continue;
      state = result.state;
      tally[action]++;
      tally.reviewed += result.reviewed;
      deps.out(`  ${afterLine(state, decision)}`);
      break;
    }
  }
  return tally;
}

/**
 * Applies every decision of a file at once, or none: the rows were validated before this; the change is
 * checked as a whole, and a refusal writes nothing unless `markForReview`.
 */
export async function teachFromDecisions(
  initial: Evaluation,
  rows: readonly DecisionRow[],
  options: { markForReview: boolean },
  deps: SessionDeps,
): Promise<{ ok: boolean; tally: Tally }> {
  const tally = emptyTally();
  const decisions = rows.map((row) => row.decision);
  const checked = propose(initial, decisions, deps.checklist);
  if (!checked.ok) {
    deps.out("Refused: the fact base would not be valid; nothing written:");
    for (const line of checked.problems) deps.out(`  ${line}`);
    return { ok: false, tally };
  }
  let proposal = checked.proposal;
  deps.out(checkedLine(proposal.after));
  if (isRefused(proposal)) {
    for (const line of refusalLines(proposal)) deps.out(line);
    if (!options.markForReview) {
      deps.out(
        "Nothing written. Change the decisions, or pass --mark-for-review to keep the change and take these questions out of their sets for review.",
      );
      return { ok: false, tally };
    }
    const kept = keptForReview(proposal, deps.checklist);
    tally.reviewed = proposal.after.entries.length - kept.after.entries.length;
    proposal = kept;
  }
  const after = await saved(initial, proposal, deps, "");
  for (const decision of decisions) tally[decision.action]++;
  for (const decision of decisions.filter(handles)) deps.out(afterLine(after, decision));
  return { ok: true, tally };
}

/** "2 attached, 1 out of scope, 0 corrected, 3 skipped; 1 labelled question marked for review." */
export function tallyLine(tally: Tally): string {
  const review =
    tally.reviewed > 0
      ? `; ${tally.reviewed} labelled question${tally.reviewed === 1 ? "" : "s"} marked for review`
      : "";
  return `${tally.attach} attached, ${tally["out-of-scope"]} out of scope, ${tally.wrong} corrected, ${tally.skip} skipped${review}.`;
}
