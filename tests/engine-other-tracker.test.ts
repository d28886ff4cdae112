import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createDefaultEngine } from "../src/app/runtime.js";
import { turnOf } from "../src/engine/turn.js";
import type { AskContext, EngineAnswer } from "../src/engine/types.js";
import { buildFactBase } from "../src/facts/base.js";
import { loadFactBase } from "../src/facts/load.js";

/**
 * The engine knows no tracker: a test edition about invented companies (another industry, other names, its
 * own vocabulary) answers its own questions with no code change, and nothing in src/engine names anything
 * from the shipped edition.
 */

const FILE = "tests/fixtures/other-tracker/2018-05-battery-tracker.json";
const engine = createDefaultEngine(buildFactBase([{ file: FILE, raw: readFileSync(FILE, "utf8") }]));

function ask(question: string, context?: AskContext): EngineAnswer {
  return engine.ask(question, context);
}

describe("a tracker about other companies, with no code change", () => {
  it.each([
    ["how many people work at voltaris?", "voltaris-staff"],
    ["who's the boss of voltaris", "voltaris-ceo"],
    ["brightwheel deal value?", "brightwheel-deal"],
    ["nordcell price cut by 2020, how much?", "nordcell-price-cut"],
    ["when did the lodz plant open", "voltaris-lodz-plant"],
    ["how many cars will lodz make cells for", "lodz-capacity"],
    ["voltaris headcount", "voltaris-staff"],
  ])("answers %j from its own facts", (question, factId) => {
    const answer = ask(question);
    expect(answer.outcome).toBe("answer");
    expect(answer.fact?.id).toBe(factId);
  });

  it("computes from its own figures: 4,200 − 3,100 staff", () => {
    const answer = ask("how many more staff does voltaris have than a year ago");
    expect(answer.derivation?.operation).toBe("difference");
    expect(answer.derivation?.result.number).toBe(1100);
  });

  it("answers a false premise No, with the fact", () => {
    const answer = ask("voltaris has 5,000 employees, right?");
    expect(answer.verdict?.answer).toBe("no");
    expect(answer.fact?.id).toBe("voltaris-staff");
  });

  it.each([
    "what is tesla's battery output",
    "how many people does nordcell employ",
    "what is the capital of france",
  ])("declines %j, which it does not cover", (question) => {
    expect(ask(question).answered).toBe(false);
  });

  it("follows up: 'and before that?' gives the earlier figure, 'and nordcell?' is declined", () => {
    const first = "voltaris headcount";
    const previous = [turnOf(first, ask(first))];
    const before = ask("and before that?", { previous });
    expect(before.derivation?.operation).toBe("pick");
    expect(before.derivation?.result.number).toBe(3100);
    expect(ask("and nordcell?", { previous }).answered).toBe(false);
  });
});

/** A source file's code, without its comments (which may quote the shipped edition as an example). */
function codeOf(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/[^\n]*/g, "$1");
}

describe("src/engine names nothing from the shipped edition", () => {
  const base = loadFactBase();
  const names = [...base.vocabulary.entities.values()]
    .flatMap((e) => [...e.names, ...e.aliases])
    .map((n) => n.toLowerCase())
    .filter((n) => n.length >= 3);

  it("knows the edition's names to look for", () => {
    expect(names.length).toBeGreaterThan(20);
  });

  it.each(readdirSync("src/engine").filter((f) => f.endsWith(".ts")))(
    "%s has none of them in its code",
    (file) => {
      const code = codeOf(readFileSync(join("src/engine", file), "utf8")).toLowerCase();
      const named = names.filter((n) =>
        new RegExp(`(?<![a-z])${n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![a-z])`).test(code),
      );
      expect(named).toEqual([]);
    },
  );
});
