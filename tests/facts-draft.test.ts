import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkEdition } from "../src/facts/base.js";
import { datesOf } from "../src/facts/draft/dates.js";
import { draftEdition } from "../src/facts/draft/draft.js";
import { earlierFacts } from "../src/facts/draft/earlier.js";
import { evaluateDraft } from "../src/facts/draft/evaluate.js";
import { paragraphsOf, sentencesOf } from "../src/facts/draft/nlp.js";
import { type EditionFile, EditionFileSchema, type EditionMeta, UnitSchema } from "../src/facts/schema.js";

const REAL = "data/2017-01-alibaba-tracker.json";
const FIXTURE = "tests/fixtures/editions/2017-06-fixture.json";
const shipped = EditionFileSchema.parse(JSON.parse(readFileSync(REAL, "utf8")));
const fixture = EditionFileSchema.parse(JSON.parse(readFileSync(FIXTURE, "utf8")));
const dataFiles = [{ file: REAL, raw: readFileSync(REAL, "utf8") }];

/** The shipped edition drafted from its own text, as `facts:draft --evaluate` does: no earlier edition to reuse. */
const draft = draftEdition({
  text: shipped.text.join("\n\n"),
  edition: shipped.edition,
  earlier: earlierFacts(dataFiles, shipped.edition),
});

const factWith = (d: EditionFile, number: number) =>
  d.facts.find((f) => f.values.some((v) => v.number === number));
const valueWith = (d: EditionFile, number: number) =>
  factWith(d, number)?.values.find((v) => v.number === number);
const effectiveAsOf = (d: EditionFile, number: number) =>
  valueWith(d, number)?.asOf ?? factWith(d, number)?.asOf;

describe("facts:draft on the shipped edition's own text", () => {
  const result = evaluateDraft(draft, shipped);

  it("proposes at least 90% of the shipped figures with the right unit and as-of date", () => {
    expect(result.shippedFigures).toBe(15);
    expect(result.missed).toEqual([]);
    expect(result.recall).toBeGreaterThanOrEqual(0.9);
  });

  it("quotes every candidate verbatim from the text", () => {
    const text = shipped.text.join("\n");
    expect(result.quotesNotVerbatim).toEqual([]);
    for (const fact of draft.facts) expect(text, fact.id).toContain(fact.quote);
  });

  it("writes a valid edition whose every candidate is a draft with an unique id", () => {
    const parsed = EditionFileSchema.parse(draft);
    expect(checkEdition("drafts/2017-01.json", parsed, { allowDrafts: true })).toEqual([]);
    expect(checkEdition("data/2017-01.json", parsed).every((p) => p.field === "draft")).toBe(true);
    expect(draft.facts.every((f) => f.draft === true)).toBe(true);
    expect(new Set(draft.facts.map((f) => f.id)).size).toBe(draft.facts.length);
    expect(draft.text).toEqual(shipped.text);
  });

  it("types the values: number, unit, what it measures and the as-of date with its precision", () => {
    expect(valueWith(draft, 14.4)).toMatchObject({ key: "after", unit: "percent" });
    expect(valueWith(draft, 10.23)).toMatchObject({ key: "before", unit: "percent", asOf: "2017-01" });
    expect(effectiveAsOf(draft, 14.4)).toBe("2017-02"); // "by the end of February this year", the next sentence
    expect(valueWith(draft, 14.4)?.measures).toMatch(/stake in SingPost/);
    expect(valueWith(draft, 300)).toMatchObject({ unit: "people", qualifier: "more than" });
    expect(valueWith(draft, 278_000_000_000)).toMatchObject({ unit: "usd" });
    expect(effectiveAsOf(draft, 278_000_000_000)).toBe("2025");
    expect(valueWith(draft, 150_000_000)).toMatchObject({ unit: "people", qualifier: "about" });
    expect(effectiveAsOf(draft, 150_000_000)).toBe("2016");
    expect(valueWith(draft, 3_600_000)?.measures).toBe("population of Ningbo");
    expect(valueWith(draft, 620_000_000)?.measures).toBe("population of Southeast Asia");
    expect(effectiveAsOf(draft, 352)).toBe("2016-12"); // "Near the end of last month", the sentence before
    expect(valueWith(draft, 14)).toMatchObject({ unit: "regions" });
    expect(effectiveAsOf(draft, 14)).toBe("2016-12"); // "launched … in mid-December": the last one, not the next
    expect(factWith(draft, 2016)?.values.map((v) => [v.key, v.number, v.unit])).toEqual([
      ["start", 2016, "year"],
      ["end", 2020, "year"],
    ]);
  });

  it("proposes dated statements with the period the schema can hold ('late 2015' → 2015-Q4)", () => {
    const since = draft.facts.find((f) => f.quote.includes("late 2015") && f.asOf === "2015-Q4");
    expect(since?.kinds).toContain("date");
    expect(draft.facts.find((f) => f.quote.includes("Q1 2017"))?.asOf).toBe("2017-Q1");
  });

  it("names people and organisations, and suggests a category, title, kinds, phrasings and keywords", () => {
    const ethan = draft.facts.find((f) => f.keywords.includes("Ethan Yu"));
    expect(ethan?.kinds).toContain("person");
    expect(ethan?.phrasings).toContain("who is ethan yu");
    for (const fact of draft.facts) {
      expect(fact.title.length).toBeGreaterThan(0);
      expect(fact.category.length).toBeGreaterThan(0);
      expect(fact.phrasings.length).toBeGreaterThan(0);
      expect(fact.kinds.length).toBeGreaterThan(0);
      for (const v of fact.values) expect(UnitSchema.options).toContain(v.unit);
    }
  });

  it("measures itself honestly: a draft missing a figure or with a wrong date loses recall", () => {
    const broken: EditionFile = {
      ...draft,
      facts: draft.facts.map((f) => ({
        ...f,
        values: f.values
          .filter((v) => v.number !== 164)
          .map((v) => (v.number === 352 ? { ...v, asOf: "2017-01" } : v)),
      })),
    };
    const worse = evaluateDraft(broken, shipped);
    expect(worse.found).toBe(result.found - 2);
    expect(worse.missed.join(" ")).toContain("cloud-sword-investigations");
    expect(worse.missed.join(" ")).toContain("ant-financial-cities.cities");
  });
});

describe("facts:draft reuses the ids of facts an edition restates", () => {
  const june: EditionMeta = {
    id: "2017-06",
    title: "Alibaba Tracker",
    publisher: "PYMNTS.com",
    date: "2017-06",
    dateText: "June 2017",
  };
  const text = fixture.text.join("\n\n");

  it("drafting the fixture edition against data/: the region count and the SingPost stake keep their ids", () => {
    const drafted = draftEdition({ text, edition: june, earlier: earlierFacts(dataFiles, june) });
    const regions = drafted.facts.find((f) => f.quote.includes("17 economic centers"));
    const stake = drafted.facts.find((f) => f.quote.includes("14.4 percent"));
    expect(regions?.id).toBe("alibaba-cloud-regions");
    expect(regions?.values[0]).toMatchObject({ key: "regions", number: 17, unit: "regions" });
    expect(stake?.id).toBe("singpost-stake");
    expect(stake?.values[0]).toMatchObject({ key: "after", number: 14.4, unit: "percent" });
    expect(stake?.asOf).toBe("2017-02"); // "reached 14.4 percent in February", in a June edition
  });

  it("without earlier editions the same statements get new ids", () => {
    const drafted = draftEdition({ text, edition: june, earlier: [] });
    const ids = drafted.facts.map((f) => f.id);
    expect(ids).not.toContain("alibaba-cloud-regions");
    expect(ids).not.toContain("singpost-stake");
  });

  it("only editions published before the draft count as earlier", () => {
    const january = { ...june, id: "2016-12", date: "2016-12", dateText: "December 2016" };
    expect(earlierFacts(dataFiles, january)).toEqual([]);
    expect(earlierFacts(dataFiles, shipped.edition)).toEqual([]);
  });

  it("a new figure of the same unit on another subject is not taken for a restatement", () => {
    const drafted = draftEdition({
      text: "Tencent’s share of the mobile payments market fell to 38 percent in May.",
      edition: june,
      earlier: earlierFacts(dataFiles, june),
    });
    expect(drafted.facts.map((f) => f.id)).not.toContain("singpost-stake");
  });
});

describe("reading dates against the edition's date", () => {
  const read = (sentence: string, published: string) => {
    const [s] = sentencesOf(sentence, 0, `${published}-15`);
    if (!s) throw new Error("no sentence");
    return datesOf(s, sentence, published).map((d) => [d.asOf, d.relation]);
  };

  it("resolves the phrases a newsletter uses, at the precision they name", () => {
    expect(read("The deal has been in the works since late 2015.", "2017-01")).toEqual([
      ["2015-Q4", "since"],
    ]);
    expect(read("Sales rose in the third quarter of 2016.", "2017-01")).toEqual([["2016-Q3", "at"]]);
    expect(read("It opened on December 15, 2016.", "2017-01")).toEqual([["2016-12-15", "at"]]);
    expect(read("The market will be worth $5 billion by 2025.", "2017-01")).toEqual([["2025", "by"]]);
    expect(read("It launched in mid-December.", "2017-01")).toEqual([["2016-12", "at"]]);
    expect(read("It will launch in mid-December.", "2017-01")).toEqual([["2017-12", "at"]]);
    expect(read("Sales reached $17.8 billion in 2016.", "2017-01")).toEqual([["2016", "at"]]);
  });
});

describe("reading the pasted text", () => {
  it("takes blank-line separated paragraphs, joining hard-wrapped lines", () => {
    expect(paragraphsOf("\uFEFFOne line\nwrapped.\r\n\r\nTwo.\n")).toEqual(["One line wrapped.", "Two."]);
  });

  it("takes one paragraph per line when there are no blank lines", () => {
    expect(paragraphsOf("One.\nTwo.\n\n")).toEqual(["One.", "Two."]);
  });
});
