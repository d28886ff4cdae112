import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildFactBase, checkEdition } from "../src/facts/base.js";
import { figureOverTime, versionsOf } from "../src/facts/history.js";
import { EditionFileSchema } from "../src/facts/schema.js";
import { answerText, olderEditionNote } from "../src/format/answer.js";
import { factReply, sourceReply } from "../src/format/discord.js";
import {
  factOf,
  JANUARY_FILE,
  januaryOnly,
  TEST_EDITION_FILE,
  twoEditions,
} from "./fixtures/two-editions.js";

/** Editions over time: the merged fact base, its history, and how every front end shows it. */

const testRaw = readFileSync(TEST_EDITION_FILE, "utf8");
const testEdition = EditionFileSchema.parse(JSON.parse(testRaw));
const stake = factOf(twoEditions, "singpost-stake");
const regions = factOf(twoEditions, "alibaba-cloud-regions");
const taobao = factOf(twoEditions, "taobao");

/** An engine answer from one fact, as the engine gives it for a picked topic. */
const answerOf = (id: string) => ({
  outcome: "answer" as const,
  answered: true,
  fact: factOf(twoEditions, id),
  confidence: 1,
  suggestions: [],
});

describe("the test edition", () => {
  it("says it is test data, not a real tracker, in its title, publisher and text", () => {
    expect(testEdition.edition.title).toMatch(/TEST EDITION \(not a real tracker\)/);
    expect(testEdition.edition.publisher).toMatch(/tests/);
    expect(testEdition.text[0]).toMatch(/^TEST EDITION, NOT A REAL TRACKER\./);
  });

  it("passes the schema and the loader's checks on its own: verbatim quotes, its own vocabulary", () => {
    expect(checkEdition(TEST_EDITION_FILE, testEdition)).toEqual([]);
    const alone = buildFactBase([{ file: TEST_EDITION_FILE, raw: testRaw }]);
    expect(alone.facts.map((f) => f.id)).toEqual(testEdition.facts.map((f) => f.id));
    expect(alone.vocabulary.entities.map((e) => e.id)).toContain("malaysia");
  });

  it("keeps the January entities it restates as they were (kind and what they belong to)", () => {
    const january = new Map(januaryOnly.vocabulary.entities.map((e) => [e.id, e]));
    for (const entity of twoEditions.vocabulary.entities) {
      const before = january.get(entity.id);
      if (before) expect([entity.kind, entity.partOf]).toEqual([before.kind, before.partOf]);
    }
  });
});

describe("two editions merged", () => {
  it("lists the editions newest first", () => {
    expect(twoEditions.editions.map((e) => [e.id, e.dateText])).toEqual([
      ["2017-03-test", "March 2017"],
      ["2017-01", "January 2017"],
    ]);
  });

  it("answers an updated fact from the newest edition, the older version kept as history", () => {
    expect(stake.edition.id).toBe("2017-03-test");
    expect(stake.values.map((v) => [v.key, v.number])).toEqual([
      ["after", 14.8],
      ["before", 14.4],
    ]);
    expect(stake.history.map((h) => [h.edition.id, h.fact.values.map((v) => v.number)])).toEqual([
      ["2017-01", [14.4, 10.23]],
    ]);
    expect(regions.values[0]?.number).toBe(15);
    expect(regions.history.map((h) => h.fact.values[0]?.number)).toEqual([14]);
  });

  it("keeps facts only one edition gives, each from its own edition and without history", () => {
    for (const id of ["alibaba-cloud-malaysia-launch", "singpost-extra-shares-cost"]) {
      expect(januaryOnly.byId.has(id)).toBe(false);
      expect([factOf(twoEditions, id).edition.id, factOf(twoEditions, id).history]).toEqual([
        "2017-03-test",
        [],
      ]);
    }
    expect([taobao.edition.id, taobao.history]).toEqual(["2017-01", []]);
    expect(twoEditions.facts.length).toBe(januaryOnly.facts.length + 2);
  });

  it("gives a fact's versions oldest first, and its figure by date with the edition stating each value", () => {
    expect(versionsOf(stake).map((v) => v.edition.id)).toEqual(["2017-01", "2017-03-test"]);
    // February is in both editions (planned in January, reached in March): the newer edition's value stands.
    expect(figureOverTime(stake, "percent").map((p) => [p.date, p.value.number, p.edition.id])).toEqual([
      ["2017-01", 10.23, "2017-01"],
      ["2017-02", 14.4, "2017-03-test"],
      ["2017-03", 14.8, "2017-03-test"],
    ]);
    expect(figureOverTime(regions, "regions").map((p) => [p.date, p.value.number])).toEqual([
      ["2016-11", 13],
      ["2016-12", 14],
      ["2017-03", 15],
    ]);
    expect(figureOverTime(taobao, "percent")).toEqual([]);
  });

  it("reads the January file the data directory links to, unchanged", () => {
    const january = twoEditions.texts.find((t) => t.edition.id === "2017-01");
    expect(january?.paragraphs).toEqual(JSON.parse(readFileSync(JANUARY_FILE, "utf8")).text);
  });
});

describe("history, as every front end shows it", () => {
  const JANUARY_STAKE =
    "Alibaba Tracker, January 2017: 14.4% (end of February 2017) · Before: 10.23% (January 2017)";

  it("the answer text (ask, ask --json): the newest value, then each earlier edition with its dates", () => {
    const text = answerText(answerOf("singpost-stake"), twoEditions, "plain");
    expect(text.split("\n")).toEqual([
      "Alibaba's stake in SingPost rose to 14.8% in March 2017, up from 14.4% at the end of February. (as of March 2017 · Alibaba Tracker TEST EDITION (not a real tracker), March 2017)",
      "Earlier (Alibaba Tracker, January 2017): 14.4% (end of February 2017) · Before: 10.23% (January 2017).",
    ]);
  });

  it("the embed (Discord, HTTP, console): an Earlier editions field, one line per edition", () => {
    const embed = factReply(stake, twoEditions).embeds?.[0];
    expect(embed?.description).toContain("**14.8%**");
    const field = embed?.fields?.find((f) => f.name === "Earlier editions");
    expect(field?.value).toBe(`**${JANUARY_STAKE.replace(": ", "**: ")}`);
  });

  it("the source: each earlier edition's figures with their dates, and its own sentence", () => {
    const fields = sourceReply(stake).embeds?.[0]?.fields ?? [];
    const earlier = fields.find((f) => f.name.startsWith("Earlier"));
    expect(earlier?.name).toBe("Earlier: Alibaba Tracker, January 2017");
    expect(earlier?.value).toBe(
      "14.4% (end of February 2017) · Before: 10.23% (January 2017)\n> Alibaba’s stake in SingPost will rise to 14.4 percent, up from its current 10.23 percent stake.",
    );
  });

  it("a fact without figures: its earlier sentence with when it held", () => {
    const older = JSON.parse(testRaw);
    older.edition = { ...older.edition, id: "2017-02-test", date: "2017-02", dateText: "February 2017" };
    older.facts = older.facts.filter((f: { id: string }) => f.id === "alibaba-cloud-malaysia-launch");
    const base = buildFactBase([
      { file: TEST_EDITION_FILE, raw: testRaw },
      { file: "older.json", raw: JSON.stringify(older) },
    ]);
    const text = answerText(
      { ...answerOf("taobao"), fact: factOf(base, "alibaba-cloud-malaysia-launch") },
      base,
    );
    expect(text).toContain(
      "Earlier (Alibaba Tracker TEST EDITION (not a real tracker), February 2017): Alibaba Cloud launched a region in Malaysia in March 2017 (March 2017).",
    );
  });

  it("no history line where there is no earlier edition", () => {
    expect(answerText(answerOf("singpost-extra-shares-cost"), twoEditions)).not.toMatch(/Earlier/);
    expect(factReply(factOf(januaryOnly, "singpost-stake"), januaryOnly).embeds?.[0]?.fields).toEqual([
      { name: "After", value: "**14.4%**", inline: true },
      { name: "Before", value: "**10.23%**", inline: true },
    ]);
  });
});

describe("a fact only an older edition gives", () => {
  const NOTE =
    "From an earlier edition (Alibaba Tracker, January 2017); the newest loaded, March 2017, does not restate it.";

  it("says which edition it comes from, and that the newest does not restate it", () => {
    expect(olderEditionNote(taobao, twoEditions)).toBe(NOTE);
    expect(answerText(answerOf("taobao"), twoEditions, "plain").split("\n")[1]).toBe(NOTE);
    expect(factReply(taobao, twoEditions).embeds?.[0]?.description).toContain(`_${NOTE}_`);
    expect(factReply(taobao, twoEditions).embeds?.[0]?.footer?.text).toMatch(/January 2017/);
  });

  it("says nothing of the kind for the newest edition's facts, or when one edition is loaded", () => {
    expect(olderEditionNote(stake, twoEditions)).toBeUndefined();
    expect(olderEditionNote(factOf(januaryOnly, "taobao"), januaryOnly)).toBeUndefined();
    expect(factReply(stake, twoEditions).embeds?.[0]?.description).not.toMatch(/earlier edition/);
  });
});
