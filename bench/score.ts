import type { Engine } from "../src/engine/types.js";
import { answerText } from "../src/format/answer.js";
import { KINDS, type Kind, type Question } from "./questions.js";

/**
 * Is this answer right for this expectation? One definition, shared by `tests/engine-accuracy.test.ts`
 * and `npm run bench`, for the engine and the baselines alike.
 */

/** What scoring needs of an answer; the engine's `EngineAnswer` fits, and so do the baselines' answers. */
export interface AnswerLike {
  answered: boolean;
  outcome?: string;
  fact: { id: string } | null;
  text: string;
  /** Set when the engine computed a figure; a derived answer without one falls back to a source fact. */
  derivation?: unknown;
}

/** The engine's answers with the text the bot says (Discord markdown), as the scorer reads them. */
export function withText(engine: Engine): { ask(question: string): AnswerLike } {
  return {
    ask(question) {
      const answer = engine.ask(question);
      return { ...answer, text: answerText(answer, engine.base) };
    },
  };
}

/**
 * - `right`: answered with an acceptable fact and figure, or rightly did not answer.
 * - `miss`: did not answer when it should have (or answered a derived question with a source fact
 *   but no computed figure) — unhelpful but not misleading.
 * - `wrong`: a confident wrong answer — answered with a wrong fact or figure, or answered when it should not.
 */
export type Verdict = "right" | "miss" | "wrong";

export interface Scored {
  question: Question;
  answer: AnswerLike;
  verdict: Verdict;
  /** Why it is not right; empty when right. */
  why: string;
}

/** Markdown emphasis and code marks are ignored when matching regexes: `**14.4%**` matches `14\.4\s*%`. */
export function plainText(text: string): string {
  return text.replace(/[*_~`|]/g, "").replace(/\s+/g, " ");
}

function failedRegexes(regexes: string[], text: string): string[] {
  const plain = plainText(text);
  return regexes.filter((source) => !new RegExp(source, "i").test(plain));
}

export function score(question: Question, answer: AnswerLike): Scored {
  const { expect } = question;
  const result = (verdict: Verdict, why = ""): Scored => ({ question, answer, verdict, why });
  const got = answer.fact?.id ?? "(no fact)";

  if ("decline" in expect || "smalltalk" in expect) {
    return answer.answered ? result("wrong", `answered with ${got}; should not answer`) : result("right");
  }

  if ("derived" in expect) {
    if (!answer.answered) return result("miss", `not answered (${answer.outcome ?? "no outcome"})`);
    const failed = failedRegexes(expect.derived, answer.text);
    if (failed.length === 0) return result("right");
    const why = `answered with ${got}; text does not match ${failed.map((r) => `/${r}/`).join(", ")}`;
    const fellBack =
      answer.derivation === undefined && answer.fact !== null && expect.from.includes(answer.fact.id);
    return result(fellBack ? "miss" : "wrong", fellBack ? `${why} (source fact, no computation)` : why);
  }

  const acceptable = typeof expect.fact === "string" ? [expect.fact] : expect.fact;
  if (!answer.answered) {
    return expect.declineOk
      ? result("right")
      : result(
          "miss",
          `not answered (${answer.outcome ?? "no outcome"}); expected ${acceptable.join(" | ")}`,
        );
  }
  if (answer.fact === null || !acceptable.includes(answer.fact.id)) {
    return result("wrong", `answered with ${got}; expected ${acceptable.join(" | ")}`);
  }
  const failed = failedRegexes(expect.contains ?? [], answer.text);
  return failed.length === 0
    ? result("right")
    : result("wrong", `right fact, but text does not match ${failed.map((r) => `/${r}/`).join(", ")}`);
}

export interface Tally {
  n: number;
  right: number;
  miss: number;
  wrong: number;
}

/**
 * The groups the floors apply to:
 * - `answerable`: kinds `in` and `typo` (a fact is expected),
 * - `declines`: every question that must not be answered (decline or smalltalk), whatever its kind,
 * - `derived`: kind `derived`.
 * Adversarial questions with a real question in them count in `byKind.adversarial` and `overall` only.
 */
export const GROUPS = ["answerable", "declines", "derived"] as const;
export type Group = (typeof GROUPS)[number];

export function groupOf(question: Question): Group | undefined {
  const { expect, kind } = question;
  if ("decline" in expect || "smalltalk" in expect) return "declines";
  if ("derived" in expect) return "derived";
  if (kind === "in" || kind === "typo") return "answerable";
  return undefined;
}

export interface Summary {
  overall: Tally;
  byKind: Record<Kind, Tally>;
  byGroup: Record<Group, Tally>;
}

const emptyTally = (): Tally => ({ n: 0, right: 0, miss: 0, wrong: 0 });

export function summarize(results: Scored[]): Summary {
  const overall = emptyTally();
  const byKind = Object.fromEntries(KINDS.map((k) => [k, emptyTally()])) as Record<Kind, Tally>;
  const byGroup = Object.fromEntries(GROUPS.map((g) => [g, emptyTally()])) as Record<Group, Tally>;
  for (const r of results) {
    const group = groupOf(r.question);
    for (const t of [overall, byKind[r.question.kind], group ? byGroup[group] : undefined]) {
      if (!t) continue;
      t.n++;
      t[r.verdict]++;
    }
  }
  return { overall, byKind, byGroup };
}

/** Right answers over the tally's questions; 1 for an empty tally. */
export const accuracy = (t: Tally): number => (t.n === 0 ? 1 : t.right / t.n);
/** Confident wrong answers over the tally's questions. */
export const wrongRate = (t: Tally): number => (t.n === 0 ? 0 : t.wrong / t.n);

export interface Floors {
  /** Minimum accuracy on in+typo. */
  answerable: number;
  /** Minimum accuracy on questions that must not be answered. */
  declines: number;
  /** Minimum accuracy on derived questions. */
  derived: number;
  /** Maximum share of all questions answered confidently and wrongly. */
  confidentWrong: number;
}

/** What `tests/engine-accuracy.test.ts` asserts on dev+test. */
export const TEST_FLOORS: Floors = { answerable: 0.95, declines: 0.95, derived: 0.8, confidentWrong: 0.01 };
/** What `npm run bench` reports as PASS/FAIL on the test split. */
export const BENCH_FLOORS: Floors = { answerable: 0.97, declines: 0.97, derived: 0.8, confidentWrong: 0.01 };

export interface FloorCheck {
  name: string;
  value: number;
  /** `>=` floor or `<=` ceiling. */
  op: ">=" | "<=";
  limit: number;
  pass: boolean;
  /** Rates are shares in [0, 1]; timings are in milliseconds; ratios are multiples of a yardstick. */
  unit?: "rate" | "ms" | "ratio";
}

export function checkFloors(summary: Summary, floors: Floors): FloorCheck[] {
  const min = (name: string, value: number, limit: number): FloorCheck => ({
    name,
    value,
    op: ">=",
    limit,
    pass: value >= limit,
  });
  return [
    min("answerable (in+typo) right", accuracy(summary.byGroup.answerable), floors.answerable),
    min("declines right", accuracy(summary.byGroup.declines), floors.declines),
    min("derived right", accuracy(summary.byGroup.derived), floors.derived),
    {
      name: "confident wrong",
      value: wrongRate(summary.overall),
      op: "<=",
      limit: floors.confidentWrong,
      pass: wrongRate(summary.overall) <= floors.confidentWrong,
    },
  ];
}

export const pct = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)}%`;

/** `97.6% (122/125)`. */
export const formatTally = (t: Tally): string => `${pct(accuracy(t))} (${t.right}/${t.n})`;

/** A compact per-kind and per-group table for a console. */
export function formatSummary(summary: Summary, label = ""): string {
  const rows: [string, Tally][] = [
    ...KINDS.map((k): [string, Tally] => [k, summary.byKind[k]]),
    ...GROUPS.map((g): [string, Tally] => [`[${g}]`, summary.byGroup[g]]),
    ["overall", summary.overall],
  ];
  const lines = rows.map(
    ([name, t]) =>
      `  ${name.padEnd(14)} ${formatTally(t).padEnd(18)} miss ${String(t.miss).padStart(3)}  wrong ${String(t.wrong).padStart(3)}`,
  );
  const head = `${label ? `${label}: ` : ""}confident wrong ${pct(wrongRate(summary.overall))} (${summary.overall.wrong}/${summary.overall.n})`;
  return [head, ...lines].join("\n");
}

const clip = (s: string, n: number): string => {
  const one = JSON.stringify(s).slice(1, -1);
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
};

/** One line per non-right result: `WRONG [typo] "question" → outcome fact: why — "answer text"`. */
export function formatFailures(results: Scored[], limit = Number.POSITIVE_INFINITY): string {
  const failures = results.filter((r) => r.verdict !== "right");
  const lines = failures
    .slice(0, limit)
    .map(
      (r) =>
        `${r.verdict.toUpperCase().padEnd(5)} [${r.question.kind}] "${clip(r.question.q, 80)}" → ${r.answer.outcome ?? "?"}: ${r.why} — "${clip(r.answer.text, 100)}"`,
    );
  if (failures.length > limit) lines.push(`… and ${failures.length - limit} more`);
  return lines.join("\n");
}
