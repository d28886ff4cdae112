import { beforeAll, describe, expect, it } from "vitest";
import {
  type ChecklistCase,
  checklistCases,
  checklistFailures,
  formatFailure,
  formatRates,
  GOALS,
  ratesByKind,
  ratesByTest,
  rightlyAnswered,
  sameAnswer,
  wrongNumber,
  yesNoQuestions,
} from "../bench/checklist.js";
import { NEUTRAL_EDITS, seedOf } from "../bench/checklist-edits.js";
import { directionalSwaps, entityMentions, uncoveredYear } from "../bench/checklist-swaps.js";
import { loadQuestions, type Question, SPLITS } from "../bench/questions.js";
import { createDefaultEngine } from "../src/app/runtime.js";
import type { Engine } from "../src/engine/types.js";

/**
 * The CheckList tests of issue 9 (bench/checklist.ts): first that the generators make what they say, then
 * the engine against the goals. The goal tests fail where the engine is still weak; the rates and every
 * failure are printed so that the engine's owner sees which kinds to fix.
 */

let engine: Engine;
let questions: Question[];
let cases: ChecklistCase[];

beforeAll(() => {
  engine = createDefaultEngine();
  questions = SPLITS.flatMap((split) => loadQuestions(split));
  cases = checklistCases(engine, questions);
  console.log(`CheckList on dev+test:\n${formatRates(cases).join("\n")}\n`);
  const failures = cases.filter((c) => !c.pass);
  if (failures.length > 0)
    console.log(`Failures (${failures.length}):\n${failures.map(formatFailure).join("\n")}\n`);
}, 60_000);

describe("neutral edits", () => {
  const sample = [
    "what's alibaba's stake in singpost",
    "How many cloud regions does Alibaba have?",
    "which city did baidu sign a deal with, and when",
  ];

  it("are at least twenty kinds, each named once", () => {
    const kinds = NEUTRAL_EDITS.map((e) => e.kind);
    expect(kinds.length).toBeGreaterThanOrEqual(20);
    expect(new Set(kinds).size).toBe(kinds.length);
  });

  it.each(NEUTRAL_EDITS.map((e) => [e.kind, e] as const))("%s changes some labelled question", (_, edit) => {
    const changed = questions.filter((q) => {
      const variant = edit.edit(q.q, seedOf(q.q));
      return variant !== null && variant !== q.q;
    });
    expect(changed.length).toBeGreaterThan(0);
  });

  it("keep every figure of the question and make the same variant on every run", () => {
    for (const { kind, edit } of NEUTRAL_EDITS) {
      for (const q of [...sample, "is the stake 14.4% or 10.23% by 2017"]) {
        const variant = edit(q, seedOf(q));
        if (variant === null) continue;
        // A mention's id is no figure of the question.
        const figures = variant.replace(/<[@#]!?\d+>/g, "").match(/\d+(\.\d+)?/g);
        expect(figures, `${kind}: ${variant}`).toEqual(q.match(/\d+(\.\d+)?/g));
        expect(edit(q, seedOf(q)), kind).toBe(variant);
      }
    }
  });

  it("do what their names say", () => {
    const variantOf = (kind: string, q: string) => NEUTRAL_EDITS.find((e) => e.kind === kind)?.edit(q, 0);
    const q = "what's alibaba's stake in singpost";
    expect(variantOf("spoiler bars", q)).toBe(`||${q}||`);
    expect(variantOf("upper case", q)).toBe(q.toUpperCase());
    expect(variantOf("contraction", q)).toBe("what is alibaba's stake in singpost");
    expect(variantOf("contraction", "what is taobao")).toBe("what's taobao");
    expect(variantOf("apostrophe dropped", q)).toBe("whats alibabas stake in singpost");
    expect(variantOf("markdown bold", q)).toBe("what's **alibaba's** stake in singpost");
    expect(variantOf("slang question word", "how many regions")).toMatch(/^(hw many|how mny) regions$/);
    expect(variantOf("punctuation removed", "is it 14.4%, or not?")).toBe("is it 14.4% or not");
    expect(variantOf("filler inside", "ethan yu title")).toBeNull();
    expect(variantOf("line break", "how many people live in southeast asia")).toBe(
      "how many people live\nin southeast asia",
    );
    // One look-alike letter: the text differs, and differs in a single non-Latin letter.
    const lookAlike = variantOf("look-alike letter", q) ?? "";
    expect([...lookAlike].filter((c, i) => c !== q[i])).toEqual([expect.stringMatching(/^[\u0370-\u04ff]$/)]);
    const typo = variantOf("keyboard typo", "how many investigations") ?? "";
    expect(typo).not.toBe("how many investigations");
    expect(typo.length).toBe("how many investigations".length);
  });
});

describe("directional swaps", () => {
  it("find the vocabulary's names in a question, the longest where they overlap", () => {
    const mentions = entityMentions(
      "does alibaba cloud have a dc in tokyo, says alibaba",
      engine.base.vocabulary.entities,
    );
    expect(mentions.map((m) => m.entity.id)).toEqual(["alibaba-cloud", "tokyo", "alibaba"]);
    // An all-capitals short form is not read into an everyday word: "us" here is not the U.S.
    expect(entityMentions("can you tell us", engine.base.vocabulary.entities)).toEqual([]);
  });

  it("swap a named company, place or year for one the tracker does not cover", () => {
    const swaps = directionalSwaps(engine.base)("what's alibaba's stake in singpost in 2017");
    expect(swaps.map((s) => s.kind)).toEqual(["company swapped", "company swapped", "year swapped"]);
    // Each company swap leaves the other name and names no entity of the tracker in its place.
    const [first, second] = swaps.map((s) =>
      entityMentions(s.variant, engine.base.vocabulary.entities).map((m) => m.entity.id),
    );
    expect(first).toEqual(["singpost"]);
    expect(second).toEqual(["alibaba"]);
    expect(swaps[2]?.variant).toBe("what's alibaba's stake in singpost in 2014");
  });

  it("swap a cloud business for another cloud provider", () => {
    const [swap] = directionalSwaps(engine.base)("how many regions does aliyun have");
    expect(swap?.kind).toBe("cloud provider swapped");
    expect(swap?.variant).not.toMatch(/aliyun/i);
  });

  it("pick a year the tracker does not speak of", () => {
    expect(uncoveredYear(2016, new Set([2013, 2015, 2016]))).toBe(2012);
  });
});

describe("minimum functionality questions", () => {
  it("ask the yes/no form of a value with its figure, and with a wrong one", () => {
    const value = engine.fact("singpost-stake")?.values.find((v) => v.key === "after");
    expect(value).toBeDefined();
    if (!value) return;
    expect(yesNoQuestions(value)).toEqual([
      {
        expected: "yes",
        question: "is it true that Alibaba's stake in SingPost after the increase is 14.4%?",
      },
      {
        expected: "no",
        question: "is it true that Alibaba's stake in SingPost after the increase is 21.6%?",
      },
    ]);
  });

  it("take a wrong figure plainly off the value", () => {
    expect(wrongNumber({ key: "k", measures: "m", number: 10.23, unit: "percent" })).toBe(15.35);
    expect(wrongNumber({ key: "k", measures: "m", number: 2016, unit: "year" })).toBe(2019);
  });
});

describe("what the checklist runs on and returns", () => {
  it("starts from the labelled answerable questions the engine answers right", () => {
    const right = rightlyAnswered(engine, questions);
    expect(right.length).toBeGreaterThan(200);
    for (const r of right) expect(r.answer.answered).toBe(true);
    const q = right[0];
    if (q) expect(sameAnswer(q.answer, engine.ask(q.question))).toBe(true);
  });

  it("checklistFailures gives { kind, question, variant, got } strings, the failing cases in order", () => {
    const failures = checklistFailures(engine, questions);
    expect(failures).toEqual(
      cases
        .filter((c) => !c.pass)
        .map(({ kind, question, variant, got }) => ({ kind, question, variant, got })),
    );
    for (const f of failures) {
      expect(Object.keys(f)).toEqual(["kind", "question", "variant", "got"]);
      expect(f.kind).toMatch(/^(invariance|direction|mft): /);
    }
  });

  it("rates add up to the cases", () => {
    const byTest = ratesByTest(cases);
    const byKind = [...ratesByKind(cases).values()];
    expect(byKind.reduce((n, r) => n + r.n, 0)).toBe(cases.length);
    expect(byTest.invariance.n + byTest.direction.n + byTest.mft.n).toBe(cases.length);
    expect(byTest.invariance.n).toBeGreaterThan(20 * 100);
    expect(byTest.direction.n).toBeGreaterThan(100);
    expect(byTest.mft.n).toBe(2 * engine.base.facts.reduce((n, f) => n + f.values.length, 0));
  });
});

// The goals of issue 9. These fail where the engine is still weak (see the printed rates and failures).
describe("the engine against the CheckList goals", () => {
  it(`keeps a right answer right under neutral edits ≥ ${GOALS.invariance * 100}% overall`, () => {
    expect(ratesByTest(cases).invariance.rate).toBeGreaterThanOrEqual(GOALS.invariance);
  });

  it.each(NEUTRAL_EDITS.map((e) => [e.kind]))(`invariance: %s ≥ ${GOALS.invariance * 100}%`, (kind) => {
    const rate = ratesByKind(cases).get(`invariance: ${kind}`);
    const failures = cases.filter((c) => c.kind === `invariance: ${kind}` && !c.pass);
    expect(rate?.rate ?? 1, failures.slice(0, 10).map(formatFailure).join("\n")).toBeGreaterThanOrEqual(
      GOALS.invariance,
    );
  });

  it(`declines a question whose subject or year the tracker does not cover ≥ ${GOALS.direction * 100}%`, () => {
    const failures = cases.filter((c) => c.test === "direction" && !c.pass);
    expect(ratesByTest(cases).direction.rate, failures.map(formatFailure).join("\n")).toBeGreaterThanOrEqual(
      GOALS.direction,
    );
  });

  it("answers the yes/no form of every figure: Yes with it, No with a wrong one", () => {
    const failures = cases.filter((c) => c.test === "mft" && !c.pass);
    expect(ratesByTest(cases).mft.rate, failures.map(formatFailure).join("\n")).toBeGreaterThanOrEqual(
      GOALS.mft,
    );
  });
});
