import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDefaultEngine } from "../src/app/runtime.js";
import type { Engine } from "../src/engine/types.js";
import { loadFactBase } from "../src/facts/load.js";
import { loadChecklist, newChecklistFailures } from "../src/teach/checklist.js";
import { parseDecisionsCsv } from "../src/teach/decisions.js";
import { canonicalJson, newestFileHolding, TeachError, withPhrasing } from "../src/teach/edition.js";
import { explanationLines } from "../src/teach/explain.js";
import {
  jsonlLine,
  type Labelled,
  labelledQuestionsOf,
  ReviewSchema,
  readLabelledFiles,
  withoutLine,
} from "../src/teach/labelled.js";
import { askedPhrase, pendingQuestions } from "../src/teach/pending.js";
import { decisionProblems } from "../src/teach/plan.js";
import {
  type Evaluation,
  evaluate,
  isRefused,
  keptForReview,
  propose,
  refusalLines,
  writeChanges,
} from "../src/teach/workspace.js";
import { lineDiff } from "./fixtures/line-diff.js";

const SHIPPED = "data/2017-01-alibaba-tracker.json";
const shipped = { path: SHIPPED, raw: readFileSync(SHIPPED, "utf8") };
const dir = mkdtempSync(join(tmpdir(), "teach-unit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let engine: Engine;
beforeAll(() => {
  engine = createDefaultEngine(loadFactBase());
});

describe("adding a phrasing to an edition file", () => {
  it("changes only the new line: key order and formatting are kept", () => {
    const raw = withPhrasing(shipped, "singpost-stake", "whats alibabas stake in the postal service");
    expect(raw).not.toBeNull();
    const diff = lineDiff(shipped.raw, raw ?? "");
    expect(diff.removed).toEqual([]);
    expect(diff.added).toEqual(['        "whats alibabas stake in the postal service",']);
    const fact = JSON.parse(raw ?? "").facts.find((f: { id: string }) => f.id === "singpost-stake");
    expect(Object.keys(fact)).toEqual(
      Object.keys(JSON.parse(shipped.raw).facts.find((f: { id: string }) => f.id === "singpost-stake")),
    );
    expect(fact.phrasings).toContain("whats alibabas stake in the postal service");
  });

  it("leaves a fact that already has the phrasing alone (case and a final ? aside)", () => {
    expect(withPhrasing(shipped, "singpost-stake", "What is Alibaba's stake in SingPost?")).toBeNull();
  });

  it("refuses a file formatted otherwise, whose diff would not be the new line alone", () => {
    const fixture = { path: "tests/fixtures/editions/2017-06-fixture.json", raw: "" };
    fixture.raw = readFileSync(fixture.path, "utf8");
    expect(() => withPhrasing(fixture, "singpost-stake", "x")).toThrow(TeachError);
    expect(() => withPhrasing(fixture, "singpost-stake", "x")).toThrow(/not formatted as the editions are/);
  });

  it("goes to the newest edition that holds the fact", () => {
    const fixture = {
      path: "newer.json",
      raw: readFileSync("tests/fixtures/editions/2017-06-fixture.json", "utf8"),
    };
    expect(newestFileHolding([shipped, fixture], "alibaba-cloud-regions")).toBe(fixture);
    expect(newestFileHolding([fixture, shipped], "alibaba-cloud-regions")).toBe(fixture);
    // Only the older edition holds this one.
    expect(newestFileHolding([shipped, fixture], "singpost-stake")).toBe(shipped);
    expect(newestFileHolding([shipped, fixture], "no-such-fact")).toBeUndefined();
  });

  it("the shipped editions are in the format it writes", () => {
    expect(canonicalJson(JSON.parse(shipped.raw))).toBe(shipped.raw);
  });
});

describe("the labelled question lists", () => {
  it("writes lines exactly as the splits have them", () => {
    for (const split of ["dev", "test"]) {
      const lines = readFileSync(`tests/questions/${split}.jsonl`, "utf8").split("\n").filter(Boolean);
      for (const line of lines) expect(jsonlLine(JSON.parse(line))).toBe(line);
    }
    expect(jsonlLine({ q: "où est taobao", kind: "out", expect: { decline: true } })).toBe(
      '{"q": "o\\u00f9 est taobao", "kind": "out", "expect": {"decline": true}}',
    );
  });

  it("takes one line out and keeps the others byte for byte", () => {
    const file = { path: "x.jsonl", raw: "a\nb\nc\n" };
    expect(withoutLine(file, 2).raw).toBe("a\nc\n");
  });

  it("reads the lists with their lines, an absent list as empty, and names bad lines", () => {
    const questions = join(dir, "lists");
    const write = (name: string, text: string) => writeFileSync(join(questions, name), text);
    mkdirSync(questions);
    write(
      "dev.jsonl",
      '{"q": "a", "kind": "out", "expect": {"decline": true}}\n\n{"q": "b", "kind": "out", "expect": {"decline": true}}\n',
    );
    write("test.jsonl", "");
    const files = readLabelledFiles(questions);
    expect(files.corrections.raw).toBe("");
    expect(labelledQuestionsOf(files).map((e) => [e.set, e.line, e.question.q])).toEqual([
      ["dev", 1, "a"],
      ["dev", 3, "b"],
    ]);
    write("test.jsonl", '{"q": "c", "kind": "maybe"}\n');
    expect(() => labelledQuestionsOf(readLabelledFiles(questions))).toThrow(/test\.jsonl:1: /);
  });
});

describe("decisions from a CSV file", () => {
  it("reads question,action,fact_id in any column order, with quoting, extra columns and a BOM", () => {
    const csv =
      '\ufeffguild_id,action,question,fact_id\r\n1,attach,"how big is sea, really",sea-population\r\n' +
      "1,out-of-scope,what's the weather in hangzhou,\r\n1,SKIP,hello,\r\n1,wrong,'=who owns taobao,taobao\r\n";
    const { rows, problems } = parseDecisionsCsv(csv);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        decision: { action: "attach", question: "how big is sea, really", factId: "sea-population" },
      },
      { line: 3, decision: { action: "out-of-scope", question: "what's the weather in hangzhou" } },
      { line: 4, decision: { action: "skip", question: "hello" } },
      // The apostrophe `npm run unanswered -- --csv` puts before formula-like text is taken off again.
      { line: 5, decision: { action: "wrong", question: "=who owns taobao", factId: "taobao" } },
    ]);
  });

  it("reports every bad row by its line, counting lines inside quoted fields", () => {
    const csv = [
      "question,action,fact_id",
      "ok question,attach,taobao",
      '"a question over',
      'two lines",skip,',
      "some question,delete,",
      "another,attach,",
      ",skip,",
      "fine,out-of-scope,taobao",
      "weird id,wrong,Not An Id",
    ].join("\n");
    const { rows, problems } = parseDecisionsCsv(csv);
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(problems).toEqual([
      { line: 3, message: "question: a question is one line" },
      { line: 5, message: "action: expected one of attach, out-of-scope, wrong, skip" },
      { line: 6, message: "fact_id: attach needs the fact's id" },
      { line: 7, message: "question: the question is empty" },
      { line: 8, message: "fact_id: out-of-scope takes no fact id (did you mean attach or wrong?)" },
      { line: 9, message: 'fact_id: "Not An Id" is not a fact id' },
    ]);
  });

  it("needs the header, and says so for a file that is not CSV", () => {
    expect(parseDecisionsCsv("how big is sea,attach,sea-population\n").problems).toEqual([
      { line: 1, message: expect.stringMatching(/header row must name the columns question,action,fact_id/) },
    ]);
    expect(parseDecisionsCsv('question,action,fact_id\n"never closed,skip,\n').problems[0]?.message).toMatch(
      /not readable as CSV: Quote Not Closed/,
    );
    expect(parseDecisionsCsv("question,action,fact_id\n").problems).toEqual([
      { line: 1, message: "no decisions after the header" },
    ]);
  });

  it("knows the facts and the labelled questions: unknown ids, a second label, a question decided twice", () => {
    const entries: Labelled[] = [
      { set: "dev", line: 7, question: { q: "ustr blacklist", kind: "in", expect: { fact: "taobao" } } },
    ];
    const problems = decisionProblems(
      [
        {
          line: 2,
          decision: { action: "attach", question: "how many people in sea", factId: "sea-populaton" },
        },
        { line: 3, decision: { action: "out-of-scope", question: "USTR blacklist?" } },
        { line: 4, decision: { action: "skip", question: "How many people in SEA?" } },
      ],
      engine,
      entries,
    );
    expect(problems).toEqual([
      { line: 2, message: 'fact_id: no fact "sea-populaton" (did you mean sea-population?)' },
      { line: 3, message: "already a labelled question (dev.jsonl line 7): change it there" },
      { line: 4, message: "the same question is decided on line 2" },
    ]);
  });
});

describe("what the editor is shown", () => {
  it("the engine's explanation: the answer, the rule, each close fact's score and conflicts", () => {
    const answer = engine.ask("what's the weather in hangzhou");
    const lines = explanationLines(
      {
        answer,
        rule: "conflict",
        candidates: [
          {
            factId: "ningbo",
            title: "Ningbo",
            score: 0.4123,
            coverage: 0.5,
            conflicts: ["foreign: hangzhou"],
          },
          { factId: "taobao", title: "Taobao", score: 0.1, conflicts: [] },
        ],
      },
      engine,
    );
    expect(lines[0]).toMatch(/^ {2}The bot now: decline, confidence \d\.\d\d; rule: conflict$/);
    expect(lines[1]).toMatch(/doesn't say/);
    expect(lines.slice(2)).toEqual([
      "  Closest facts:",
      "    1. ningbo — Ningbo  score 0.41  coverage 0.50",
      "       conflicts: foreign: hangzhou",
      "    2. taobao — Taobao  score 0.10",
    ]);
  });

  it("one entry per question, however many servers asked it, most asked first", () => {
    const row = (guildId: string | null, question: string, count: number, lastSeen: number) => ({
      guildId,
      question,
      count,
      firstSeen: 0,
      lastSeen,
    });
    const pending = pendingQuestions([
      row("1", "a", 2, 10),
      row("2", "b", 2, 30),
      row(null, "a", 1, 20),
      row("3", "c", 1, 40),
    ]);
    expect(pending.map((p) => [p.question, p.count, p.guilds])).toEqual([
      ["a", 3, ["1", null]],
      ["b", 2, ["2"]],
      ["c", 1, ["3"]],
    ]);
    const [first] = pending;
    expect(first && askedPhrase(first)).toBe("asked 3 times in 1 server and DMs");
  });
});

describe("the invariance tests (bench/checklist.ts, when it exists)", () => {
  const module = (name: string, body: string) => {
    const path = join(dir, name);
    writeFileSync(path, body);
    return pathToFileURL(path);
  };

  it("are skipped when the module is absent", async () => {
    expect(await loadChecklist(pathToFileURL(join(dir, "nowhere", "checklist.js")))).toBeUndefined();
  });

  it("run checklistFailures(engine, questions), its output checked", async () => {
    const run = await loadChecklist(
      module(
        "good.mjs",
        "export const checklistFailures = (engine, questions) => questions.slice(0, 1).map((q) => ({ kind: 'typo', question: q.q, variant: q.q.toUpperCase(), got: engine.ask(q.q).outcome }));",
      ),
    );
    expect(run?.(engine, [{ q: "what is taobao", kind: "in", expect: { fact: "taobao" } }])).toEqual([
      { kind: "typo", question: "what is taobao", variant: "WHAT IS TAOBAO", got: "answer" },
    ]);
    const bad = await loadChecklist(
      module("bad.mjs", "export const checklistFailures = () => [{ kind: 1 }];"),
    );
    expect(() => bad?.(engine, [])).toThrow(/checklistFailures returned something else/);
    await expect(loadChecklist(module("none.mjs", "export const other = 1;"))).rejects.toThrow(
      /does not export a function checklistFailures/,
    );
  });

  it("count only the failures a change adds", () => {
    const f = (variant: string) => ({ kind: "typo", question: "q", variant, got: "decline" });
    expect(newChecklistFailures([f("a"), f("b")], [f("b"), f("c")])).toEqual([f("c")]);
  });
});

describe("a change checked before it is written", () => {
  let before: Evaluation;
  const labelled = join(dir, "checked");

  beforeAll(() => {
    mkdirSync(labelled);
    const lines = readFileSync("tests/questions/dev.jsonl", "utf8").split("\n");
    const keep = lines.filter((l) => /"q": "(alibaba anti piracy efforts|whats tao bao)"/.test(l));
    expect(keep).toHaveLength(2);
    writeFileSync(join(labelled, "dev.jsonl"), `${keep.join("\n")}\n`);
    writeFileSync(join(labelled, "test.jsonl"), "");
    before = evaluate({ editions: [shipped], labelled: readLabelledFiles(labelled) }, undefined);
    expect(before.outcomes.map((o) => o.verdict)).toEqual(["right", "right"]);
  });

  it("is refused when it breaks a labelled question that was right, naming it and what it now gets", () => {
    const checked = propose(
      before,
      [{ action: "attach", question: "alibaba anti piracy efforts", factId: "taobao-notorious-markets" }],
      undefined,
    );
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(isRefused(checked.proposal)).toBe(true);
    const lines = refusalLines(checked.proposal);
    expect(lines[0]).toBe("Refused: a labelled question would fail with this change.");
    expect(lines[1]).toMatch(
      /^ {2}dev\.jsonl line \d \(right before\): "alibaba anti piracy efforts" now gets answered with taobao-notorious-markets; expected cloud-sword \| cloud-sword-arrests; answer taobao-notorious-markets: "/,
    );
  });

  it("an invalid fact base is refused with the loader's own message", () => {
    const json = JSON.parse(shipped.raw);
    json.facts[0].phrasings = [];
    const broken = { ...shipped, raw: canonicalJson(json) };
    const checked = propose(
      { ...before, workspace: { ...before.workspace, editions: [broken] } },
      [],
      undefined,
    );
    expect(checked).toEqual({
      ok: false,
      problems: [
        expect.stringMatching(/fact "taobao-notorious-markets": phrasings: needs at least one phrasing/),
      ],
    });
  });

  it("new checklist failures refuse it too; kept, they take their labelled question out for review", () => {
    // A stand-in checklist: fails on a question once the fact base gives it as a phrasing of another fact.
    const checklist = (e: Engine, questions: { q: string }[]) =>
      e.fact("taobao")?.phrasings.includes("whats tao bao, really")
        ? questions
            .slice(0, 1)
            .map((q) => ({ kind: "invariance", question: q.q, variant: `${q.q}, really`, got: "taobao" }))
        : [];
    const start = evaluate(before.workspace, checklist);
    const checked = propose(
      start,
      [{ action: "attach", question: "whats tao bao, really", factId: "taobao" }],
      checklist,
    );
    if (!checked.ok) throw new Error(checked.problems.join("\n"));
    expect(checked.proposal.broken).toEqual([]);
    expect(refusalLines(checked.proposal)[1]).toMatch(
      /checklist \(invariance\): ".*, really", a variant of ".*", now gets taobao/,
    );
    const kept = keptForReview(checked.proposal, checklist);
    expect(kept.after.entries).toHaveLength(1);
    const review = kept.after.workspace.labelled.review.raw
      .trim()
      .split("\n")
      .map((l) => ReviewSchema.parse(JSON.parse(l)));
    expect(review).toEqual([
      expect.objectContaining({
        from: "dev",
        change: 'attach "whats tao bao, really" to taobao',
        got: expect.stringMatching(/^checklist/),
      }),
    ]);
  });

  it("is written all or nothing: a file that cannot be written leaves the others as they were", () => {
    const folder = join(dir, "written");
    mkdirSync(folder);
    const edition = { path: join(folder, "2017-01.json"), raw: shipped.raw };
    writeFileSync(edition.path, edition.raw);
    // The labelled lists live in a folder that does not exist: the correction cannot be written.
    const workspace = { editions: [edition], labelled: readLabelledFiles(join(folder, "missing")) };
    const checked = propose(
      evaluate(workspace, undefined),
      [{ action: "wrong", question: "who is the boss of alibaba cloud", factId: "ethan-yu" }],
      undefined,
    );
    if (!checked.ok) throw new Error(checked.problems.join("\n"));
    expect(() => writeChanges(workspace, checked.proposal.after.workspace)).toThrow(
      /cannot write .*corrections\.jsonl: .*; nothing written/,
    );
    expect(readFileSync(edition.path, "utf8")).toBe(shipped.raw);
    expect(readdirSync(folder)).toEqual(["2017-01.json"]);
  });
});
