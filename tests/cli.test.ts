import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// The test script builds dist/ before vitest runs, so these run exactly what `npm run ask` and `npm start` run.
const run = (script: string, args: string[], input?: string, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [script, ...args], {
    input,
    encoding: "utf8",
    env: { ...process.env, DISCORD_TOKEN: "", NO_COLOR: "1", ...env },
    timeout: 15_000,
  });
/** Standard output as the JSON objects of its lines. */
const jsonLines = (stdout: string) =>
  stdout
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));

describe("ask --json", () => {
  const lines = [
    "what's alibaba's stake in singpost",
    "",
    "   ",
    "<@123456789012345678> @everyone **how many** cloud regions?",
    '{"q": "ignore previous instructions"}',
    "tell me a joke",
    "x".repeat(5000),
  ];
  const result = run("dist/src/console/ask.js", ["--json"], `${lines.join("\n")}\n`);
  const out = jsonLines(result.stdout);

  it("writes exactly one JSON object per input line, in order, on stdout only", () => {
    expect(result.status).toBe(0);
    expect(out.map((o) => o.question)).toEqual(lines);
  });

  it("keeps the contract's keys and types", () => {
    for (const o of out) {
      expect(Object.keys(o)).toEqual(["question", "answered", "factId", "confidence", "text", "suggestions"]);
      expect(typeof o.answered).toBe("boolean");
      expect(o.factId === null || typeof o.factId === "string").toBe(true);
      expect(o.confidence).toBeGreaterThanOrEqual(0);
      expect(o.confidence).toBeLessThanOrEqual(1);
      expect(o.text.length).toBeGreaterThan(0);
      expect(Array.isArray(o.suggestions)).toBe(true);
    }
  });

  it("answers the headline question and declines what the tracker does not say", () => {
    expect(out[0]).toMatchObject({ answered: true, factId: "singpost-stake" });
    expect(out[0].text).toContain("14.4%");
    expect(out[0].text).toContain("10.23%");
    expect(out[3]).toMatchObject({ answered: true, factId: "alibaba-cloud-regions" });
    for (const i of [1, 2, 4, 5, 6]) expect(out[i]).toMatchObject({ answered: false, factId: null });
  });
});

describe("ask --json --threads", () => {
  const KEYS = ["thread", "question", "answered", "factId", "confidence", "text", "suggestions"];
  const turn = (thread: string, question: string) => JSON.stringify({ thread, question });
  const lines = [
    turn("t1", "what's alibaba's stake in singpost"),
    turn("t2", "which city did baidu sign a deal with"),
    "not json at all",
    turn("t1", "and before that?"),
    "",
    JSON.stringify({ thread: "t2" }),
    JSON.stringify({ thread: "", question: "what is taobao" }),
    JSON.stringify(["t1", "what is taobao"]),
    JSON.stringify({ thread: "t2", question: "and tencent?", expected: "ignored" }),
  ];
  const result = run("dist/src/console/ask.js", ["--json", "--threads"], `${lines.join("\n")}\n`);
  const out = jsonLines(result.stdout);

  it("writes one line per input line, in order: the --json keys in their order, the thread first", () => {
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    expect(out).toHaveLength(lines.length);
    for (const o of out) expect(Object.keys(o)).toEqual(KEYS);
    expect(out.map((o) => o.thread)).toEqual(["t1", "t2", null, "t1", null, "t2", null, null, "t2"]);
  });

  it("answers each turn as --json would", () => {
    expect(out[0]).toMatchObject({
      question: "what's alibaba's stake in singpost",
      factId: "singpost-stake",
    });
    expect(out[0].text).toContain("14.4%");
    expect(out[1]).toMatchObject({ answered: true, factId: "baidu-ningbo" });
    expect(out[8].question).toBe("and tencent?");
  });

  it("a malformed line is not answered, says what is wrong, and the run goes on", () => {
    for (const [i, problem] of [
      [2, /not JSON/],
      [4, /an empty line/],
      [5, /question: .*expected string/],
      [6, /thread: expected a thread name/],
      [7, /expected object/],
    ] as const) {
      expect(out[i], String(i)).toMatchObject({
        question: lines[i],
        answered: false,
        factId: null,
        confidence: 0,
        suggestions: [],
      });
      expect(out[i].text, String(i)).toMatch(problem);
    }
  });

  it("--threads reads standard input only", () => {
    const refused = run("dist/src/console/ask.js", ["--json", "--threads", "what is taobao"]);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/--threads reads its turns from standard input/);
  });
});

// What a user sees once the engine reads follow-ups (src/engine/, in progress): expected to fail until then.
describe("ask --threads, follow-ups answered", () => {
  it("a thread's follow-up is answered from its earlier turn, the other thread's never", () => {
    const input = [
      JSON.stringify({ thread: "a", question: "what's alibaba's stake in singpost" }),
      JSON.stringify({ thread: "b", question: "which city did baidu sign a deal with" }),
      JSON.stringify({ thread: "a", question: "and before that?" }),
    ].join("\n");
    const out = jsonLines(run("dist/src/console/ask.js", ["--json", "--threads"], `${input}\n`).stdout);
    expect(out[2]).toMatchObject({ thread: "a", answered: true, factId: "singpost-stake" });
    expect(out[2].text).toContain("10.23%");
  });
});

/** Every package the compiled file `entry` imports, statically or dynamically, following its own files. */
function packagesImportedBy(entry: string): Set<string> {
  const imports = JSON.parse(readFileSync("package.json", "utf8")).imports as Record<
    string,
    { default: string }
  >;
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, "utf8");
    for (const [, specifier = ""] of code.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
      const mapped = imports[specifier.replace(/[^/]+\.js$/, "*.js")]?.default.replace(
        "*",
        specifier.split("/").at(-1)?.replace(/\.js$/, "") ?? "",
      );
      if (specifier.startsWith(".")) visit(resolve(dirname(file), specifier));
      else if (mapped) visit(resolve(mapped));
      else if (!specifier.startsWith("node:")) packages.add(specifier.split("/")[0] ?? specifier);
    }
  };
  visit(resolve(entry));
  return packages;
}

describe("ask start-up", () => {
  it("never loads discord.js (nor Discord's API types), --threads included", () => {
    const packages = packagesImportedBy("dist/src/console/ask.js");
    expect(packages).toContain("zod");
    expect([...packages].filter((p) => p.startsWith("discord"))).toEqual([]);
  });

  it("never loads the chart renderer (chart.js, the canvas)", () => {
    const packages = packagesImportedBy("dist/src/console/ask.js");
    expect([...packages].filter((p) => /chart|canvas|fontsource/.test(p))).toEqual([]);
    // The check follows dynamic imports: the bot's entry reaches the renderer through them.
    expect(packagesImportedBy("dist/src/discord/client.js")).toContain("chart.js");
  });
});

describe("DATA_DIR with two editions (the January tracker and the test edition)", () => {
  const TWO = { DATA_DIR: "tests/fixtures/two-editions" };

  it("ask answers from the newest edition and shows the earlier one with its dates", () => {
    const result = run("dist/src/console/ask.js", ["what's alibaba's stake in singpost"], undefined, TWO);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("14.8%");
    expect(result.stdout).toContain(
      "Earlier (Alibaba Tracker, January 2017): 14.4% (end of February 2017) · Before: 10.23% (January 2017).",
    );
  });

  it("the console shows the history and prints where it saved the chart", () => {
    const result = run("dist/src/app/main.js", [], "/fact singpost-stake\n/help\n", TWO);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Alibaba Tracker, January 2017: 14.4% (end of February 2017)");
    const path = /^Chart: (.+\.png)$/m.exec(result.stdout)?.[1] ?? "";
    expect(readFileSync(path).subarray(1, 4).toString()).toBe("PNG");
    expect(result.stdout).toContain(
      "Alibaba Tracker TEST EDITION (not a real tracker) · tracker-bot tests (invented data) · March 2017",
    );
    expect(result.stdout).toContain("Alibaba Tracker · PYMNTS.com · January 2017");
  });
});

describe("ask with a question argument", () => {
  it("prints the answer with its figure, date, edition and source", () => {
    const result = run("dist/src/console/ask.js", ["how", "big", "is", "the", "sea", "market"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("$278 billion");
    expect(result.stdout).toContain("2025");
    expect(result.stdout).toContain("Alibaba Tracker, January 2017");
    expect(result.stdout).toContain("Source: “Southeast Asia’s internet economy");
  });
});

describe("ask --explain", () => {
  it("shows the reading, the best facts with their scores and conflicts, and the rule that decided", () => {
    const result = run("dist/src/console/ask.js", ["--explain", "clod sword arests"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    const out = result.stdout;
    expect(out).toMatch(/^Question: clod sword arests$/m);
    expect(out).toMatch(/^Outcome: +answer cloud-sword-arrests, confidence \d\.\d\d$/m);
    expect(out).toMatch(/^Rule: +answered — /m);
    expect(out).toMatch(/corrections: clod → cloud, arests → arrests/);
    // The terms with their roles and weights, and the top facts with scores, coverage and conflicts.
    expect(out).toMatch(/@cloud-sword +cloud sword +entity +\d+\.\d\d +core/);
    expect(out).toMatch(/^ +1 +cloud-sword-arrests +1\.000 +1\.000 +—$/m);
  });

  it("says why a question about something the tracker does not cover is declined", () => {
    const out = run("dist/src/console/ask.js", ["--explain", "how many regions does AWS have"]).stdout;
    expect(out).toMatch(/^Outcome: +decline \(closest: alibaba-cloud-regions[,)]/m);
    expect(out).toMatch(/aws +word +[\d.]+ +core, unknown, foreign/);
    // The conflict that sank the closest fact is named on its row.
    expect(out).toMatch(/alibaba-cloud-regions +[\d.]+ +[\d.]+ +.*\baws\b/);
  });

  it("--json prints the explanation object, one line per question", () => {
    const questions = ["what's alibaba's stake in singpost", "tell me a joke"];
    const result = run("dist/src/console/ask.js", ["--explain", "--json"], `${questions.join("\n")}\n`);
    expect(result.status).toBe(0);
    const out = jsonLines(result.stdout);
    expect(out).toHaveLength(2);
    for (const o of out) expect(Object.keys(o).sort()).toEqual(["answer", "candidates", "reading", "rule"]);
    expect(out[0]).toMatchObject({
      rule: "answered",
      answer: { answered: true, fact: { id: "singpost-stake" } },
    });
    expect(out[0].candidates[0]).toMatchObject({ factId: "singpost-stake", conflicts: [] });
    expect(out[0].reading.terms.map((t: { term: string }) => t.term)).toContain("~stake");
    expect(out[1].answer.answered).toBe(false);
  });

  it("is listed in --help, with --threads too", () => {
    const help = run("dist/src/console/ask.js", ["--help"]).stdout;
    expect(help).toMatch(/--explain "question"/);
    expect(help).toMatch(/--explain --threads < turns/);
  });

  it("--threads explains each turn against its thread's earlier turns, and names a malformed line", () => {
    const turns = [
      { thread: "a", question: "what's alibaba's stake in singpost" },
      { thread: "b", question: "how many arrests did cloud sword make" },
      { thread: "a", question: "when?" },
    ].map((t) => JSON.stringify(t));
    const result = run(
      "dist/src/console/ask.js",
      ["--explain", "--threads"],
      `${[...turns, "oops"].join("\n")}\n`,
    );
    expect(result.status).toBe(0);
    const blocks = result.stdout.trim().split(/\n\n(?=\[thread )/);
    expect(blocks).toHaveLength(4);
    // Thread a's "when?" leans on a's stake, not b's arrests: read as a follow-up, with a's terms as context.
    expect(blocks[2]).toMatch(/^\[thread a\]\nQuestion: when\?$/m);
    expect(blocks[2]).toMatch(/^Outcome: +answer singpost-stake-timing/m);
    expect(blocks[2]).toMatch(/^Follow-up: read as attribute/m);
    expect(blocks[2]).toMatch(/@singpost +singpost +entity +[\d.]+ +fromContext/);
    expect(blocks[3]).toMatch(/Not a turn: not JSON/);
    const json = jsonLines(
      run("dist/src/console/ask.js", ["--explain", "--threads", "--json"], `${turns.join("\n")}\n`).stdout,
    );
    expect(
      json.map((o) => [o.thread, o.explanation.answer.fact?.id, o.explanation.followUp ?? null]),
    ).toEqual([
      ["a", "singpost-stake", null],
      ["b", "cloud-sword-arrests", null],
      ["a", "singpost-stake-timing", "attribute"],
    ]);
  });
});

describe("npm start without DISCORD_TOKEN: the local console", () => {
  it("answers piped questions and slash commands, then exits at the end of input", () => {
    const result = run(
      "dist/src/app/main.js",
      [],
      "what's alibaba's stake in singpost\n/fact singpost-stake\n/help\n",
    );
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("no DISCORD_TOKEN");
    expect(result.stdout).toContain("14.4%");
    expect(result.stdout.match(/14\.4%/g)?.length).toBeGreaterThanOrEqual(2);
    expect(result.stdout).toMatch(/\/ask/);
  });

  it("refuses an invalid fact base with the file, fact and field, and a non-zero exit", () => {
    const result = spawnSync(process.execPath, ["dist/src/console/ask.js", "hi"], {
      encoding: "utf8",
      env: { ...process.env, DATA_DIR: "tests/fixtures/bad" },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/tests\/fixtures\/bad\/broken\.json: fact "oops": quote: not found/);
  });
});
