import { spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createDefaultEngine } from "../src/app/runtime.js";
import { loadFactBase } from "../src/facts/load.js";
import { openSqliteStore } from "../src/store/sqlite.js";
import { labelledQuestionsOf, outcomesOf, ReviewSchema, readLabelledFiles } from "../src/teach/labelled.js";
import { lineDiff } from "./fixtures/line-diff.js";

// `npm test` builds dist/ before vitest runs: these run exactly what `npm run facts:teach` runs, against a
// temporary copy of data/, a temporary SQLite store and a small set of labelled questions.
const CLI = join(process.cwd(), "dist/src/teach/cli.js");
const EDITION = "2017-01-alibaba-tracker.json";
const GUILD_A = "500000000000000001";
const GUILD_B = "500000000000000002";
const root = mkdtempSync(join(tmpdir(), "facts-teach-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Labelled questions for the checks: a few of each split, including two a careless attach breaks. */
function labelledSubset(): { dev: string; test: string } {
  const lines = (split: string) =>
    readFileSync(`tests/questions/${split}.jsonl`, "utf8").split("\n").filter(Boolean);
  const breakable = lines("dev").filter((l) => /"q": "(alibaba anti piracy efforts|whats tao bao)"/.test(l));
  expect(breakable).toHaveLength(2);
  return {
    dev: `${[...lines("dev").slice(0, 4), ...breakable].join("\n")}\n`,
    test: `${lines("test").slice(0, 6).join("\n")}\n`,
  };
}
const SUBSET = labelledSubset();

let dir: string;
let data: string;
let questions: string;
let database: string;

beforeEach(async () => {
  dir = mkdtempSync(join(root, "run-"));
  data = join(dir, "data");
  questions = join(dir, "questions");
  database = join(dir, "store.sqlite");
  mkdirSync(questions);
  cpSync("data", data, { recursive: true });
  writeFileSync(join(questions, "dev.jsonl"), SUBSET.dev);
  writeFileSync(join(questions, "test.jsonl"), SUBSET.test);
  await record(GUILD_A, "who is the boss of alibaba cloud", 3);
  await record(GUILD_B, "who is the boss of alibaba cloud", 1);
  await record(GUILD_A, "what's the weather in hangzhou", 2);
  await record(null, "how many servers does aliyun have", 1);
});

async function record(guild: string | null, question: string, times: number): Promise<void> {
  const store = openSqliteStore(database);
  for (let i = 0; i < times; i++) await store.recordUnanswered(guild, question);
  await store.close();
}

const env = () => ({ PATH: process.env.PATH, DATABASE_PATH: database });
// No checklist unless a test gives one: bench/checklist.ts, once it exists, is not what these tests are about.
const paths = () => ["--data", data, "--questions", questions, "--checklist", join(dir, "no-checklist.js")];

function teach(args: string[], input = "") {
  return spawnSync(process.execPath, [CLI, ...paths(), ...args], {
    cwd: dir,
    env: env(),
    input,
    encoding: "utf8",
    timeout: 60_000,
  });
}

/** Every file of the fact base and the labelled lists, by name: to prove what was, and was not, written. */
function snapshot(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const folder of [data, questions]) {
    for (const name of readdirSync(folder))
      files[join(folder, name)] = readFileSync(join(folder, name), "utf8");
  }
  return files;
}

async function unanswered(scope: string | null | "all" = "all"): Promise<string[]> {
  const store = openSqliteStore(database);
  try {
    return (await store.listUnanswered(scope)).map((row) => `${row.guildId ?? "dm"} ${row.question}`).sort();
  } finally {
    await store.close();
  }
}

const shipped = readFileSync(join("data", EDITION), "utf8");
const edition = () => readFileSync(join(data, EDITION), "utf8");
const list = (name: string) => {
  const path = join(questions, `${name}.jsonl`);
  return existsSync(path) ? readFileSync(path, "utf8") : "";
};

describe("npm run facts:teach, answers piped in", () => {
  it("attach, out of scope and skip: saved, checked, and the handled questions leave the list", async () => {
    const result = teach([], "1\nethan-yu\n2\n4\n");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/^No .*no-checklist\.js: the invariance tests \(checklist\) are skipped\.\n/);
    expect(out).toContain("3 unanswered questions to review, most asked first.");
    // Most asked first, once for both servers; what the bot says now and why.
    expect(out).toContain('[1/3] "who is the boss of alibaba cloud" — asked 4 times in 2 servers');
    expect(out).toMatch(/The bot now: decline, confidence \d\.\d\d; rule: /);
    expect(out).toMatch(/Closest facts:\n {4}1\. [a-z-]+ — /);
    expect(out).toMatch(/Checked 12 labelled questions \(dev 6, test 6\); no checklist to run\./);
    expect(out).toContain('The bot now answers "who is the boss of alibaba cloud" with ethan-yu: ');
    expect(out).toContain('[2/3] "what\'s the weather in hangzhou" — asked 2 times in 1 server');
    expect(out).toContain('The bot declines "what\'s the weather in hangzhou"');
    expect(out).toContain('[3/3] "how many servers does aliyun have" — asked once in DMs');
    expect(out.trimEnd().split("\n").at(-1)).toBe("1 attached, 1 out of scope, 0 corrected, 1 skipped.");

    // The edition file: the one new line, nothing else.
    expect(lineDiff(shipped, edition())).toEqual({
      removed: [],
      added: ['        "who is the boss of alibaba cloud",'],
    });
    expect(list("out-of-scope")).toBe(
      '{"q": "what\'s the weather in hangzhou", "kind": "out", "expect": {"decline": true}}\n',
    );
    expect(await unanswered()).toEqual(["dm how many servers does aliyun have"]);

    // A fresh engine on the changed files answers it, and the new must-decline list passes.
    const engine = createDefaultEngine(loadFactBase(data));
    expect(engine.ask("who is the boss of alibaba cloud").fact?.id).toBe("ethan-yu");
    const lists = labelledQuestionsOf(readLabelledFiles(questions)).filter((e) => e.set === "out-of-scope");
    expect(outcomesOf(engine, lists).map((o) => o.verdict)).toEqual(["right"]);
  });

  it("--guild: that server's questions only, and only its copy leaves the list", async () => {
    // A slip at each prompt is said and asked again; an empty fact goes back to the decision.
    const result = teach(["--guild", GUILD_B], "x\n1\n9\n\n1\nethan-yu\n");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("q quit > x\n  Type 1, 2, 3, 4 or q.\n");
    expect(result.stdout).toContain("empty: back) > 9\n  No fact numbered 9 here.\n");
    expect(result.stdout).toMatch(/empty: back\) > \n {2}1 attach/);
    expect(result.stdout).toContain("1 unanswered question to review");
    expect(result.stdout).toContain('[1/1] "who is the boss of alibaba cloud" — asked once in 1 server');
    expect(await unanswered()).toEqual([
      `${GUILD_A} what's the weather in hangzhou`,
      `${GUILD_A} who is the boss of alibaba cloud`,
      "dm how many servers does aliyun have",
    ]);
  });

  it("a change that breaks a labelled question is refused, naming it; dropped, nothing is written", async () => {
    // A labelled question the bot answers right, attached to the wrong fact (listed with --include-answered).
    await record(GUILD_A, "alibaba anti piracy efforts", 5);
    const before = snapshot();
    const result = teach(["--include-answered"], "1\ntaobao-notorious-markets\nd\nq\n");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Refused: a labelled question would fail with this change.");
    expect(result.stdout).toMatch(
      /dev\.jsonl line 6 \(right before\): "alibaba anti piracy efforts" now gets answered with taobao-notorious-markets; expected cloud-sword \| cloud-sword-arrests/,
    );
    expect(result.stdout).toContain("Dropped: nothing saved.");
    expect(snapshot()).toEqual(before);
    expect(await unanswered()).toHaveLength(5);
  });

  it("…or kept, with the labelled question taken out of its set for review", async () => {
    await record(GUILD_A, "alibaba anti piracy efforts", 5);
    const result = teach(["--include-answered"], "1\ntaobao-notorious-markets\nk\nq\n");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Saved .*2017-01-alibaba-tracker\.json, .*dev\.jsonl, .*review\.jsonl\./);
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe(
      "1 attached, 0 out of scope, 0 corrected, 0 skipped; 1 labelled question marked for review.",
    );
    expect(list("dev")).not.toContain("alibaba anti piracy efforts");
    // Its set keeps every other line as it was: put the line back and it is the set as before.
    expect(lineDiff(list("dev"), SUBSET.dev)).toEqual({
      added: [expect.stringContaining('"q": "alibaba anti piracy efforts"')],
      removed: [],
    });
    const [review] = list("review")
      .trim()
      .split("\n")
      .map((line) => ReviewSchema.parse(JSON.parse(line)));
    expect(review).toMatchObject({
      q: "alibaba anti piracy efforts",
      from: "dev",
      change: 'attach "alibaba anti piracy efforts" to taobao-notorious-markets',
      got: expect.stringMatching(/^answered with taobao-notorious-markets/),
    });
  });
});

describe("npm run facts:teach --decisions file.csv", () => {
  const csv = (text: string) => {
    const path = join(dir, "decisions.csv");
    writeFileSync(path, text);
    return path;
  };

  it("applies every decision, checked as one change, and takes the handled questions off the list", async () => {
    const file = csv(
      [
        "question,action,fact_id",
        "who is the boss of alibaba cloud,attach,ethan-yu",
        "what's the weather in hangzhou,out-of-scope,",
        "when did the tokyo dc open,wrong,alibaba-cloud-japan-launch",
        "how many servers does aliyun have,skip,",
      ].join("\n"),
    );
    const result = teach(["--decisions", file]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'The bot now answers "when did the tokyo dc open" with alibaba-cloud-japan-launch',
    );
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe(
      "1 attached, 1 out of scope, 1 corrected, 1 skipped.",
    );
    expect(lineDiff(shipped, edition())).toEqual({
      removed: [],
      added: ['        "when did the tokyo dc open",', '        "who is the boss of alibaba cloud",'],
    });
    expect(list("corrections")).toBe(
      '{"q": "when did the tokyo dc open", "kind": "in", "expect": {"fact": "alibaba-cloud-japan-launch"}}\n',
    );
    expect(list("out-of-scope")).toContain("what's the weather in hangzhou");
    expect(await unanswered()).toEqual(["dm how many servers does aliyun have"]);
  });

  it("reports every bad row by line number and writes nothing", async () => {
    const before = snapshot();
    const file = csv(
      [
        "question,action,fact_id",
        "who is the boss of alibaba cloud,attach,ethan-yu",
        "what's the weather in hangzhou,ignore,",
        "how many servers does aliyun have,attach,alibaba-cloud-regionz",
        ",skip,",
        "Who is the boss of Alibaba Cloud?,skip,",
        "alibaba anti piracy efforts,out-of-scope,",
      ].join("\n"),
    );
    const result = teach(["--decisions", file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trimEnd().split("\n")).toEqual([
      `${file}:3: action: expected one of attach, out-of-scope, wrong, skip`,
      `${file}:4: fact_id: no fact "alibaba-cloud-regionz" (did you mean alibaba-cloud-regions?)`,
      `${file}:5: question: the question is empty`,
      `${file}:6: the same question is decided on line 2`,
      `${file}:7: already a labelled question (dev.jsonl line 6): change it there`,
      `facts:teach: 5 bad rows in ${file}; nothing written`,
    ]);
    expect(snapshot()).toEqual(before);
    expect(await unanswered()).toHaveLength(4);
  });

  it("refuses a change that breaks a labelled question, naming it and what it now gets; nothing is written", async () => {
    const before = snapshot();
    const file = csv(
      "question,action,fact_id\nwho is the boss of alibaba cloud,attach,ethan-yu\nalibaba anti piracy efforts,attach,taobao-notorious-markets\n",
    );
    const result = teach(["--decisions", file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /dev\.jsonl line 6 \(right before\): "alibaba anti piracy efforts" now gets answered with taobao-notorious-markets; expected cloud-sword \| cloud-sword-arrests; answer taobao-notorious-markets: "/,
    );
    expect(result.stdout).toMatch(/Nothing written\. .*--mark-for-review/);
    // Not even the good decision of the same file: nothing is half-applied.
    expect(snapshot()).toEqual(before);
    expect(await unanswered()).toHaveLength(4);

    const kept = teach(["--decisions", file, "--mark-for-review"]);
    expect(kept.status).toBe(0);
    expect(list("dev")).not.toContain("alibaba anti piracy efforts");
    expect(ReviewSchema.parse(JSON.parse(list("review")))).toMatchObject({
      q: "alibaba anti piracy efforts",
      from: "dev",
    });
    expect(edition()).toContain('"alibaba anti piracy efforts",');
  });

  it("runs the checklist when there is one, and refuses a change that adds failures to it", async () => {
    // A stand-in for bench/checklist.ts: one variant of a labelled question fails once ethan-yu has this phrasing.
    const checklist = join(dir, "checklist.mjs");
    writeFileSync(
      checklist,
      `export function checklistFailures(engine, questions) {
        const taught = engine.fact("ethan-yu").phrasings.includes("who is the boss of alibaba cloud");
        return taught ? [{ kind: "synonym", question: questions[0].q, variant: "boss?", got: "decline" }] : [];
      }\n`,
    );
    const before = snapshot();
    const file = csv("question,action,fact_id\nwho is the boss of alibaba cloud,attach,ethan-yu\n");
    const args = ["--decisions", file, "--checklist", checklist];
    const result = teach(args);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("checklist run (1 failing variant)");
    expect(result.stdout).toMatch(/checklist \(synonym\): "boss\?", a variant of ".+", now gets decline/);
    expect(snapshot()).toEqual(before);

    const kept = teach([...args, "--mark-for-review"]);
    expect(kept.status).toBe(0);
    expect(ReviewSchema.parse(JSON.parse(list("review")))).toMatchObject({
      from: "dev",
      got: 'checklist (synonym): "boss?" got decline',
    });
  });

  it("an out-of-scope question the bot answers is refused: the must-decline list would fail", () => {
    const before = snapshot();
    const file = csv("question,action,fact_id\nwhat is taobao,out-of-scope,\n");
    const result = teach(["--decisions", file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /out-of-scope\.jsonl line 1 \(added by this change\): "what is taobao" now gets answered with taobao; should not answer/,
    );
    expect(snapshot()).toEqual(before);
  });
});

const hasScript = spawnSync("script", ["--version"]).status === 0;

describe.skipIf(!hasScript)("npm run facts:teach in a terminal", () => {
  it("prompts with readline; a wrong answer is corrected to a fact found by searching the titles", async () => {
    // util-linux `script` runs the command under a pseudo-terminal, so stdin and stdout are TTYs.
    const command = [process.execPath, CLI, ...paths()].map((a) => `'${a}'`).join(" ");
    const child = spawn("script", ["-qfec", command, "/dev/null"], {
      cwd: dir,
      env: { ...env(), TERM: "dumb" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let screen = "";
    const answers: [RegExp, string][] = [
      [/\[1\/3\][\s\S]*q quit > $/, "3\r"],
      [/empty: back\) > $/, "alibaba cloud global\r"],
      [/1\. ethan-yu — [^\n]*\n[\s\S]*empty: back\) > $/, "1\r"],
      [/\[2\/3\][\s\S]*q quit > $/, "q\r"],
    ];
    child.stdout.on("data", (chunk: Buffer) => {
      screen += chunk.toString();
      const next = answers[0];
      if (next?.[0].test(stripVTControlCharacters(screen))) {
        answers.shift();
        child.stdin.write(next[1]);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    const plain = stripVTControlCharacters(screen).replace(/\r/g, "");
    expect(answers, plain).toEqual([]);
    expect(code).toBe(0);
    expect(plain).toContain('The bot now answers "who is the boss of alibaba cloud" with ethan-yu');
    expect(plain).toContain("0 attached, 0 out of scope, 1 corrected, 0 skipped.");
    expect(list("corrections")).toBe(
      '{"q": "who is the boss of alibaba cloud", "kind": "in", "expect": {"fact": "ethan-yu"}}\n',
    );
    expect(lineDiff(shipped, edition()).added).toEqual(['        "who is the boss of alibaba cloud",']);
    expect(await unanswered()).toEqual([
      `${GUILD_A} what's the weather in hangzhou`,
      "dm how many servers does aliyun have",
    ]);
  }, 60_000);
});
