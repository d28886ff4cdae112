import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { helpReply } from "../commands/help.js";
import { topicsReply } from "../commands/topics.js";
import { createDefaultEngine } from "../src/app/runtime.js";
import type { Derivation, EngineAnswer } from "../src/engine/types.js";
import type { FactBase, KnownFact } from "../src/facts/base.js";
import type { EditionMeta } from "../src/facts/schema.js";
import { answerReply, factReply, sourceReply } from "../src/format/discord.js";
import {
  type CommandContext,
  type CommandRequest,
  type RawOptionValue,
  type ResolvedCommand,
  summarise,
} from "../src/framework/command.js";
import { Slug, splitCustomId } from "../src/framework/custom-id.js";
import { errorReply, staleButton } from "../src/framework/dispatch.js";
import { finaliseReply } from "../src/framework/finalise.js";
import { DISCORD_LIMITS, embedSize } from "../src/framework/limits.js";
import { loadCommands } from "../src/framework/load-commands.js";
import type { FinalReply } from "../src/framework/types.js";
import { testPipeline } from "./fixtures/pipeline.js";

/**
 * Property-based abuse of every path user text takes: the engine, every renderer, the command handlers and
 * button custom ids, with arbitrary Unicode, control and zero-width characters, 10,000-character strings,
 * markdown, mentions, code blocks, JSON and injection text. Each property: nothing throws, every reply fits
 * Discord's limits, nobody can be pinged, and no text renders as a mention.
 * 2,500 + 2,000 + 2,500 + 2,900 + 600 = 10,500 generated inputs (FUZZ_RUNS scales them).
 */

const SCALE = Number(process.env.FUZZ_RUNS ?? "1");
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * SCALE)) });
let generated = 0;

const engine = createDefaultEngine();
let commands: Map<string, ResolvedCommand>;
let context: CommandContext;
let harness: ReturnType<typeof testPipeline>;

beforeAll(async () => {
  commands = await loadCommands(engine.base);
  context = { engine, commands: summarise(commands.values()), client: "discord" };
  harness = testPipeline(engine, commands);
});

const runCommand = (command: ResolvedCommand, request: Pick<CommandRequest, "options" | "guildId">) =>
  harness.run(command.data.name, request.options, { guildId: request.guildId });
const handleButton = (customId: string) => harness.click(customId);
/** Whether a custom id is well-formed for the command it names (it may still be stale). */
const parsesAsOurs = (customId: string) => {
  const parts = splitCustomId(customId);
  return (
    parts !== undefined && commands.get(parts.command)?.button?.args.safeParse(parts.args).success === true
  );
};

// ---------------------------------------------------------------------------------------------------------
// Checking a reply

/** A mention Discord would render (and, without allowed_mentions, ping). */
const LIVE_MENTION = /@(everyone|here)|<@[!&]?\d/i;

function textsOf(reply: FinalReply): string[] {
  const texts: string[] = [];
  for (const embed of reply.embeds) {
    texts.push(
      embed.title ?? "",
      embed.description ?? "",
      embed.footer?.text ?? "",
      embed.author?.name ?? "",
    );
    for (const field of embed.fields ?? []) texts.push(field.name, field.value);
  }
  for (const row of reply.components) for (const button of row.components) texts.push(button.label ?? "");
  return texts;
}

/** Every broken rule of Discord's limits or of "nobody gets pinged"; empty when the reply is fine. */
function violations(reply: FinalReply, requestedMention?: string): string[] {
  const bad: string[] = [];
  const fail = (what: string) => bad.push(what);
  // Pings: nothing parsed; a user only when a `mention` option asked for exactly that user.
  if (reply.allowedMentions.parse.length !== 0) fail("allowed_mentions.parse is not empty");
  const users = reply.allowedMentions.users;
  if (users !== undefined && (users.length !== 1 || users[0] !== requestedMention)) {
    fail(`allowed_mentions.users ${JSON.stringify(users)} is not the requested ${requestedMention}`);
  }
  let content = reply.content ?? "";
  if (users?.[0] && content.startsWith(`<@${users[0]}>`)) content = content.slice(`<@${users[0]}>`.length);
  for (const text of [content, ...textsOf(reply)]) {
    if (LIVE_MENTION.test(text)) fail(`live mention in ${JSON.stringify(text.slice(0, 200))}`);
  }
  // Limits.
  if ((reply.content ?? "").length > DISCORD_LIMITS.content) fail("content > 2000");
  if (reply.embeds.length > DISCORD_LIMITS.embeds) fail("> 10 embeds");
  let total = 0;
  for (const embed of reply.embeds) {
    if ((embed.title ?? "").length > DISCORD_LIMITS.embedTitle) fail("title > 256");
    if ((embed.description ?? "").length > DISCORD_LIMITS.embedDescription) fail("description > 4096");
    if ((embed.footer?.text ?? "").length > DISCORD_LIMITS.footerText) fail("footer > 2048");
    if ((embed.author?.name ?? "").length > DISCORD_LIMITS.authorName) fail("author > 256");
    const fields = embed.fields ?? [];
    if (fields.length > DISCORD_LIMITS.embedFields) fail("> 25 fields");
    for (const field of fields) {
      if (field.name.length === 0 || field.name.length > DISCORD_LIMITS.fieldName) fail("field name size");
      if (field.value.length === 0 || field.value.length > DISCORD_LIMITS.fieldValue)
        fail("field value size");
    }
    total += embedSize(embed);
  }
  if (total > DISCORD_LIMITS.embedTotal) fail(`embeds total ${total} > 6000`);
  if (reply.components.length > DISCORD_LIMITS.rows) fail("> 5 rows");
  const ids = new Set<string>();
  for (const row of reply.components) {
    if (row.components.length === 0 || row.components.length > DISCORD_LIMITS.buttonsPerRow) {
      fail("row with 0 or > 5 buttons");
    }
    for (const button of row.components) {
      if (button.custom_id.length === 0 || button.custom_id.length > DISCORD_LIMITS.customId) {
        fail("custom_id size");
      }
      if (ids.has(button.custom_id)) fail("duplicate custom_id");
      ids.add(button.custom_id);
      if ((button.label ?? "").length > DISCORD_LIMITS.buttonLabel) fail("label > 80");
    }
  }
  if (!reply.content?.trim() && reply.embeds.length === 0) fail("empty message");
  return bad;
}

function assertFine(reply: FinalReply, requestedMention?: string): void {
  const bad = violations(reply, requestedMention);
  if (bad.length > 0) throw new Error(bad.join("; "));
}

// ---------------------------------------------------------------------------------------------------------
// Hostile text

const SNOWFLAKE = fc.bigInt({ min: 10n ** 16n, max: 10n ** 19n }).map(String);
const QUESTIONS = [
  "what's alibaba's stake in singpost",
  "what is taobao",
  "how many people were arrested",
  "who founded alibaba",
  "how much did the stake change",
];
const FRAGMENTS = [
  "@everyone",
  "@here",
  "@EVERYONE",
  "@everyones",
  "@@here",
  "<@",
  "<@!",
  "<@&",
  ">",
  "@",
  "```",
  "```js\n",
  "`",
  "**",
  "__",
  "||",
  "~~",
  "> ",
  "# ",
  "[link](https://evil.example)",
  "\\",
  '"',
  "'",
  "{",
  "}",
  '{"a":1}',
  "'; DROP TABLE facts; --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template injection text, on purpose
  "${process.env.DISCORD_TOKEN}",
  "<script>alert(1)</script>",
  "{{7*7}}",
  "../../etc/passwd",
  "\u0000",
  "\u0007",
  "\u001b[31m",
  "\n",
  "\r\n",
  "\t",
  "\u200b",
  "\u200c",
  "\u200d",
  "\u2060",
  "\ufeff",
  "\u202e",
  "\u0301",
  "\ud800",
  "\udfff",
  "😀",
  "👩‍👩‍👧",
  "singpost",
  "alibaba",
  "stake",
  "fact:singpost-stake",
  "topics:all:1",
  " ",
];

/** Pieces that combine into mentions, markdown and injections, with real question words among them. */
const mixed = fc
  .array(
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...FRAGMENTS) },
      { weight: 2, arbitrary: SNOWFLAKE },
      { weight: 2, arbitrary: fc.constantFrom(...QUESTIONS) },
      { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(""));

const controlAndZeroWidth = fc.string({
  unit: fc.constantFrom(
    "\u0000",
    "\u0008",
    "\u000b",
    "\u001f",
    "\u007f",
    "\u0085",
    "\u200b",
    "\u200e",
    "\u2028",
    "\ufeff",
    "a",
    " ",
  ),
  maxLength: 60,
});

/** 5,000–10,000 characters: a hostile piece repeated. */
const huge = fc
  .tuple(
    fc.oneof(mixed, fc.string({ unit: "binary", minLength: 1, maxLength: 20 })),
    fc.integer({ min: 5_000, max: 10_000 }),
  )
  .map(([piece, length]) =>
    (piece || "@everyone ").repeat(Math.ceil(length / Math.max(1, piece.length))).slice(0, length),
  );

const hostile: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: mixed },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 100 }) },
  { weight: 1, arbitrary: controlAndZeroWidth },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(...QUESTIONS).chain((q) => mixed.map((m) => `${m} ${q} ${m}`)) },
  { weight: 1, arbitrary: huge },
);

// ---------------------------------------------------------------------------------------------------------
// Hostile facts, for the renderers

const template = engine.base.facts.find((f) => f.values.length >= 2) ?? engine.base.facts[0];
if (!template) throw new Error("the fact base has no facts");

const edition: fc.Arbitrary<EditionMeta> = fc.record({
  id: fc.constant("e"),
  title: hostile,
  publisher: hostile,
  date: fc.constantFrom("2017", "2017-01", "2017-Q2", "2017-02-28"),
  dateText: hostile,
});

const value = fc.record({
  key: fc.oneof(fc.constantFrom("after", "before", "digital-customers"), hostile),
  measures: hostile,
  number: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()),
  unit: fc.constantFrom("percent", "count", "people", "usd", "year", "years", "cities"),
  qualifier: fc.option(fc.constantFrom("more than" as const, "about" as const), { nil: undefined }),
});

const hostileFact: fc.Arbitrary<KnownFact> = fc
  .record({
    id: fc.oneof(fc.constantFrom(...engine.base.facts.map((f) => f.id)), hostile),
    category: hostile,
    title: hostile,
    answer: hostile,
    quote: hostile,
    asOf: fc.constantFrom("2017", "2017-02", "2017-Q1", "2017-02-28"),
    asOfText: fc.option(hostile, { nil: undefined }),
    values: fc.array(value, { maxLength: 30 }),
    edition,
    history: fc.array(
      fc.record({
        edition,
        fact: fc.record({ answer: hostile, quote: hostile, values: fc.array(value, { maxLength: 3 }) }),
      }),
      { maxLength: 7 },
    ),
  })
  .map((f) => ({
    ...template,
    ...f,
    history: f.history.map((h) => ({ edition: h.edition, fact: { ...template, ...h.fact } })),
  }));

function hostileBase(facts: KnownFact[], categories: string[], editions: EditionMeta[]): FactBase {
  const all = [...facts, ...engine.base.facts.slice(0, 3)];
  return {
    editions: [...editions, ...engine.base.editions],
    facts: all,
    byId: new Map(all.map((f) => [f.id, f])),
    categories: [...new Set([...categories, ...all.map((f) => f.category)])],
    vocabulary: engine.base.vocabulary,
    texts: engine.base.texts,
  };
}

const operand = fc.record({
  factId: fc.oneof(fc.constant("a"), hostile),
  value: fc.record({
    key: hostile,
    measures: hostile,
    number: fc.double({ noNaN: true, noDefaultInfinity: true }),
    unit: fc.constantFrom("percent" as const, "usd" as const, "people" as const, "year" as const),
    qualifier: fc.option(fc.constantFrom("about" as const, "over" as const), { nil: undefined }),
  }),
});
const quantity = fc.record({
  number: fc.double({ noNaN: true }),
  unit: fc.constantFrom(
    "percent" as const,
    "points" as const,
    "ratio" as const,
    "usd" as const,
    "months" as const,
  ),
});
/** A computed figure of any kind, with hostile words in what its operands measure. */
const derivation: fc.Arbitrary<Derivation> = fc
  .record({
    result: quantity,
    a: operand,
    b: operand,
    factIds: fc.array(hostile, { maxLength: 4 }),
    kind: fc.constantFrom("difference", "ratio", "sum", "share", "span", "pick", "convert", "target"),
    text: hostile,
  })
  .map(({ result, a, b, factIds, kind, text }): Derivation => {
    const common = { result, operands: [a, b], factIds, inputs: [] };
    switch (kind) {
      case "difference":
        return { ...common, operation: "difference", from: a, to: b, changing: true, relative: 12.5 };
      case "ratio":
        return { ...common, operation: "ratio", numerator: a, denominator: b, per: 100 };
      case "sum":
        return { ...common, operation: "sum", parts: [a, b] };
      case "share":
        return { ...common, operation: "share", part: a, whole: b, rest: true };
      case "span":
        return {
          ...common,
          operation: "span",
          from: { iso: "2015-Q4", text },
          to: { iso: "2017-02" },
          inclusive: false,
        };
      case "pick":
        return { ...common, operation: "pick", chosen: a, other: b, which: "earlier" };
      case "convert":
        return { ...common, operation: "convert", value: { ...a }, result: { ...result, scale: 1e9 } };
      default:
        return { ...common, operation: "target", value: a, target: 20 };
    }
  });

const engineAnswer: fc.Arbitrary<EngineAnswer> = fc
  .record({
    outcome: fc.constantFrom(
      "answer" as const,
      "suggest" as const,
      "decline" as const,
      "smalltalk" as const,
      "empty" as const,
    ),
    fact: fc.option(hostileFact, { nil: null }),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    suggestions: fc.array(hostileFact, { maxLength: 8 }),
    smalltalk: fc.constantFrom("greeting" as const, "thanks" as const, "capabilities" as const),
    derivation: fc.option(derivation, { nil: undefined }),
  })
  .map((a) => ({ ...a, answered: a.outcome === "answer" }));

// ---------------------------------------------------------------------------------------------------------

describe("fuzz: bad input never breaks a reply", () => {
  it("the engine answers any text, and its answer renders within limits with no live mention", () => {
    fc.assert(
      fc.property(hostile, (question) => {
        generated++;
        const answer = engine.ask(question);
        expect(["answer", "suggest", "decline", "clarify", "smalltalk", "empty"]).toContain(answer.outcome);
        expect(answer.confidence).toBeGreaterThanOrEqual(0);
        expect(answer.confidence).toBeLessThanOrEqual(1);
        assertFine(finaliseReply(answerReply(answer, engine.base)));
      }),
      runs(2_500),
    );
  });

  it("every renderer, for every outcome, fits Discord's limits whatever the facts contain", () => {
    fc.assert(
      fc.property(
        engineAnswer,
        hostileFact,
        fc.array(hostile, { maxLength: 30 }),
        fc.array(edition, { maxLength: 3 }),
        fc.array(fc.record({ name: hostile, description: hostile }), { maxLength: 30 }),
        fc.nat({ max: 5 }),
        (answer, fact, categories, editions, summaries, page) => {
          generated++;
          const base = hostileBase([fact, ...answer.suggestions], categories, editions);
          const replies = [
            answerReply(answer, base),
            factReply(fact, base),
            sourceReply(fact),
            helpReply({ ...context, engine: { ...engine, base }, commands: summaries }),
            staleButton(),
            errorReply(),
            topicsReply(base, "all", page),
            ...base.categories.slice(0, 3).map((c) => topicsReply(base, c, 0)),
          ];
          for (const reply of replies) if (reply) assertFine(finaliseReply(reply));
          // The same replies aimed at a member: only that member may be pinged.
          const member = "123456789012345678";
          assertFine(finaliseReply({ ...answerReply(answer, base), mention: member }), member);
        },
      ),
      runs(2_000),
    );
  });

  it("/ask, /fact, /source and /topics take any option values without throwing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("ask", "fact", "source", "topics"),
        hostile,
        fc.option(fc.oneof(fc.boolean(), hostile, fc.integer()), { nil: undefined }),
        fc.option(fc.oneof(SNOWFLAKE, hostile, fc.integer()), { nil: undefined }),
        fc.dictionary(hostile, fc.oneof(hostile, fc.integer(), fc.boolean()), { maxKeys: 3 }),
        async (name, text, hide, mention, extra) => {
          generated++;
          const command = commands.get(name);
          if (!command) throw new Error(`no /${name}`);
          const main =
            { ask: "question", fact: "topic", source: "topic", topics: "category" }[name] ?? "question";
          const options: Record<string, RawOptionValue> = { ...extra, [main]: text };
          if (hide !== undefined) options.hide = hide;
          if (mention !== undefined) options.mention = mention;
          const reply = await runCommand(command, { options, guildId: null });
          const requested = typeof mention === "string" && /^\d{17,20}$/.test(mention) ? mention : undefined;
          assertFine(reply, requested);
          if (hide === true) expect(reply.ephemeral).toBe(true);
        },
      ),
      runs(2_500),
    );
  });

  it("any button custom id, forged or stale, is parsed and answered politely", async () => {
    const validIds = [
      ...engine.base.facts.flatMap((f) => [`fact:${f.id}`, `source:${f.id}`]),
      "topics:all:0",
      "topics:all:1",
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostile,
          hostile.map((s) => `fact:${s}`),
          hostile.map((s) => `source:${s}`),
          fc.tuple(hostile, fc.integer()).map(([s, n]) => `topics:${s}:${n}`),
          fc.constantFrom(...validIds),
          fc.constantFrom(...validIds).chain((id) => hostile.map((s) => `${id}${s}`)),
        ),
        async (customId) => {
          generated++;
          const result = await handleButton(customId);
          const reply = result.reply;
          assertFine(reply);
          if (!parsesAsOurs(customId)) {
            expect(result.kind).toBe("reply");
            expect(reply.ephemeral).toBe(true);
            expect(reply.content).toMatch(/out of date/);
          }
        },
      ),
      runs(2_900),
    );
  });

  it("autocomplete offers valid choices for any input, and each picked value answers its fact", async () => {
    const fact = commands.get("fact");
    if (!fact?.autocomplete) throw new Error("/fact has no autocomplete");
    await fc.assert(
      fc.asyncProperty(hostile, async (typed) => {
        generated++;
        const choices = fact.autocomplete?.({ name: "topic", value: typed }, context) ?? [];
        expect(choices.length).toBeLessThanOrEqual(DISCORD_LIMITS.choices);
        for (const choice of choices) {
          expect(choice.name.length).toBeGreaterThan(0);
          expect(choice.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.choiceName);
          expect(Slug.safeParse(choice.value).success).toBe(true);
        }
        const picked = choices[0];
        if (picked) {
          const reply = await runCommand(fact, { options: { topic: picked.value }, guildId: null });
          assertFine(reply);
          expect(reply.embeds[0]?.title).toBe(engine.fact(picked.value)?.title);
        }
      }),
      runs(600),
    );
  }, 60_000);

  it("generated at least 10,000 inputs in total", () => {
    expect(generated).toBeGreaterThanOrEqual(Math.round(10_000 * SCALE));
  });
});

describe("forged and stale values", () => {
  const request = (_name: string, options: CommandRequest["options"]) => ({
    options,
    guildId: "222222222222222222",
  });

  it("a stale autocomplete pick (a fact id no longer in the base) gets a polite private note", async () => {
    for (const name of ["fact", "source"]) {
      const command = commands.get(name);
      if (!command) throw new Error(`no /${name}`);
      const reply = await runCommand(command, request(name, { topic: "singpost-stake-2019-revised" }));
      expect(reply.ephemeral).toBe(true);
      expect(JSON.stringify(reply)).toMatch(/out of date/);
      assertFine(reply);
    }
  });

  it("forged button ids get the stale note, privately", async () => {
    for (const id of [
      "fact:no-such-fact",
      "source:../../etc",
      "topics:all:999",
      "topics:x:1:2",
      "admin:drop",
      "x".repeat(500),
    ]) {
      const { reply } = await handleButton(id);
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toMatch(/out of date/);
    }
  });

  it("a mention option that is not a user id is refused, privately, and pings nobody", async () => {
    const ask = commands.get("ask");
    if (!ask) throw new Error("no /ask");
    const reply = await runCommand(ask, request("ask", { question: "what is taobao", mention: "@everyone" }));
    expect(reply.ephemeral).toBe(true);
    expect(reply.allowedMentions).toEqual({ parse: [] });
    assertFine(reply);
  });
});
