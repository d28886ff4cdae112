import { describe, expect, it } from "vitest";
import { DEFAULT_LANGUAGE } from "../src/app/runtime.js";
import { buildFactIndex, textTerms } from "../src/engine/fact-index.js";
import { chatExpansion } from "../src/engine/lexicon.js";
import { readQuestion } from "../src/engine/read.js";
import { editDistance } from "../src/engine/spelling.js";
import { foldConfusables, rawWords, stripDiscordMarkup } from "../src/engine/text.js";
import { loadFactBase } from "../src/facts/load.js";

const index = buildFactIndex(loadFactBase(), (w) => DEFAULT_LANGUAGE.commonness(w) >= 3.9);
const parse = (q: string) => readQuestion(q, index, DEFAULT_LANGUAGE);
const termsOf = (q: string) => parse(q).terms.map((t) => t.term);
/** The terms a text is read as: names and the tracker's terms fold into one term each. */
const fold = (q: string) => textTerms(index.vocabulary, stripDiscordMarkup(q));

describe("Discord markup", () => {
  it("removes mentions, @everyone, custom emoji, timestamps and links", () => {
    expect(
      stripDiscordMarkup(
        "<@123456789012345678> <@!1> <@&2> <#3> @everyone @here <:pog:4> <t:1700000000:R> https://x.y/z hi",
      ),
    ).toBe("hi");
  });

  it("keeps the words of markdown, code blocks and spoilers", () => {
    expect(
      stripDiscordMarkup("**how many** __cloud__ ~~regions~~ ||now|| `x` ```js\nwhat is taobao```"),
    ).toBe("how many cloud regions now x what is taobao");
  });

  it("removes zero-width characters inside words and folds Unicode forms", () => {
    expect(stripDiscordMarkup("sing\u200Bpost sta\u200Dke \uFF53\uFF45\uFF41")).toBe("singpost stake sea");
  });

  it("folds look-alike letters of another script inside Latin words (UTS #39 mixed script)", () => {
    expect(foldConfusables("Аlibаbа stаke in SingРost")).toBe("Alibaba stake in SingPost");
    // A word wholly in another script is left as it is.
    expect(foldConfusables("Москва")).toBe("Москва");
  });
});

describe("words", () => {
  it("lower-cases, drops possessives and spells out symbols and amounts", () => {
    expect(rawWords("Alibaba’s STAKE: 14.4% of $278bn & more")).toEqual([
      "alibaba",
      "stake",
      "14.4",
      "percent",
      "of",
      "usd",
      "278000000000",
      "and",
      "more",
    ]);
  });

  it("expands chat shorthand and marks filler", () => {
    expect(["whats", "pop", "pls"].map(chatExpansion)).toEqual(["what is", "population", "please"]);
    expect(chatExpansion("lol")).toBe("");
    expect(chatExpansion("singpost")).toBeUndefined();
  });

  it("folds names, short forms and synonyms (from the edition's vocabulary) into one term", () => {
    expect(fold("SEA")).toEqual(["@southeast-asia"]);
    expect(fold("south-east Asia's market")).toEqual(["@southeast-asia", "market"]);
    for (const cloud of ["AliCloud", "Aliyun", "Alibaba Cloud", "ali cloud"])
      expect(fold(cloud)).toEqual(["@alibaba-cloud"]);
    for (const post of ["Singapore Post", "SingPost", "sing post", "the city-state's postal operator"])
      expect(fold(post)).toEqual(["@singpost"]);
    for (const pct of ["%", "percent", "pct", "per cent"])
      expect(fold(`10 ${pct}`)).toEqual(["#10", "percent"]);
    for (const region of ["regions", "data centres", "datacenters", "DCs", "economic centers"])
      expect(fold(region)).toEqual(["~region"]);
    for (const stake of ["stake", "share", "shareholding", "ownership"])
      expect(fold(stake)).toEqual(["~stake"]);
  });

  it("stems: plural and possessive forms meet", () => {
    expect(termsOf("investigations")).toEqual(termsOf("investigation"));
    expect(termsOf("alibabas arrests")).toEqual(termsOf("Alibaba's arrested"));
  });
});

describe("spelling", () => {
  it("measures edits, counting a swap of neighbours as one", () => {
    expect(editDistance("regoins", "regions", 2)).toBe(1);
    expect(editDistance("singpst", "singpost", 2)).toBe(1);
    expect(editDistance("alibaba", "tencent", 2)).toBe(3);
  });

  it("corrects misspelt fact words but leaves real English words alone", () => {
    expect(parse("how many regoins does alibba cloud have").corrections).toEqual([
      { from: "regoins", to: "regions" },
      { from: "alibba", to: "alibaba" },
    ]);
    expect(parse("singpost share price").corrections).toEqual([]);
  });
});

describe("question form", () => {
  it("reads the kind of answer asked for", () => {
    expect(parse("how many cloud regions").wants).toBe("count");
    expect(parse("when did it launch in japan").wants).toBe("date");
    expect(parse("who is ethan yu").wants).toBe("person");
    expect(parse("why was taobao blacklisted").wants).toBe("reason");
    expect(parse("where is the japan data center").wants).toBe("place");
  });

  it("reads the operation asked for", () => {
    expect(parse("by how many points does the stake rise").operation).toBe("difference");
    expect(parse("arrests per investigation").operation).toBe("ratio");
    expect(parse("what percentage of people are digital customers").operation).toBe("share");
    expect(parse("what was the stake before").pick).toBe("earlier");
  });

  it("tells small talk from questions", () => {
    expect(parse("hi there!").smalltalk).toBe("greeting");
    expect(parse("thanks a lot").smalltalk).toBe("thanks");
    expect(parse("who are you?").smalltalk).toBe("identity");
    expect(parse("what can you do").smalltalk).toBe("capabilities");
    expect(parse("hi, what is taobao?").smalltalk).toBeNull();
  });

  it("tells yes/no questions, and what they claim", () => {
    expect(parse("Alibaba is SingPost's biggest shareholder, right?")).toMatchObject({
      form: "yesno",
      claim: { rank: 1 },
    });
    expect(parse("Ningbo has about 8 million people, doesn't it?").claim?.figures).toEqual([
      { number: 8_000_000, percent: false, comparison: "about", counts: "peopl" },
    ]);
    expect(parse("what is the stake").form).toBe("wh");
  });
});
