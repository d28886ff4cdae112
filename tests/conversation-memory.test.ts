import { describe, expect, it } from "vitest";
import {
  contextOf,
  customIdsOfComponents,
  pickedTurn,
  turnOfAnswerButtons,
} from "../src/conversation/context.js";
import {
  type ConversationKey,
  ConversationMemory,
  MAX_TURN_QUESTION_CHARS,
} from "../src/conversation/memory.js";
import { MAX_TURNS } from "../src/engine/turn.js";
import type { Turn } from "../src/engine/types.js";
import { ALICE, BAIDU, BOB, CHANNEL, GUILD, OTHER_CHANNEL, STAKE } from "./fixtures/conversation.js";

/** The conversation memory and where context comes from, on a clock the tests move (no waiting). */

const at = (userId: string, channelId: string | null = CHANNEL, guildId: string | null = GUILD) =>
  ({ userId, channelId, guildId }) satisfies ConversationKey;

const turn = (question: string, factIds: string[] = [], offered: string[] = []): Turn => ({
  question,
  outcome: factIds.length > 0 ? "answer" : offered.length > 0 ? "suggest" : "decline",
  factIds,
  offered,
});

function clockAt(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

const STAKE_TURN = turn(STAKE, ["singpost-stake"]);
const BAIDU_TURN = turn(BAIDU, ["baidu-ningbo"]);

describe("ConversationMemory", () => {
  it("keeps a member's turns per channel, oldest first, each after the ones it was read against", () => {
    const memory = new ConversationMemory({ clock: clockAt() });
    memory.record(at(ALICE), [], STAKE_TURN, 300);
    memory.record(at(ALICE), memory.turns(at(ALICE), 300), BAIDU_TURN, 300);
    expect(memory.turns(at(ALICE), 300)).toEqual([STAKE_TURN, BAIDU_TURN]);
    expect(memory.turns(at(ALICE, OTHER_CHANNEL), 300)).toEqual([]);
  });

  it("never shares turns between members, in one channel or a DM", () => {
    const memory = new ConversationMemory({ clock: clockAt() });
    memory.record(at(ALICE), [], STAKE_TURN, 300);
    memory.record(at(BOB), [], BAIDU_TURN, 300);
    memory.record(at(ALICE, "500000000000000001", null), [], BAIDU_TURN, 300);
    expect(memory.turns(at(ALICE), 300)).toEqual([STAKE_TURN]);
    expect(memory.turns(at(BOB), 300)).toEqual([BAIDU_TURN]);
    expect(memory.turns(at(ALICE, "500000000000000001", null), 300)).toEqual([BAIDU_TURN]);
    expect(memory.turns(at(BOB, "500000000000000001", null), 300)).toEqual([]);
  });

  it("forgets a conversation once its window has passed since the last turn", () => {
    const clock = clockAt();
    const memory = new ConversationMemory({ clock });
    memory.record(at(ALICE), [], STAKE_TURN, 300);
    clock.advance(299_000);
    expect(memory.turns(at(ALICE), 300)).toEqual([STAKE_TURN]);
    memory.record(at(ALICE), [STAKE_TURN], BAIDU_TURN, 300);
    // The window runs from the newest turn.
    clock.advance(299_000);
    expect(memory.turns(at(ALICE), 300)).toEqual([STAKE_TURN, BAIDU_TURN]);
    clock.advance(2_000);
    expect(memory.turns(at(ALICE), 300)).toEqual([]);
  });

  it("applies each server's window as it is now: shorter ones cut, 0 turns follow-ups off", () => {
    const clock = clockAt();
    const memory = new ConversationMemory({ clock });
    memory.record(at(ALICE), [], STAKE_TURN, 600);
    clock.advance(120_000);
    expect(memory.turns(at(ALICE), 600)).toEqual([STAKE_TURN]);
    expect(memory.turns(at(ALICE), 60)).toEqual([]);
    expect(memory.turns(at(ALICE), 0)).toEqual([]);

    memory.record(at(ALICE), [STAKE_TURN], BAIDU_TURN, 0);
    expect(memory.turns(at(ALICE), 600)).toEqual([]);
    expect(memory.size).toBe(0);
  });

  it("keeps the newest MAX_TURNS turns of a conversation", () => {
    const memory = new ConversationMemory({ clock: clockAt() });
    const turns = Array.from({ length: MAX_TURNS + 3 }, (_, i) => turn(`question ${i}`, [`fact-${i}`]));
    for (const t of turns) memory.record(at(ALICE), memory.turns(at(ALICE), 300), t, 300);
    expect(memory.turns(at(ALICE), 300)).toEqual(turns.slice(-MAX_TURNS));
  });

  it("holds at most `max` conversations, dropping the least recently used", () => {
    const memory = new ConversationMemory({ max: 3, clock: clockAt() });
    const members = ["1", "2", "3", "4"].map((n) => `30000000000000000${n}`);
    for (const member of members.slice(0, 3)) memory.record(at(member), [], STAKE_TURN, 300);
    // Member 1 asks again, so member 2 is now the least recently used.
    memory.turns(at(members[0] ?? ""), 300);
    memory.record(at(members[3] ?? ""), [], BAIDU_TURN, 300);
    expect(memory.size).toBe(3);
    expect(members.map((m) => memory.turns(at(m), 300).length)).toEqual([1, 0, 1, 1]);
  });

  it("cuts a long question to what /ask accepts", () => {
    const memory = new ConversationMemory({ clock: clockAt() });
    memory.record(at(ALICE), [], turn("x".repeat(5_000), ["taobao"]), 300);
    expect(memory.turns(at(ALICE), 300)[0]?.question).toHaveLength(MAX_TURN_QUESTION_CHARS);
  });

  it("forget starts one conversation over", () => {
    const memory = new ConversationMemory({ clock: clockAt() });
    memory.record(at(ALICE), [], STAKE_TURN, 300);
    memory.record(at(BOB), [], STAKE_TURN, 300);
    memory.forget(at(ALICE));
    expect(memory.turns(at(ALICE), 300)).toEqual([]);
    expect(memory.turns(at(BOB), 300)).toEqual([STAKE_TURN]);
  });
});

describe("an answer's turn, read back from its buttons", () => {
  const rows = (...ids: string[][]) =>
    ids.map((row) => ({ type: 1, components: row.map((id) => ({ type: 2, style: 2, custom_id: id })) }));

  it("an answer: the Source button's fact answered, See also offered", () => {
    const ids = customIdsOfComponents(rows(["source:singpost-stake"], ["fact:singpost", "fact:taobao"]));
    expect(ids).toEqual(["source:singpost-stake", "fact:singpost", "fact:taobao"]);
    expect(turnOfAnswerButtons(ids)).toEqual({
      question: "",
      outcome: "answer",
      factIds: ["singpost-stake"],
      offered: ["singpost", "taobao"],
    });
  });

  it("a did-you-mean: the facts offered, nothing answered", () => {
    expect(turnOfAnswerButtons(["fact:a-1", "fact:b-2", "fact:c-3"])).toEqual({
      question: "",
      outcome: "suggest",
      factIds: [],
      offered: ["a-1", "b-2", "c-3"],
    });
  });

  it("no fact: paging, a text answer, forged or malformed components", () => {
    expect(turnOfAnswerButtons(customIdsOfComponents(rows(["topics:all:1"])))).toBeUndefined();
    expect(turnOfAnswerButtons(customIdsOfComponents([]))).toBeUndefined();
    expect(customIdsOfComponents("not components")).toEqual([]);
    expect(customIdsOfComponents([{ components: [{ custom_id: 42 }] }])).toEqual([]);
    expect(turnOfAnswerButtons(["source:../../etc", "fact:Bad Id", "admin:drop"])).toBeUndefined();
  });
});

describe("which turns a question is read against", () => {
  const remembered = [BAIDU_TURN, STAKE_TURN];

  it("without a reply: the member's remembered turns", () => {
    expect(contextOf(remembered)).toEqual(remembered);
  });

  it("a reply to an answer the member remembers: the turns up to it, with their questions", () => {
    const replied = turnOfAnswerButtons(["source:baidu-ningbo"]);
    expect(contextOf(remembered, replied)).toEqual([BAIDU_TURN]);
  });

  it("a reply to any other answer (older, another member's, before a restart): that answer alone", () => {
    const replied = turnOfAnswerButtons(["source:taobao"]);
    expect(contextOf(remembered, replied)).toEqual([replied]);
    expect(contextOf([], replied)).toEqual([replied]);
  });

  it("a picked fact is an answered turn with no question", () => {
    expect(pickedTurn("taobao")).toEqual({
      question: "",
      outcome: "answer",
      factIds: ["taobao"],
      offered: [],
    });
  });
});
