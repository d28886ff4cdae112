import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EngineHolder } from "../src/app/reload.js";
import { createDefaultEngine } from "../src/app/runtime.js";
import { ConsoleSession } from "../src/console/session.js";
import { customIdsOfComponents, turnOfAnswerButtons } from "../src/conversation/context.js";
import { ConversationMemory } from "../src/conversation/memory.js";
import type { Engine } from "../src/engine/types.js";
import type { Actor, CommandRequest, ResolvedCommand } from "../src/framework/command.js";
import type { Request } from "../src/framework/dispatch.js";
import { loadCommands } from "../src/framework/load-commands.js";
import { MemoryGuildStore } from "../src/store/memory.js";
import { BUILT_IN_DEFAULTS } from "../src/store/settings.js";
import {
  ALICE,
  ALICE_DM,
  BAIDU,
  BEFORE,
  BOB,
  BOB_DM,
  CHANNEL,
  GUILD,
  OTHER_CHANNEL,
  STAKE,
  TENCENT,
  UNSURE,
} from "./fixtures/conversation.js";
import { testPipeline } from "./fixtures/pipeline.js";
import { spyEngine } from "./fixtures/spy-engine.js";

/**
 * Which earlier turns the engine is given, through the one pipeline every transport uses: a spy engine
 * records each `ask` and its `previous`, and each expected turn is derived from what the engine answered.
 */

let real: Engine;
let commands: Map<string, ResolvedCommand>;
let spy: ReturnType<typeof spyEngine>;
let store: MemoryGuildStore;
let clock: { now(): number; advance(ms: number): void };
let harness: ReturnType<typeof testPipeline>;

const inChannel = (userId: string, channelId = CHANNEL): Partial<Actor> => ({
  userId,
  guildId: GUILD,
  channelId,
});
const inDm = (userId: string, channelId: string): Partial<Actor> => ({ userId, guildId: null, channelId });

const ask = (question: string, actor: Partial<Actor>) => harness.run("ask", { question }, actor);

/** Free text as the gateway bot sends it: `/ask` with `via`, the turn kept only once the reply is sent. */
async function freeText(
  question: string,
  actor: Partial<Actor>,
  more: Pick<CommandRequest, "repliedTo"> & { via?: "message" | "listen"; sent?: boolean } = {},
) {
  const { via = "message", sent = true, ...rest } = more;
  const request: Request = {
    type: "command",
    name: "ask",
    options: { question },
    via,
    userId: ALICE,
    guildId: GUILD,
    channelId: CHANNEL,
    locale: "en-US",
    ...actor,
    ...rest,
  };
  const observed = await harness.pipeline.run(request);
  if (sent) await observed.remember();
  return observed.response;
}

beforeAll(async () => {
  real = createDefaultEngine();
  commands = await loadCommands(real.base);
});

beforeEach(() => {
  spy = spyEngine(real);
  store = new MemoryGuildStore();
  let now = 1_000_000;
  clock = { now: () => now, advance: (ms) => (now += ms) };
  harness = testPipeline(spy.engine, commands, {
    store,
    conversations: new ConversationMemory({ clock }),
  });
});

describe("/ask", () => {
  it("gives the engine the member's earlier turns in this channel, oldest first", async () => {
    await ask(STAKE, inChannel(ALICE));
    expect(spy.lastPrevious()).toEqual([]);
    await ask(BEFORE, inChannel(ALICE));
    expect(spy.lastPrevious()).toEqual([spy.turnOfCall(0)]);
    await ask(BAIDU, inChannel(ALICE));
    expect(spy.lastPrevious()).toEqual([spy.turnOfCall(0), spy.turnOfCall(1)]);
    expect(spy.turnOfCall(0)).toMatchObject({
      question: STAKE,
      outcome: "answer",
      factIds: ["singpost-stake"],
    });
  });

  it("keeps channels apart", async () => {
    await ask(STAKE, inChannel(ALICE));
    await ask(BEFORE, inChannel(ALICE, OTHER_CHANNEL));
    expect(spy.lastPrevious()).toEqual([]);
  });

  it("counts with free text by the same member in the same channel, either way round", async () => {
    await freeText(STAKE, inChannel(ALICE));
    await ask(BEFORE, inChannel(ALICE));
    expect(spy.lastPrevious()).toEqual([spy.turnOfCall(0)]);
    await freeText("when?", inChannel(ALICE));
    expect(spy.lastPrevious()).toEqual([spy.turnOfCall(0), spy.turnOfCall(1)]);
  });
});

describe("two members in one channel", () => {
  it("each gets only their own turns, however their questions interleave", async () => {
    await ask(STAKE, inChannel(ALICE));
    await freeText(BAIDU, inChannel(BOB));
    await ask(BEFORE, inChannel(ALICE));
    expect(spy.lastPrevious()).toEqual([spy.turnOfCall(0)]);
    await freeText(TENCENT, inChannel(BOB));
    expect(spy.lastPrevious()).toEqual([spy.turnOfCall(1)]);
    await ask("when?", inChannel(ALICE));
    expect(spy.lastPrevious()).toEqual([spy.turnOfCall(0), spy.turnOfCall(2)]);
  });
});

describe("free text", () => {
  it("a mention, reply or DM is kept once answered", async () => {
    await freeText(STAKE, inChannel(ALICE), { via: "message" });
    await freeText(BEFORE, inChannel(ALICE), { via: "message" });
    expect(spy.lastPrevious()).toEqual([spy.turnOfCall(0)]);
  });

  it("chatter overheard in a listen channel that got no reply is never kept", async () => {
    await freeText("anyone up for lunch?", inChannel(ALICE), { via: "listen", sent: false });
    await ask(STAKE, inChannel(ALICE));
    expect(spy.lastPrevious()).toEqual([]);
  });

  it("an overheard question the bot answered is kept", async () => {
    await freeText(STAKE, inChannel(ALICE), { via: "listen", sent: true });
    await ask(BEFORE, inChannel(ALICE));
    expect(spy.lastPrevious()).toEqual([spy.turnOfCall(0)]);
  });
});

describe("a reply to one of the bot's answers", () => {
  /** The turn the gateway bot reads from a message of the bot: its buttons' custom ids. */
  async function answerMessageTurn(question: string) {
    const reply = await harness.run("ask", { question }, inChannel(BOB, OTHER_CHANNEL));
    const turn = turnOfAnswerButtons(customIdsOfComponents(reply.components));
    if (!turn) throw new Error("the answer has no fact buttons");
    return turn;
  }

  it("an old answer nobody remembers (after a restart): the context is that answer, from its buttons", async () => {
    const repliedTo = await answerMessageTurn(STAKE);
    expect(repliedTo).toEqual({ question: "", outcome: "answer", factIds: ["singpost-stake"], offered: [] });
    await freeText(BEFORE, inChannel(ALICE), { repliedTo });
    expect(spy.lastPrevious()).toEqual([repliedTo]);
    // The conversation goes on from there.
    await ask("when?", inChannel(ALICE));
    expect(spy.lastPrevious()).toEqual([repliedTo, spy.turnOfCall(1)]);
  });

  it("takes precedence over the member's remembered turns", async () => {
    const repliedTo = await answerMessageTurn(BAIDU);
    await ask(STAKE, inChannel(ALICE));
    await freeText(TENCENT, inChannel(ALICE), { repliedTo });
    expect(spy.lastPrevious()).toEqual([repliedTo]);
  });

  it("to an answer the member remembers: the turns up to it, with the questions asked", async () => {
    await ask(BAIDU, inChannel(ALICE));
    await ask(STAKE, inChannel(ALICE));
    const first = turnOfAnswerButtons([`source:${spy.turnOfCall(0).factIds[0]}`]);
    await freeText(TENCENT, inChannel(ALICE), { ...(first && { repliedTo: first }) });
    expect(spy.lastPrevious()).toEqual([spy.turnOfCall(0)]);
  });

  it("a did-you-mean answered with '2': the offered facts, in order", async () => {
    const repliedTo = await answerMessageTurn(UNSURE);
    expect(repliedTo.outcome).toBe("suggest");
    expect(repliedTo.offered).toHaveLength(3);
    await freeText("2", inChannel(ALICE), { repliedTo });
    expect(spy.lastPrevious()).toEqual([repliedTo]);
  });
});

describe("DMs", () => {
  it("a DM is a channel of its own, per member", async () => {
    await ask(STAKE, inDm(ALICE, ALICE_DM));
    await freeText(BAIDU, inDm(BOB, BOB_DM));
    await freeText(BEFORE, inDm(ALICE, ALICE_DM));
    expect(spy.lastPrevious()).toEqual([spy.turnOfCall(0)]);
    await freeText(TENCENT, inDm(BOB, BOB_DM));
    expect(spy.lastPrevious()).toEqual([spy.turnOfCall(1)]);
    await ask(BEFORE, inChannel(ALICE));
    expect(spy.lastPrevious()).toEqual([]);
  });
});

describe("the window", () => {
  it("after 5 minutes without a turn, none (the default)", async () => {
    await ask(STAKE, inChannel(ALICE));
    clock.advance(301_000);
    await ask(BEFORE, inChannel(ALICE));
    expect(spy.lastPrevious()).toEqual([]);
  });

  it("follows the server's own window, and never another server's", async () => {
    await store.updateSettings(GUILD, { followUpSeconds: 60 });
    await ask(STAKE, inChannel(ALICE));
    await ask(STAKE, inDm(ALICE, ALICE_DM));
    clock.advance(61_000);
    await ask(BEFORE, inChannel(ALICE));
    expect(spy.lastPrevious()).toEqual([]);
    await ask(BEFORE, inDm(ALICE, ALICE_DM));
    expect(spy.lastPrevious()).toEqual([spy.turnOfCall(1)]);
  });

  it("0 turns follow-ups off in that server: no turns kept, replies read alone", async () => {
    await store.updateSettings(GUILD, { followUpSeconds: 0 });
    await ask(STAKE, inChannel(ALICE));
    await ask(BEFORE, inChannel(ALICE));
    expect(spy.lastPrevious()).toEqual([]);
    await freeText(BEFORE, inChannel(ALICE), { repliedTo: spy.turnOfCall(0) });
    expect(spy.lastPrevious()).toEqual([]);
  });

  it("the deployment's default (FOLLOW_UP_SECONDS) applies in DMs and where a server set none", async () => {
    harness = testPipeline(spy.engine, commands, {
      store,
      settingsDefaults: { ...BUILT_IN_DEFAULTS, followUpSeconds: 60 },
      conversations: new ConversationMemory({ clock }),
    });
    await ask(STAKE, inDm(ALICE, ALICE_DM));
    await ask(STAKE, inChannel(ALICE));
    clock.advance(61_000);
    await ask(BEFORE, inDm(ALICE, ALICE_DM));
    expect(spy.lastPrevious()).toEqual([]);
    await ask(BEFORE, inChannel(ALICE));
    expect(spy.lastPrevious()).toEqual([]);
  });

  it("settings that cannot be read: no context rather than a wrong one", async () => {
    await ask(STAKE, inChannel(ALICE));
    store.getSettings = () => Promise.reject(new Error("database is locked"));
    await ask(BEFORE, inChannel(ALICE));
    expect(spy.lastPrevious()).toEqual([]);
  });
});

describe("picks and clicks", () => {
  it("a fact picked from 'did you mean' is what the member follows up on", async () => {
    const suggest = await ask(UNSURE, inChannel(ALICE));
    const second = customIdsOfComponents(suggest.components)[1] ?? "";
    const picked = await harness.click(second, inChannel(ALICE));
    expect(picked.reply.ephemeral).toBe(true);
    await ask("when?", inChannel(ALICE));
    expect(spy.lastPrevious()).toEqual([
      spy.turnOfCall(0),
      { question: "", outcome: "answer", factIds: [second.slice("fact:".length)], offered: [] },
    ]);
  });

  it("/fact with a picked topic is kept; the Source button is not (it quotes an answer already given)", async () => {
    await harness.run("fact", { topic: "singpost-stake" }, inChannel(ALICE));
    await harness.click("source:singpost-stake", inChannel(ALICE));
    await ask(BEFORE, inChannel(ALICE));
    expect(spy.lastPrevious()).toEqual([
      { question: "", outcome: "answer", factIds: ["singpost-stake"], offered: [] },
    ]);
  });

  it("a click keeps the clicker's turn, not the asker's", async () => {
    const suggest = await ask(UNSURE, inChannel(ALICE));
    const first = customIdsOfComponents(suggest.components)[0] ?? "";
    await harness.click(first, inChannel(BOB));
    await ask("when?", inChannel(ALICE));
    expect(spy.lastPrevious()).toEqual([spy.turnOfCall(0)]);
  });
});

describe("where no conversation is kept (the HTTP endpoint)", () => {
  it("every question is read alone", async () => {
    const http = testPipeline(spy.engine, commands, {}, "http");
    await http.run("ask", { question: STAKE }, inChannel(ALICE));
    await http.run("ask", { question: BEFORE }, inChannel(ALICE));
    expect(spy.calls.map((c) => c.previous)).toEqual([[], []]);
  });
});

describe("the console", () => {
  it("keeps the session's turns; /new starts over", async () => {
    const session = new ConsoleSession(new EngineHolder(spy.engine));
    await session.respond(STAKE);
    await session.respond(BEFORE);
    expect(spy.lastPrevious()).toEqual([spy.turnOfCall(0)]);
    expect(await session.respond("/new")).toEqual({
      text: "Starting over: I no longer follow up on earlier questions.",
    });
    await session.respond(BEFORE);
    expect(spy.lastPrevious()).toEqual([]);
  });

  it("'2' after a did-you-mean still clicks the second button, and the pick is followed up on", async () => {
    const session = new ConsoleSession(new EngineHolder(spy.engine));
    const offered = await session.respond(UNSURE);
    expect("text" in offered && offered.text).toContain("[2]");
    const second = spy.calls[0]?.answer.suggestions[1];
    const picked = await session.respond("2");
    expect("text" in picked && picked.text).toContain(second?.title);
    await session.respond("when?");
    expect(spy.calls).toHaveLength(2);
    expect(spy.lastPrevious()).toEqual([
      spy.turnOfCall(0),
      { question: "", outcome: "answer", factIds: [second?.id], offered: [] },
    ]);
  });
});
