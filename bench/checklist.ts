import type { Engine, EngineAnswer } from "../src/engine/types.js";
import type { KnownFact } from "../src/facts/base.js";
import type { Value } from "../src/facts/schema.js";
import { formatValue } from "../src/format/figures.js";
import { NEUTRAL_EDITS, seedOf } from "./checklist-edits.js";
import { directionalSwaps } from "./checklist-swaps.js";
import type { Question } from "./questions.js";
import { groupOf, score, withText } from "./score.js";

/**
 * Behavioural tests in the style of CheckList (Ribeiro et al., ACL 2020), generated from the labelled
 * answerable questions the engine answers right now, and from the facts' structured values:
 * - invariance: a neutral edit (politeness, chatter, markup, case, a typo…) keeps the same answer;
 * - direction: the question's subject or year swapped for one the tracker does not cover is not answered;
 * - minimum functionality: "is it true that <measure> is <figure>?" is answered Yes with the right figure
 *   and No with a wrong one.
 * `tests/checklist.test.ts` holds the goals; `npm run bench` prints the rates; facts:teach imports
 * `checklistFailures` to refuse a change that breaks a variant that held before.
 */

export const TESTS = ["invariance", "direction", "mft"] as const;
export type ChecklistTest = (typeof TESTS)[number];

/** The goals of issue 9: the share of each test's cases that must pass. */
export const GOALS: Readonly<Record<ChecklistTest, number>> = { invariance: 0.99, direction: 0.97, mft: 1 };

export interface ChecklistCase {
  test: ChecklistTest;
  /** The kind of edit or swap: "invariance: emoji", "direction: year swapped", "mft: yes". */
  kind: string;
  /** The labelled question, or for MFT the fact id the yes/no question was built from. */
  question: string;
  /** What was asked. */
  variant: string;
  /** What the engine said, in one line. */
  got: string;
  pass: boolean;
}

/** One failed case, as facts:teach reads it. */
export interface ChecklistFailure {
  kind: string;
  question: string;
  variant: string;
  got: string;
}

export interface Rate {
  n: number;
  passed: number;
  /** passed / n; 1 for no cases. */
  rate: number;
}

/** "answer singpost-stake (yes)", "decline (closest: singpost-stake)". */
export function describeAnswer(answer: EngineAnswer): string {
  if (answer.answered) {
    const verdict = answer.verdict ? ` (${answer.verdict.answer})` : "";
    const derived = answer.derivation ? ` [${answer.derivation.operation}]` : "";
    return `answer ${answer.fact?.id ?? "(no fact)"}${verdict}${derived}`;
  }
  const offered = answer.suggestions.map((f) => f.id).join(", ");
  return offered ? `${answer.outcome} (${offered})` : answer.outcome;
}

/** Same fact, same yes/no verdict and same computation: what "the answer stayed the same" means. */
export function sameAnswer(before: EngineAnswer, after: EngineAnswer): boolean {
  return (
    after.answered &&
    after.fact?.id === before.fact?.id &&
    after.verdict?.answer === before.verdict?.answer &&
    after.derivation?.operation === before.derivation?.operation
  );
}

export interface RightAnswer {
  question: string;
  /** Labelled as typed with a typo. */
  typo: boolean;
  answer: EngineAnswer;
}

/** The labelled answerable questions (in, typo) the engine answers, and answers right. */
export function rightlyAnswered(engine: Engine, questions: readonly Question[]): RightAnswer[] {
  const scorer = withText(engine);
  return questions
    .filter((q) => groupOf(q) === "answerable")
    .flatMap((q) => {
      const answer = engine.ask(q.q);
      return answer.answered && score(q, scorer.ask(q.q)).verdict === "right"
        ? [{ question: q.q, typo: q.kind === "typo", answer }]
        : [];
    });
}

function invarianceCases(engine: Engine, right: readonly RightAnswer[]): ChecklistCase[] {
  return right.flatMap(({ question, typo, answer }) => {
    const seed = seedOf(question);
    return NEUTRAL_EDITS.flatMap(({ kind, edit, addsTypo }) => {
      const variant = addsTypo && typo ? null : edit(question, seed);
      if (variant === null || variant === question) return [];
      const got = engine.ask(variant);
      return [caseOf("invariance", kind, question, variant, got, sameAnswer(answer, got))];
    });
  });
}

function directionCases(engine: Engine, right: readonly RightAnswer[]): ChecklistCase[] {
  const swapsOf = directionalSwaps(engine.base);
  return right.flatMap(({ question }) =>
    swapsOf(question).map(({ kind, variant }) => {
      const got = engine.ask(variant);
      return caseOf("direction", kind, question, variant, got, !got.answered);
    }),
  );
}

/** "the projected size of …", "Alibaba's stake in …": a measure as the subject of a sentence. */
function measurePhrase(value: Value): string {
  return /^\p{Ll}/u.test(value.measures) ? `the ${value.measures}` : value.measures;
}

/** A figure that is plainly not the value: half as much again, or for a year three years later. */
export function wrongNumber(value: Value): number {
  if (value.unit === "year") return value.number + 3;
  const decimals = (String(value.number).split(".")[1] ?? "").length;
  const factor = 10 ** decimals;
  return Math.round(value.number * 1.5 * factor) / factor;
}

/** The yes/no forms of one value of a fact: the right figure (Yes) and a wrong one (No). */
export function yesNoQuestions(value: Value): { expected: "yes" | "no"; question: string }[] {
  const ask = (figure: string) => `is it true that ${measurePhrase(value)} is ${figure}?`;
  return [
    { expected: "yes", question: ask(formatValue(value)) },
    { expected: "no", question: ask(formatValue({ ...value, number: wrongNumber(value) })) },
  ];
}

function minimumFunctionalityCases(engine: Engine, facts: readonly KnownFact[]): ChecklistCase[] {
  return facts.flatMap((fact) =>
    fact.values.flatMap((value) =>
      yesNoQuestions(value).map(({ expected, question }) => {
        const got = engine.ask(question);
        const pass = got.answered && got.fact?.id === fact.id && got.verdict?.answer === expected;
        return caseOf("mft", expected, fact.id, question, got, pass);
      }),
    ),
  );
}

function caseOf(
  test: ChecklistTest,
  kind: string,
  question: string,
  variant: string,
  got: EngineAnswer,
  pass: boolean,
): ChecklistCase {
  return { test, kind: `${test}: ${kind}`, question, variant, got: describeAnswer(got), pass };
}

/** Every case of the three tests, in a stable order. */
export function checklistCases(engine: Engine, questions: readonly Question[]): ChecklistCase[] {
  const right = rightlyAnswered(engine, questions);
  return [
    ...invarianceCases(engine, right),
    ...directionCases(engine, right),
    ...minimumFunctionalityCases(engine, engine.base.facts),
  ];
}

/** The cases that fail, per kind of test: what facts:teach compares before and after a change. */
export function checklistFailures(engine: Engine, questions: readonly Question[]): ChecklistFailure[] {
  return checklistCases(engine, questions)
    .filter((c) => !c.pass)
    .map(({ kind, question, variant, got }) => ({ kind, question, variant, got }));
}

function rateOf(cases: readonly ChecklistCase[]): Rate {
  const passed = cases.filter((c) => c.pass).length;
  return { n: cases.length, passed, rate: cases.length === 0 ? 1 : passed / cases.length };
}

/** The pass rate of each kind of edit, swap and yes/no form, in the order the kinds first appear. */
export function ratesByKind(cases: readonly ChecklistCase[]): Map<string, Rate> {
  const kinds = [...new Set(cases.map((c) => c.kind))];
  return new Map(kinds.map((kind) => [kind, rateOf(cases.filter((c) => c.kind === kind))]));
}

/** The pass rate of each of the three tests. */
export function ratesByTest(cases: readonly ChecklistCase[]): Record<ChecklistTest, Rate> {
  return Object.fromEntries(TESTS.map((t) => [t, rateOf(cases.filter((c) => c.test === t))])) as Record<
    ChecklistTest,
    Rate
  >;
}

const percent = (rate: number): string => `${(rate * 100).toFixed(1)}%`;

/** `invariance: emoji   99.4% (171/172)`, one line per kind, each test's total first. */
export function formatRates(cases: readonly ChecklistCase[]): string[] {
  const byTest = ratesByTest(cases);
  const byKind = ratesByKind(cases);
  return TESTS.flatMap((test) => {
    const total = byTest[test];
    const head = `${test.padEnd(36)} ${percent(total.rate).padStart(6)} (${total.passed}/${total.n})  goal ≥ ${percent(GOALS[test])}`;
    const kinds = [...byKind].filter(([kind]) => kind.startsWith(`${test}: `));
    return [
      head,
      ...kinds.map(([kind, r]) => `  ${kind.padEnd(34)} ${percent(r.rate).padStart(6)} (${r.passed}/${r.n})`),
    ];
  });
}

/** `[invariance: emoji] "question" → "variant" → got`, one line per failure. */
export function formatFailure(c: Pick<ChecklistCase, "kind" | "question" | "variant" | "got">): string {
  return `[${c.kind}] ${JSON.stringify(c.question)} → ${JSON.stringify(c.variant)} → ${c.got}`;
}
