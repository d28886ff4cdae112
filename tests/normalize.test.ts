import { describe, expect, it } from "vitest";
import { isEnglishWord } from "../src/app/english-words.js";
import { buildFactIndex } from "../src/engine/fact-index.js";
import { parseQuestion } from "../src/engine/question.js";
import { editDistance } from "../src/engine/spelling.js";
import { expandShorthand, foldPhrases, rawWords, stripDiscordMarkup } from "../src/engine/text.js";
import { loadFactBase } from "../src/facts/load.js";

const index = buildFactIndex(loadFactBase());
const termsOf = (q: string) => parseQuestion(q, index, isEnglishWord).terms;
const fold = (q: string) => foldPhrases(expandShorthand(rawWords(stripDiscordMarkup(q))));

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
});

describe("words", () => {
  it("lower-cases, drops possessives and spells out symbols", () => {
    expect(rawWords("Alibaba’s STAKE: 14.4% of $278bn & more")).toEqual([
      "alibaba",
      "stake",
      "14.4",
      "percent",
      "of",
      "usd",
      "278",
      "bn",
      "and",
      "more",
    ]);
  });

  it("expands shorthand", () => {
    expect(expandShorthand(["whats", "the", "pop", "of", "sea", "pls"])).toEqual([
      "what",
      "is",
      "the",
      "population",
      "of",
      "sea",
      "please",
    ]);
  });

  it("folds abbreviations and synonyms into one term", () => {
    expect(fold("SEA")).toEqual(["southeastasia"]);
    expect(fold("south-east Asia's market")).toEqual(["southeastasia", "market"]);
    for (const cloud of ["AliCloud", "Aliyun", "Alibaba Cloud", "ali cloud"])
      expect(fold(cloud)).toEqual(["alibabacloud"]);
    for (const post of ["Singapore Post", "SingPost", "sing post"]) expect(fold(post)).toEqual(["singpost"]);
    for (const pct of ["%", "percent", "pct", "per cent"])
      expect(fold(`10 ${pct}`)).toEqual(["10", "percent"]);
    for (const region of ["regions", "data centres", "datacenters", "DCs", "economic centers"])
      expect(fold(region)).toEqual(["region"]);
    for (const stake of ["stake", "share", "shareholding", "ownership"])
      expect(fold(stake)).toEqual(["stake"]);
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
    const q = parseQuestion("how many regoins does alibba cloud have", index, isEnglishWord);
    expect(q.corrections).toEqual([
      { from: "regoins", to: "regions" },
      { from: "alibba", to: "alibaba" },
    ]);
    expect(parseQuestion("singpost share price", index, isEnglishWord).corrections).toEqual([]);
  });
});

describe("question form", () => {
  const parse = (q: string) => parseQuestion(q, index, isEnglishWord);
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
});
