import { beforeAll, describe, expect, it } from "vitest";
import { runSlashLine } from "../src/console/session.js";
import { splitOptions } from "../src/console/slash.js";
import { createEngine } from "../src/engine/index.js";
import type { Engine, EngineAnswer } from "../src/engine/types.js";
import { loadFactBase } from "../src/facts/load.js";
import { answerText } from "../src/format/answer.js";
import { answerReply } from "../src/format/discord.js";
import type { CommandContext, CommandRequest, ResolvedCommand } from "../src/framework/command.js";
import { loadCommands } from "../src/framework/load-commands.js";
import { COMMAND_NAMES } from "./fixtures/commands.js";
import { testPipeline } from "./fixtures/pipeline.js";

let engine: Engine;
let commands: Map<string, ResolvedCommand>;
let context: CommandContext;
let harness: ReturnType<typeof testPipeline>;

const OTHER = "222222222222222222";

async function run(name: string, options: CommandRequest["options"] = {}) {
  return harness.run(name, options);
}

const handleButton = (customId: string) => harness.click(customId);

beforeAll(async () => {
  engine = createEngine(loadFactBase());
  commands = await loadCommands(engine.base);
  harness = testPipeline(engine, commands);
  context = { engine, commands: [], client: "discord" };
});

describe("command discovery", () => {
  it("finds every command module in commands/", () => {
    expect([...commands.keys()].sort()).toEqual(COMMAND_NAMES);
  });

  it("answering commands take hide and mention", () => {
    for (const name of ["ask", "fact", "source", "topics"]) {
      const names = (commands.get(name)?.data.options ?? []).map((o) => o.name);
      expect(names).toEqual(expect.arrayContaining(["hide", "mention"]));
    }
  });

  it("/topics offers the fact base's categories as choices", () => {
    const category = commands.get("topics")?.data.options?.find((o) => o.name === "category");
    const choices = category && "choices" in category ? (category.choices ?? []) : [];
    expect(choices.map((c) => c.name)).toEqual(engine.base.categories);
  });
});

describe("/fact", () => {
  it("answers a picked fact id with an embed, fields, footer and a Source button", async () => {
    const reply = await run("fact", { topic: "singpost-stake" });
    const [embed] = reply.embeds;
    expect(embed?.description).toContain("**14.4%**");
    expect(embed?.fields?.map((f) => `${f.name} ${f.value}`)).toEqual([
      "After **14.4%**",
      "Before **10.23%**",
    ]);
    expect(embed?.footer?.text).toContain("January 2017");
    expect(embed?.footer?.text).toContain("end of February 2017");
    expect(reply.components[0]?.components[0]).toMatchObject({
      custom_id: "source:singpost-stake",
      label: "Source",
    });
    expect(reply.ephemeral).toBe(false);
    expect(reply.allowedMentions).toEqual({ parse: [] });
  });

  it("autocompletes ≤25 choices of ≤100 characters whose values are fact ids", () => {
    const fact = commands.get("fact");
    for (const typed of ["", "sing", "alibaba", "x".repeat(200)]) {
      const choices = fact?.autocomplete?.({ name: "topic", value: typed }, context) ?? [];
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const choice of choices) {
        expect(choice.name.length).toBeLessThanOrEqual(100);
        expect(engine.fact(choice.value)).toBeDefined();
      }
    }
    expect(fact?.autocomplete?.({ name: "topic", value: "" }, context).length).toBe(25);
  });

  it("treats a free-typed topic as a question", async () => {
    const reply = await run("fact", { topic: "tell me about singpost-stake please" });
    expect(reply.embeds[0]?.description).toContain("14.4%");
  });

  it("hide makes it ephemeral; mention pings only that user", async () => {
    expect((await run("fact", { topic: "taobao", hide: true })).ephemeral).toBe(true);
    const pointed = await run("fact", { topic: "taobao", mention: OTHER });
    expect(pointed.content).toBe(`<@${OTHER}>`);
    expect(pointed.allowedMentions).toEqual({ parse: [], users: [OTHER] });
  });

  it("refuses an invalid mention option without throwing", async () => {
    const reply = await run("fact", { topic: "taobao", mention: "@everyone" });
    expect(reply.ephemeral).toBe(true);
    expect(reply.allowedMentions).toEqual({ parse: [] });
  });
});

describe("/ask, /source, /topics, /help", () => {
  it("/ask never echoes a live mention", async () => {
    const reply = await run("ask", { question: "@everyone <@&123456789012345678> what is up" });
    expect(JSON.stringify(reply)).not.toMatch(/@everyone|<@&\d/);
    expect(reply.allowedMentions).toEqual({ parse: [] });
  });

  it("/source quotes the edition with its date", async () => {
    const reply = await run("source", { topic: "singpost-stake" });
    const [embed] = reply.embeds;
    expect(embed?.description).toContain("14.4 percent");
    expect(JSON.stringify(embed)).toContain("PYMNTS.com");
    expect(JSON.stringify(embed)).toContain("January 2017");
  });

  it("/topics pages with Prev/Next buttons, and the buttons page", async () => {
    const first = await run("topics");
    const [prev, next] = first.components[0]?.components ?? [];
    expect(prev).toMatchObject({ custom_id: "topics:all:0", disabled: true });
    expect(next).toMatchObject({ custom_id: "topics:all:1", disabled: false });
    const page2 = await handleButton(next?.custom_id ?? "");
    expect(page2.kind).toBe("update");
    expect(page2.reply.embeds?.[0]?.footer?.text).toContain("Page 2/");
  });

  it("/topics of one category fits one page without buttons", async () => {
    const reply = await run("topics", { category: "singpost-logistics" });
    expect(reply.embeds[0]?.description).toContain("singpost-stake");
    expect(reply.components).toEqual([]);
  });

  it("/help lists the commands and the editions", async () => {
    const reply = await run("help");
    const text = JSON.stringify(reply.embeds);
    for (const name of commands.keys()) expect(text).toContain(`/${name}`);
    expect(text).toContain("PYMNTS.com");
  });
});

describe("buttons", () => {
  it("Source and fact buttons answer privately", async () => {
    const source = await handleButton("source:singpost-stake");
    expect(source).toMatchObject({ kind: "reply", reply: { ephemeral: true } });
    expect(source.reply.embeds?.[0]?.description).toContain("14.4 percent");
    const fact = await handleButton("fact:taobao");
    expect(fact.reply.embeds?.[0]?.title).toBe("What Taobao is");
  });

  it("forged, stale or unknown ids get a polite ephemeral note", async () => {
    for (const id of ["fact:no-such-fact", "source:", "topics:nope:0", "topics:all:99", "rm -rf", ""]) {
      const result = await handleButton(id);
      expect(result.kind).toBe("reply");
      expect(result.reply.ephemeral).toBe(true);
      expect(result.reply.content).toMatch(/out of date/);
    }
  });
});

describe("engine outcomes", () => {
  const fact = () => engine.base.byId.get("singpost-stake") ?? null;

  it("suggest shows Did you mean buttons carrying fact ids", () => {
    const suggestions = [fact(), engine.base.byId.get("singpost")].filter(
      (f) => f !== null && f !== undefined,
    );
    const reply = answerReply(
      {
        outcome: "suggest",
        answered: false,
        fact: null,
        confidence: 0.4,
        suggestions,
      },
      engine.base,
    );
    expect(reply.components?.[0]?.components.map((b) => b.custom_id)).toEqual([
      "fact:singpost-stake",
      "fact:singpost",
    ]);
  });

  it("decline lists the categories the bot covers", () => {
    const reply = answerReply(
      {
        outcome: "decline",
        answered: false,
        fact: null,
        confidence: 0,
        suggestions: [],
      },
      engine.base,
    );
    for (const category of engine.base.categories) expect(reply.embeds?.[0]?.description).toContain(category);
  });

  it("smalltalk is what the bot says, as plain content", () => {
    const hello: EngineAnswer = {
      outcome: "smalltalk",
      answered: false,
      fact: null,
      confidence: 1,
      suggestions: [],
      smalltalk: "greeting",
    };
    const reply = answerReply(hello, engine.base);
    expect(reply).toEqual({ content: answerText(hello, engine.base) });
    expect(reply.content).toMatch(/^Hi!/);
  });
});

describe("console slash lines", () => {
  it("splits key:value options and leaves the rest positional", () => {
    expect([...splitOptions("question:what is taobao hide:true", ["question", "hide"])]).toEqual([
      ["question", "what is taobao"],
      ["hide", "true"],
    ]);
    expect([...splitOptions("what is taobao hide:yes", ["question", "hide"])]).toEqual([
      ["", "what is taobao"],
      ["hide", "yes"],
    ]);
  });

  it("runs the same commands as Discord and prints text", async () => {
    const text = await runSlashLine("/fact singpost-stake", engine);
    expect(text).toContain("**14.4%**");
    expect(text).toContain("[Source: /source singpost-stake]");
    expect(await runSlashLine("/ask question:what is taobao hide:true", engine)).toContain(
      "(only you can see this)",
    );
    expect(await runSlashLine("/source singpost-stake", engine)).toContain("14.4 percent");
    expect(await runSlashLine("/topics", engine)).toContain("[Next ▶: n]");
    expect(await runSlashLine("/help", engine)).toContain("/topics");
  });

  it("lists the commands for an unknown one and shows usage when a required option is missing", async () => {
    expect(await runSlashLine("/nope", engine)).toBe(
      "Commands: /admin, /ask, /editions, /fact, /help, /settings, /source, /topics, /unanswered",
    );
    expect(await runSlashLine("/ask", engine)).toMatch(/^Usage: \/ask question:/);
    expect(await runSlashLine("/ask hide:maybe what", engine)).toMatch(/hide: expected true or false/);
  });
});

describe("history", () => {
  it("shows earlier editions' values under the answer", async () => {
    const { readFileSync } = await import("node:fs");
    const { buildFactBase } = await import("../src/facts/base.js");
    const raw = readFileSync(new URL("../data/2017-01-alibaba-tracker.json", import.meta.url), "utf8");
    const older = JSON.parse(raw);
    older.edition = { ...older.edition, id: "2016-12", date: "2016-12", dateText: "December 2016" };
    const stake = older.facts.find((f: { id: string }) => f.id === "singpost-stake");
    stake.values[0].number = 12;
    const base = buildFactBase([
      { file: "new.json", raw },
      { file: "old.json", raw: JSON.stringify(older) },
    ]);
    const fact = base.byId.get("singpost-stake");
    if (!fact) throw new Error("missing fact");
    const { factReply } = await import("../src/format/discord.js");
    const history = factReply(fact, base).embeds?.[0]?.fields?.find((f) => f.name === "Earlier editions");
    expect(history?.value).toBe(
      "**Alibaba Tracker, December 2016**: 12% (end of February 2017) · Before: 10.23% (January 2017)",
    );
  });
});
