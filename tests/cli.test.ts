import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// The test script builds dist/ before vitest runs, so these run exactly what `npm run ask` and `npm start` run.
const run = (script: string, args: string[], input?: string) =>
  spawnSync(process.execPath, [script, ...args], {
    input,
    encoding: "utf8",
    env: { ...process.env, DISCORD_TOKEN: "", NO_COLOR: "1" },
    timeout: 15_000,
  });

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
  const out = result.stdout
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));

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
