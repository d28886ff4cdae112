import { beforeAll, describe, expect, it } from "vitest";
import { runSlashLine, splitOptions } from "../src/console/slash.js";
import { createEngine } from "../src/engine/index.js";
import type { Engine } from "../src/engine/types.js";
import { loadFactBase } from "../src/facts/load.js";
import {
  type CommandContext,
  type CommandRequest,
  type ResolvedCommand,
  runCommand,
  summarise,
} from "../src/reply/command.js";
import { handleButton } from "../src/reply/components.js";
import { loadCommands } from "../src/reply/load-commands.js";
import { answerReply } from "../src/reply/render.js";
import { COMMAND_NAMES } from "./fixtures/commands.js";

let engine: Engine;
let commands: Map<string, ResolvedCommand>;
let context: CommandContext;

const USER = "111111111111111111";
const OTHER = "222222222222222222";

function request(name: string, options: CommandRequest["options"]): CommandRequest {
  return { name, options, userId: USER, guildId: null, locale: "en-US" };
}

async function run(name: string, options: CommandRequest["options"] = {}) {
  const command = commands.get(name);
  if (!command) throw new Error(`no /${name}`);
  return runCommand(command, request(name, options), context);
}

beforeAll(async () => {
  engine = createEngine(loadFactBase());
  commands = await loadCommands(engine.base);
  context = { engine, commands: summarise(commands.values()) };
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
    const page2 = handleButton(next?.custom_id ?? "", engine);
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
  it("Source and fact buttons answer privately", () => {
    const source = handleButton("source:singpost-stake", engine);
    expect(source).toMatchObject({ kind: "reply", reply: { ephemeral: true } });
    expect(source.reply.embeds?.[0]?.description).toContain("14.4 percent");
    const fact = handleButton("fact:taobao", engine);
    expect(fact.reply.embeds?.[0]?.title).toBe("What Taobao is");
  });

  it("forged, stale or unknown ids get a polite ephemeral note", () => {
    for (const id of ["fact:no-such-fact", "source:", "topics:nope:0", "topics:all:99", "rm -rf", ""]) {
      const result = handleButton(id, engine);
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
        text: "Did you mean…",
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
        text: "The tracker doesn't say.",
        suggestions: [],
      },
      engine.base,
    );
    for (const category of engine.base.categories) expect(reply.embeds?.[0]?.description).toContain(category);
  });

  it("smalltalk is the engine's text", () => {
    const reply = answerReply(
      { outcome: "smalltalk", answered: false, fact: null, confidence: 1, text: "Hello!", suggestions: [] },
      engine.base,
    );
    expect(reply).toEqual({ content: "Hello!" });
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
    expect(await runSlashLine("/topics", engine)).toContain("[Next ▶]");
    expect(await runSlashLine("/help", engine)).toContain("/topics");
  });

  it("lists the commands for an unknown one and shows usage when a required option is missing", async () => {
    expect(await runSlashLine("/nope", engine)).toBe(
      "Commands: /admin, /ask, /fact, /help, /settings, /source, /topics, /unanswered",
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
    const { factEmbed } = await import("../src/reply/render.js");
    const history = factEmbed(fact).fields?.find((f) => f.name === "Earlier editions");
    expect(history?.value).toContain("**December 2016**: After 12% · Before 10.23%");
  });
});
