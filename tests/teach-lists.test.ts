import { existsSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { QUESTIONS_DIR } from "../bench/questions.js";
import { createDefaultEngine } from "../src/app/runtime.js";
import type { Engine } from "../src/engine/types.js";
import { questionKey } from "../src/teach/edition.js";
import {
  type Labelled,
  labelledQuestionsOf,
  outcomesOf,
  ReviewSchema,
  readLabelledFiles,
} from "../src/teach/labelled.js";

/**
 * The lists `npm run facts:teach` grows, run as labelled sets: every must-decline question is declined, and
 * every corrected answer stays right. A question that fails here was right when the editor added it.
 */

let engine: Engine;
let entries: Labelled[];
beforeAll(() => {
  engine = createDefaultEngine();
  entries = labelledQuestionsOf(readLabelledFiles(QUESTIONS_DIR));
});

const failuresIn = (set: Labelled["set"]) =>
  outcomesOf(
    engine,
    entries.filter((e) => e.set === set),
  )
    .filter((o) => o.verdict !== "right")
    .map((o) => `${set}.jsonl line ${o.entry.line}: "${o.entry.question.q}" gets ${o.got}`);

describe("the editors' labelled lists (tests/questions/)", () => {
  it("out-of-scope.jsonl: must-decline questions, every one declined", () => {
    const list = entries.filter((e) => e.set === "out-of-scope");
    for (const { question } of list) {
      expect(question).toMatchObject({ kind: "out", expect: { decline: true } });
    }
    expect(failuresIn("out-of-scope")).toEqual([]);
  });

  it("corrections.jsonl: the right fact for questions once answered wrongly, every one answered right", () => {
    for (const { question } of entries.filter((e) => e.set === "corrections")) {
      expect(question.kind).toBe("in");
      expect(question.expect).toHaveProperty("fact");
    }
    expect(failuresIn("corrections")).toEqual([]);
  });

  it("no question of these lists is labelled elsewhere too (two labels could contradict)", () => {
    const lists = new Set(["out-of-scope", "corrections"]);
    const where = new Map<string, string[]>();
    for (const { set, line, question } of entries) {
      const key = questionKey(question.q);
      where.set(key, [...(where.get(key) ?? []), `${set}.jsonl line ${line}`]);
    }
    const twice = entries
      .filter((e) => lists.has(e.set) && (where.get(questionKey(e.question.q))?.length ?? 0) > 1)
      .map((e) => `"${e.question.q}": ${where.get(questionKey(e.question.q))?.join(", ")}`);
    expect(twice).toEqual([]);
  });

  it("review.jsonl, when there is one, holds questions taken out for review, each with where it came from", () => {
    const path = `${QUESTIONS_DIR}/review.jsonl`;
    const lines = existsSync(path) ? readFileSync(path, "utf8").split("\n").filter(Boolean) : [];
    for (const line of lines) expect(ReviewSchema.safeParse(JSON.parse(line)).success, line).toBe(true);
  });
});
