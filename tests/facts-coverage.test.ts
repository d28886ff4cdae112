import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildFactBase } from "../src/facts/base.js";
import { formatUncovered, quoteSpans, uncoveredSentences } from "../src/facts/coverage.js";

/** The fixture edition with other text, and its one fact quoting `quote`. */
function edition(text: string[], quote: string): string {
  const json = JSON.parse(readFileSync("tests/fixtures/editions/2017-06-fixture.json", "utf8"));
  json.text = text;
  json.facts[0].quote = quote;
  return JSON.stringify(json);
}

const REGIONS = "Alibaba Cloud is now present in 17 economic centers after openings in India and Indonesia.";
const STAKE = "Alibaba’s stake in SingPost reached 14.4 percent in February.";
const TEXT = [REGIONS, `${STAKE} The news was welcomed by Lazada. It was a good day.`];

const uncoveredIn = (text: string[], quote: string) =>
  uncoveredSentences(buildFactBase([{ file: "fixture.json", raw: edition(text, quote) }]));

describe("sentences no fact quotes (facts:check)", () => {
  it("lists a sentence's figures and dates outside every quote, and a sentence naming something no quote touches", () => {
    const found = uncoveredIn(TEXT, REGIONS);
    expect(
      found.map(({ paragraph, sentence, figures, dates, names }) => ({
        paragraph,
        sentence,
        figures,
        dates,
        names,
      })),
    ).toEqual([
      { paragraph: 1, sentence: STAKE, figures: ["14.4"], dates: ["in February"], names: [] },
      {
        paragraph: 1,
        sentence: "The news was welcomed by Lazada.",
        figures: [],
        dates: [],
        names: ["Lazada"],
      },
    ]);
  });

  it("a quote that leaves a figure's date out still leaves the date to cover", () => {
    const found = uncoveredIn(TEXT, "Alibaba's stake in SingPost reached 14.4 percent");
    expect(found.find((u) => u.sentence === STAKE)).toMatchObject({ figures: [], dates: ["in February"] });
  });

  it("a sentence quoted whole, typographic apostrophes typed straight, is covered; one stating nothing is never listed", () => {
    const found = uncoveredIn(
      TEXT,
      "Alibaba's stake in SingPost reached 14.4 percent in February. The news was welcomed by Lazada.",
    );
    expect(found.map((u) => u.sentence)).toEqual([REGIONS]);
  });

  it("finds every place a quote stands in the text, across paragraphs", () => {
    expect(quoteSpans(["ab cd", "cd ef"], ["cd", "cd\ncd", "d e", "x"])).toEqual([
      { start: 3, end: 5 },
      { start: 6, end: 8 },
      { start: 3, end: 8 },
      { start: 7, end: 10 },
    ]);
  });

  it("says where, what and which edition in one line", () => {
    const [first] = uncoveredIn(TEXT, REGIONS);
    expect(first && formatUncovered(first)).toBe(
      `Alibaba Tracker (test fixture), June 2017 ¶2: “${STAKE}” — figures: 14.4; dates: in February`,
    );
  });
});

describe("npm run facts:check", () => {
  const dir = mkdtempSync(join(tmpdir(), "facts-coverage-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const check = (data: string) =>
    spawnSync(process.execPath, ["dist/src/facts/check.js", data], { encoding: "utf8", timeout: 30_000 });

  it("warns of the uncovered sentences and still passes", () => {
    writeFileSync(join(dir, "2017-06.json"), edition(TEXT, REGIONS));
    const result = check(dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^OK: 1 facts/m);
    expect(result.stdout).toContain(
      "Warning: 2 sentence(s) state a figure, a date or a name that no fact quotes:",
    );
    expect(result.stdout).toContain(`  - Alibaba Tracker (test fixture), June 2017 ¶2: “${STAKE}”`);
    expect(result.stdout).toContain("“The news was welcomed by Lazada.” — names: Lazada");
  });

  it("says so when every such sentence is quoted", () => {
    writeFileSync(join(dir, "2017-06.json"), edition([REGIONS], REGIONS));
    const result = check(dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      "Every sentence that states a figure, a date or a name is quoted by a fact.",
    );
  });
});
