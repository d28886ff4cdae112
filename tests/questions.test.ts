import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  factIdsOf,
  KINDS,
  parseQuestions,
  type Question,
  questionsFile,
  SPLITS,
  type Split,
} from "../bench/questions.js";
import {
  type AnswerLike,
  accuracy,
  checkFloors,
  plainText,
  score,
  summarize,
  TEST_FLOORS,
} from "../bench/score.js";
import type { FactBase } from "../src/facts/base.js";
import { loadFactBase } from "../src/facts/load.js";

const normalize = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

let base: FactBase;
const splits = {} as Record<Split, Question[]>;
const all = (): Question[] => [...splits.dev, ...splits.test];

beforeAll(() => {
  base = loadFactBase();
  for (const split of SPLITS) {
    const { questions, problems } = parseQuestions(readFileSync(questionsFile(split), "utf8"));
    expect(problems, `${split}.jsonl`).toEqual([]);
    splits[split] = questions;
  }
});

describe("the question set", () => {
  it("has at least 400 questions, about 40% dev and 60% test", () => {
    const total = all().length;
    expect(total).toBeGreaterThanOrEqual(400);
    const devShare = splits.dev.length / total;
    expect(devShare).toBeGreaterThan(0.3);
    expect(devShare).toBeLessThan(0.5);
  });

  it("has every kind in both splits, and about a quarter out-of-scope", () => {
    for (const split of SPLITS) {
      const kinds = new Set(splits[split].map((q) => q.kind));
      expect([...kinds].sort(), split).toEqual([...KINDS].sort());
    }
    const outShare = all().filter((q) => q.kind === "out").length / all().length;
    expect(outShare).toBeGreaterThan(0.2);
    expect(outShare).toBeLessThan(0.3);
  });

  it("matches kinds to expectations", () => {
    const bad = all().filter(
      (q) =>
        ((q.kind === "in" || q.kind === "typo") && !("fact" in q.expect)) ||
        (q.kind === "derived") !== "derived" in q.expect ||
        (q.kind === "out" && !("decline" in q.expect || "smalltalk" in q.expect)),
    );
    expect(bad.map((q) => q.q)).toEqual([]);
  });

  it("names only facts that exist", () => {
    const unknown = all().flatMap((q) => factIdsOf(q.expect).filter((id) => !base.byId.has(id)));
    expect(unknown).toEqual([]);
  });

  it("covers every fact at least twice in the test split's in+typo questions", () => {
    const counts = new Map(base.facts.map((f) => [f.id, 0]));
    for (const q of splits.test) {
      if (q.kind !== "in" && q.kind !== "typo") continue;
      for (const id of factIdsOf(q.expect)) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const thin = [...counts].filter(([, n]) => n < 2).map(([id]) => id);
    expect(thin).toEqual([]);
  });

  it("covers every fact in the dev split too", () => {
    const seen = new Set(splits.dev.flatMap((q) => factIdsOf(q.expect)));
    expect(base.facts.map((f) => f.id).filter((id) => !seen.has(id))).toEqual([]);
  });

  it("has no question twice, within or across splits", () => {
    const seen = new Map<string, Split>();
    const dups: string[] = [];
    for (const split of SPLITS) {
      for (const q of splits[split]) {
        const prev = seen.get(q.q);
        if (prev) dups.push(`${JSON.stringify(q.q)} in ${prev} and ${split}`);
        seen.set(q.q, split);
      }
    }
    expect(dups).toEqual([]);
  });

  it("does not copy the facts' phrasings (they are the training data, this is the exam)", () => {
    const phrasings = new Set(base.facts.flatMap((f) => f.phrasings.map(normalize)));
    expect(
      all()
        .filter((q) => phrasings.has(normalize(q.q)))
        .map((q) => q.q),
    ).toEqual([]);
  });

  it("asks for figures every acceptable fact's answer actually gives", () => {
    const problems: string[] = [];
    for (const q of all()) {
      if (!("fact" in q.expect) || !q.expect.contains) continue;
      for (const id of factIdsOf(q.expect)) {
        const answer = plainText(base.byId.get(id)?.answer ?? "");
        for (const source of q.expect.contains) {
          if (!new RegExp(source, "i").test(answer))
            problems.push(`${JSON.stringify(q.q)}: ${id} lacks /${source}/`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("score", () => {
  const fact = (id: string): { id: string } => ({ id });
  const answer = (id: string, text: string, extra: Partial<AnswerLike> = {}): AnswerLike => ({
    answered: true,
    outcome: "answer",
    fact: fact(id),
    text,
    ...extra,
  });
  const declined: AnswerLike = {
    answered: false,
    outcome: "decline",
    fact: null,
    text: "The tracker doesn't say.",
  };
  const suggested: AnswerLike = {
    answered: false,
    outcome: "suggest",
    fact: fact("singpost-stake"),
    text: "Did you mean…",
  };
  const q = (expect: Question["expect"], kind: Question["kind"] = "in"): Question => ({
    q: "?",
    kind,
    expect,
  });

  it("scores a fact expectation", () => {
    const e = q({ fact: ["singpost-stake", "singpost-stake-timing"], contains: ["14\\.4\\s*%"] });
    expect(score(e, answer("singpost-stake", "Alibaba's stake will rise to **14.4%**.")).verdict).toBe(
      "right",
    );
    expect(score(e, answer("singpost-stake-timing", "It rises to **14.4**% by February.")).verdict).toBe(
      "right",
    );
    expect(score(e, answer("singpost-stake", "Alibaba's stake is **10.23%**.")).verdict).toBe("wrong");
    expect(score(e, answer("singpost", "SingPost is at 14.4%.")).verdict).toBe("wrong");
    expect(score(e, declined).verdict).toBe("miss");
    expect(score(e, suggested).verdict).toBe("miss");
    expect(score(q({ fact: "taobao" }), answer("taobao", "anything")).verdict).toBe("right");
  });

  it("accepts a decline when declineOk is set, but not a wrong figure", () => {
    const e = q({ fact: "singpost-stake", contains: ["14\\.4"], declineOk: true }, "adversarial");
    expect(score(e, declined).verdict).toBe("right");
    expect(score(e, answer("singpost-stake", "The stake is 14.4%.")).verdict).toBe("right");
    expect(score(e, answer("singpost-stake", "The stake is 99%.")).verdict).toBe("wrong");
  });

  it("scores a derived expectation, telling a fallback to the source fact from a wrong computation", () => {
    const e = q({ derived: ["4\\.17"], from: ["singpost-stake"] }, "derived");
    const derivation = { operation: "difference" };
    expect(score(e, answer("singpost-stake", "up **4.17** percentage points", { derivation })).verdict).toBe(
      "right",
    );
    expect(score(e, answer("singpost-stake", "rises to 14.4% from 10.23%")).verdict).toBe("miss");
    expect(score(e, answer("singpost-stake", "up 4.2 points", { derivation })).verdict).toBe("wrong");
    expect(score(e, answer("sea-population", "over 620 million")).verdict).toBe("wrong");
    expect(score(e, declined).verdict).toBe("miss");
  });

  it("scores decline and smalltalk expectations: any non-answer is right", () => {
    for (const e of [q({ decline: true }, "out"), q({ smalltalk: true }, "out")]) {
      expect(score(e, declined).verdict).toBe("right");
      expect(score(e, suggested).verdict).toBe("right");
      expect(score(e, { answered: false, outcome: "smalltalk", fact: null, text: "Hi!" }).verdict).toBe(
        "right",
      );
      expect(score(e, { answered: false, outcome: "empty", fact: null, text: "" }).verdict).toBe("right");
      expect(score(e, answer("taobao", "Taobao is…")).verdict).toBe("wrong");
    }
  });

  it("passes every floor for a perfect engine, and fails them for one that answers everything", () => {
    const derivedTexts: Record<string, string> = {};
    const perfect = (question: Question): AnswerLike => {
      const e = question.expect;
      if ("fact" in e) {
        const id = factIdsOf(e)[0] ?? "";
        return answer(id, base.byId.get(id)?.answer ?? "");
      }
      // A perfect engine's derived text matches every regex; build one from the regexes' own alternatives.
      if ("derived" in e)
        return answer(e.from[0] ?? "", derivedTexts[question.q] ?? sampleMatching(e.derived));
      return declined;
    };
    const results = all().map((question) => score(question, perfect(question)));
    const summary = summarize(results);
    expect(results.filter((r) => r.verdict !== "right").map((r) => `${r.question.q}: ${r.why}`)).toEqual([]);
    expect(checkFloors(summary, TEST_FLOORS).every((c) => c.pass)).toBe(true);

    const eager = all().map((question) => score(question, answer("taobao", "Taobao is a marketplace.")));
    const eagerSummary = summarize(eager);
    expect(accuracy(eagerSummary.byGroup.declines)).toBe(0);
    expect(checkFloors(eagerSummary, TEST_FLOORS).some((c) => c.pass)).toBe(false);
  });
});

/** Figures that satisfy the derived regexes in the set, written as an engine might. */
function sampleMatching(regexes: string[]): string {
  const candidates = [
    "up 4.17 percentage points",
    "10.23%",
    "14.4%",
    "about 40.8% more",
    "85.6%",
    "about 1.83 arrests per investigation",
    "136 more",
    "about 14.08 cities per province",
    "327 more",
    "about 24.2%",
    "about 75.8%",
    "470 million people",
    "about 4.13 people",
    "5 years",
    "9 years",
    "8 years",
    "13 regions",
    "about $448 per person",
  ];
  const hit = candidates.find((c) => regexes.every((r) => new RegExp(r, "i").test(c)));
  return hit ?? `(no sample matches ${regexes.join(", ")})`;
}
