import { beforeAll, describe, expect, it } from "vitest";
import { loadQuestions, SPLITS } from "../bench/questions.js";
import {
  accuracy,
  checkFloors,
  formatFailures,
  formatSummary,
  type Scored,
  type Summary,
  score,
  summarize,
  TEST_FLOORS,
  withText,
  wrongRate,
} from "../bench/score.js";
import { createDefaultEngine } from "../src/app/runtime.js";

/**
 * The engine against the labelled question set (dev + test). The floors are in `bench/score.ts`;
 * `npm run bench` reports the test split alone, with stricter floors, next to two baselines.
 */

let results: Scored[];
let summary: Summary;

beforeAll(() => {
  const engine = createDefaultEngine();
  const questions = SPLITS.flatMap((split) => loadQuestions(split));
  const answerer = withText(engine);
  results = questions.map((question) => score(question, answerer.ask(question.q)));
  summary = summarize(results);
  console.log(`${formatSummary(summary, "engine on dev+test")}\n`);
  const failures = formatFailures(results, 80);
  if (failures) console.log(`Not right (MISS = did not answer, WRONG = confident wrong):\n${failures}\n`);
});

describe("engine accuracy on the question set (dev+test)", () => {
  it(`answers in+typo questions right ≥ ${TEST_FLOORS.answerable * 100}%`, () => {
    expect(accuracy(summary.byGroup.answerable)).toBeGreaterThanOrEqual(TEST_FLOORS.answerable);
  });

  it(`declines what the tracker does not say ≥ ${TEST_FLOORS.declines * 100}%`, () => {
    expect(accuracy(summary.byGroup.declines)).toBeGreaterThanOrEqual(TEST_FLOORS.declines);
  });

  it(`answers derived questions right ≥ ${TEST_FLOORS.derived * 100}%`, () => {
    expect(accuracy(summary.byGroup.derived)).toBeGreaterThanOrEqual(TEST_FLOORS.derived);
  });

  it(`gives confident wrong answers ≤ ${TEST_FLOORS.confidentWrong * 100}%`, () => {
    const wrong = results.filter((r) => r.verdict === "wrong");
    expect(wrongRate(summary.overall), formatFailures(wrong)).toBeLessThanOrEqual(TEST_FLOORS.confidentWrong);
  });

  it("meets every floor together", () => {
    expect(checkFloors(summary, TEST_FLOORS).filter((c) => !c.pass)).toEqual([]);
  });
});
