import type { APIMessage, APIUser } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDefaultEngine } from "../src/app/runtime.js";
import { customIdsOfComponents, turnOfAnswerButtons } from "../src/conversation/context.js";
import { turnOf } from "../src/engine/turn.js";
import type { Turn } from "../src/engine/types.js";
import { GENERAL, LISTEN, type Rig, startRig } from "./e2e-rig.js";
import type { MessageRecord } from "./emulator/index.js";
import { BAIDU, BEFORE, STAKE, TENCENT, UNSURE } from "./fixtures/conversation.js";
import { type AskCall, spyEngine } from "./fixtures/spy-engine.js";

/**
 * Follow-ups end to end: real discord.js over real sockets to the Discord emulator, the real engine behind a
 * spy. Each conversation of issue 10 runs once; one test checks the plumbing (which earlier turns the
 * engine was given), another what the member sees (the engine's reading of the follow-up).
 */

let rig: Rig;
let spy: ReturnType<typeof spyEngine>;

beforeAll(async () => {
  spy = spyEngine(createDefaultEngine());
  rig = await startRig({ engine: spy.engine });
});

afterAll(async () => {
  await rig?.stop();
});

const buttonIds = (record: MessageRecord) => customIdsOfComponents(record.message.components);
const shown = (record: MessageRecord) =>
  JSON.stringify({ content: record.message.content, embeds: record.message.embeds });
const turnOfCall = (call: AskCall | undefined): Turn => {
  if (!call) throw new Error("the engine was not asked");
  return turnOf(call.question, call.answer);
};
/** The engine's newest call for a question (each scenario asks its own). */
const callFor = (question: string) => spy.calls.findLast((c) => c.question === question);

function repliesTo(messageId: string) {
  return (message: APIMessage) => message.message_reference?.message_id === messageId;
}

/** A member's message (a mention in a channel unless it is a reply or a DM), and the bot's reply to it. */
async function say(
  author: APIUser,
  content: string,
  where: { channelId?: string; dm?: boolean; replyTo?: MessageRecord; mention?: boolean } = {},
): Promise<MessageRecord> {
  const mention = where.mention ?? (!where.dm && !where.replyTo);
  const question = await rig.emu.sendMessage({
    author,
    content: mention ? `<@${rig.botId}> ${content}` : content,
    ...(where.dm ? { dm: true } : { channelId: where.channelId ?? GENERAL }),
    ...(where.replyTo && { referencedMessage: where.replyTo }),
  });
  return rig.emu.waitForChannelMessage(repliesTo(question.message.id));
}

/** Runs once, however many tests read its result. */
function once<T>(run: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => {
    result ??= run();
    return result;
  };
}

const replyChain = once(async () => {
  const alice = rig.emu.createUser({ username: "alice" });
  const first = await say(alice, STAKE);
  const second = await say(alice, BEFORE, { replyTo: first });
  const third = await say(alice, "when?", { replyTo: second });
  return { first, second, third };
});

const dmFollowUp = once(async () => {
  const bea = rig.emu.createUser({ username: "bea" });
  const first = await say(bea, STAKE, { dm: true });
  const second = await say(bea, BEFORE, { dm: true });
  return { first, second };
});

const twoMembersAtOnce = once(async () => {
  const carol = rig.emu.createUser({ username: "carol" });
  const dave = rig.emu.createUser({ username: "dave" });
  await Promise.all([say(carol, STAKE), say(dave, BAIDU)]);
  const [carols, daves] = await Promise.all([say(carol, BEFORE), say(dave, TENCENT)]);
  return { carols, daves };
});

const afterRestart = once(async () => {
  const erin = rig.emu.createUser({ username: "erin" });
  const old = await say(erin, STAKE);
  await rig.restartBot();
  const reply = await say(erin, BEFORE, { replyTo: old });
  return { old, reply };
});

const didYouMeanTwo = once(async () => {
  const frank = rig.emu.createUser({ username: "frank" });
  const offer = await say(frank, UNSURE);
  const picked = await say(frank, "2", { replyTo: offer });
  return { offer, picked };
});

describe("follow-ups through Discord: what the engine is given", () => {
  it("a reply chain of three turns: each reply reads the turns before it", async () => {
    await replyChain();
    const calls = [STAKE, BEFORE, "when?"].map(callFor);
    expect(calls.map((c) => c?.previous)).toEqual([
      [],
      [turnOfCall(calls[0])],
      [turnOfCall(calls[0]), turnOfCall(calls[1])],
    ]);
  });

  it("a DM follow-up reads the member's earlier DM turn", async () => {
    await dmFollowUp();
    expect(callFor(BEFORE)?.previous).toEqual([turnOfCall(callFor(STAKE))]);
  });

  it("two members talking at once in one channel: each reads only their own turn", async () => {
    await twoMembersAtOnce();
    expect(callFor(BEFORE)?.previous).toEqual([turnOfCall(callFor(STAKE))]);
    expect(callFor(TENCENT)?.previous).toEqual([turnOfCall(callFor(BAIDU))]);
  });

  it("after a restart, a reply to an old answer reads that answer from its buttons", async () => {
    const { old } = await afterRestart();
    const fromButtons = turnOfAnswerButtons(buttonIds(old));
    expect(fromButtons).toMatchObject({ question: "", outcome: "answer", factIds: ["singpost-stake"] });
    expect(callFor(BEFORE)?.previous).toEqual([fromButtons]);
  });

  it("a did-you-mean answered with '2' reads the offer, its three facts in order", async () => {
    const { offer } = await didYouMeanTwo();
    const offered = turnOfCall(callFor(UNSURE));
    expect(offered.outcome).toBe("suggest");
    expect(buttonIds(offer)).toEqual(offered.offered.map((id) => `fact:${id}`));
    expect(callFor("2")?.previous).toEqual([offered]);
  });

  it("/ask by the same member in the same channel counts the same way", async () => {
    const gus = rig.emu.createUser({ username: "gus" });
    await (
      await rig.emu.sendCommand({ name: "ask", user: gus, channelId: GENERAL, options: { question: BAIDU } })
    ).final();
    await say(gus, TENCENT);
    expect(callFor(TENCENT)?.previous).toEqual([turnOfCall(callFor(BAIDU))]);
  });

  it("only the bot's own answers count: a reply to a member's message carrying fact buttons reads nothing", async () => {
    const ida = rig.emu.createUser({ username: "ida" });
    const forged = await rig.emu.sendMessage({
      channelId: GENERAL,
      content: "look at this",
      components: [
        { type: 1, components: [{ type: 2, style: 2, label: "Source", custom_id: "source:taobao" }] },
      ],
    });
    await say(ida, "who runs it?", { replyTo: forged, mention: true });
    expect(callFor("who runs it?")?.previous).toEqual([]);
  });

  it("FOLLOW_UP_SECONDS=0 turns follow-ups off where no server setting says otherwise (DMs)", async () => {
    const off = await startRig({ engine: spy.engine, config: { followUpSeconds: 0 } });
    try {
      const ask = async (content: string) => {
        const dm = await off.emu.sendMessage({ dm: true, content });
        await off.emu.waitForChannelMessage(repliesTo(dm.message.id));
      };
      await ask(STAKE);
      await ask("and before that, in a DM?");
      expect(callFor("and before that, in a DM?")?.previous).toEqual([]);
    } finally {
      await off.stop();
    }
  });

  it("chatter overheard in a listen channel that got no reply is never followed up on", async () => {
    const hal = rig.emu.createUser({ username: "hal" });
    const chatter = "anyone up for lunch?";
    await rig.emu.sendMessage({ author: hal, channelId: LISTEN, content: chatter });
    await rig.emu.waitFor(() => callFor(chatter), 5000, "the chatter read");
    await say(hal, BEFORE, { channelId: LISTEN });
    expect(callFor(BEFORE)?.previous).toEqual([]);
    expect(rig.emu.botMessages().some((m) => m.message.content.includes("lunch"))).toBe(false);
  });
});

// What a member sees: the engine reads each follow-up with the turns it was given.
describe("follow-ups through Discord: what the member sees", () => {
  it("a reply chain: 'and before that?' gets 10.23%, then 'when?' gets when the stake rises", async () => {
    const { second, third } = await replyChain();
    expect(shown(second)).toContain("10.23%");
    expect(buttonIds(third)).toContain("source:singpost-stake-timing");
  });

  it("a DM follow-up: 'and before that?' gets 10.23%", async () => {
    const { second } = await dmFollowUp();
    expect(shown(second)).toContain("10.23%");
  });

  it("two members at once: each follow-up answered on their own subject", async () => {
    const { carols, daves } = await twoMembersAtOnce();
    expect(shown(carols)).toContain("10.23%");
    expect(shown(carols)).not.toContain("Jiaxing");
    expect(buttonIds(daves)).toContain("source:tencent-jiaxing");
    expect(shown(daves)).not.toContain("10.23%");
  });

  it("after a restart, a reply to an old answer gets 10.23%", async () => {
    const { reply } = await afterRestart();
    expect(shown(reply)).toContain("10.23%");
  });

  it("a did-you-mean answered with '2' answers the second fact offered", async () => {
    const { offer, picked } = await didYouMeanTwo();
    const second = buttonIds(offer)[1]?.replace(/^fact:/, "");
    expect(buttonIds(picked)).toContain(`source:${second}`);
  });
});
