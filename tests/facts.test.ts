import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createEngine } from "../src/engine/index.js";
import { buildFactBase, FactBaseError } from "../src/facts/base.js";
import { editionJsonSchema } from "../src/facts/json-schema.js";
import { loadFactBase } from "../src/facts/load.js";
import { answerText } from "../src/format/answer.js";

const REAL = "data/2017-01-alibaba-tracker.json";
const realRaw = readFileSync(REAL, "utf8");
const fixtureRaw = readFileSync("tests/fixtures/editions/2017-06-fixture.json", "utf8");

/** The real edition with one change applied, as a file the loader reads. */
function editedEdition(edit: (json: { facts: Record<string, unknown>[] } & Record<string, unknown>) => void) {
  const json = JSON.parse(realRaw);
  edit(json);
  return { file: "data/broken.json", raw: JSON.stringify(json) };
}

function problemsOf(files: { file: string; raw: string }[]): string {
  try {
    buildFactBase(files);
  } catch (error) {
    expect(error).toBeInstanceOf(FactBaseError);
    return (error as Error).message;
  }
  throw new Error("expected the fact base to be refused");
}

describe("the shipped fact base", () => {
  const base = loadFactBase();

  it("loads every fact of the January 2017 edition", () => {
    expect(base.facts.length).toBeGreaterThanOrEqual(35);
    expect(base.editions.map((e) => e.id)).toEqual(["2017-01"]);
    expect(base.byId.get("singpost-stake")?.values.map((v) => v.number)).toEqual([14.4, 10.23]);
  });

  it("quotes every fact verbatim from the edition text", () => {
    const text = JSON.parse(realRaw).text.join("\n");
    for (const fact of base.facts) expect(text, fact.id).toContain(fact.quote);
  });

  it("covers the figures the edition states", () => {
    const figures = base.facts.flatMap((f) => f.values.map((v) => v.number));
    for (const n of [
      14.4, 10.23, 14, 300, 164, 352, 25, 3_600_000, 620_000_000, 278_000_000_000, 150_000_000, 2016, 2020,
    ]) {
      expect(figures).toContain(n);
    }
  });

  it("ships a JSON Schema that matches the zod schema", () => {
    const shipped = JSON.parse(readFileSync("schema/edition.schema.json", "utf8"));
    expect(shipped).toEqual(editionJsonSchema());
  });
});

describe("the loader refuses a bad fact base, naming file, fact and field", () => {
  it("malformed JSON", () => {
    expect(problemsOf([{ file: "data/x.json", raw: "{ not json" }])).toMatch(
      /^data\/x\.json: malformed JSON/,
    );
  });

  it("a missing field", () => {
    const file = editedEdition((j) => {
      delete j.facts[2]?.answer;
    });
    expect(problemsOf([file])).toContain('data/broken.json: fact "taobao": answer:');
  });

  it("a duplicate id", () => {
    const file = editedEdition((j) => {
      j.facts.push({ ...j.facts[0] });
    });
    expect(problemsOf([file])).toContain(
      'data/broken.json: fact "taobao-notorious-markets": id: duplicate id',
    );
  });

  it("a quote that is not in the edition's text", () => {
    const file = editedEdition((j) => {
      (j.facts[0] as Record<string, unknown>).quote = "Taobao was removed from the list.";
    });
    expect(problemsOf([file])).toContain(
      'fact "taobao-notorious-markets": quote: not found in the edition\'s text',
    );
  });

  it("an empty phrasing list", () => {
    const file = editedEdition((j) => {
      (j.facts[1] as Record<string, unknown>).phrasings = [];
    });
    expect(problemsOf([file])).toContain('fact "ustr-taobao-reason": phrasings: needs at least one phrasing');
  });

  it("a wrong type, listing every problem at once", () => {
    const file = editedEdition((j) => {
      (j.facts[0] as Record<string, unknown>).kinds = ["colour"];
      (j.facts[3] as Record<string, unknown>).asOf = "last year";
    });
    const message = problemsOf([file]);
    expect(message).toContain('fact "taobao-notorious-markets": kinds.0:');
    expect(message).toContain('fact "alibaba-reaction-to-blacklist": asOf: expected an ISO date');
  });
});

describe("several editions", () => {
  const base = buildFactBase([
    { file: REAL, raw: realRaw },
    { file: "tests/fixtures/editions/2017-06-fixture.json", raw: fixtureRaw },
  ]);
  const engine = createEngine(base);

  it("keys facts by what they measure: the newest edition's value wins, the older is history", () => {
    const regions = base.byId.get("alibaba-cloud-regions");
    expect(regions?.values[0]?.number).toBe(17);
    expect(regions?.edition.id).toBe("2017-06-fixture");
    expect(regions?.history.map((h) => [h.edition.id, h.fact.values[0]?.number])).toEqual([["2017-01", 14]]);
    expect(base.editions.map((e) => e.id)).toEqual(["2017-06-fixture", "2017-01"]);
    expect(base.facts.length).toBe(loadFactBase().facts.length);
  });

  it("answers with the newest value and shows the earlier one with its date", () => {
    const answer = engine.ask("how many cloud regions does alibaba have now?");
    expect(answer.fact?.id).toBe("alibaba-cloud-regions");
    const text = answerText(answer, engine.base);
    expect(text).toContain("**17**");
    expect(text).toContain(
      "Earlier (Alibaba Tracker, January 2017): 14 regions (mid-December 2016) · Before japan: 13 regions (November 2016).",
    );
  });

  it("refuses two files with the same edition id", () => {
    expect(
      problemsOf([
        { file: "a.json", raw: realRaw },
        { file: "b.json", raw: realRaw },
      ]),
    ).toContain("b.json: edition.id: same edition id as a.json");
  });
});
