import { beforeAll, describe, expect, it } from "vitest";
import { createDefaultEngine } from "../src/app/runtime.js";
import { ThreadLine, threadAnswerer } from "../src/console/threads.js";
import { MAX_TURNS } from "../src/engine/turn.js";
import type { Engine } from "../src/engine/types.js";
import { BAIDU, BEFORE, STAKE, TENCENT } from "./fixtures/conversation.js";
import { spyEngine } from "./fixtures/spy-engine.js";

/** `ask --threads` in process: which earlier turns each line is read against. */

let real: Engine;

beforeAll(() => {
  real = createDefaultEngine();
});

const line = (thread: string, question: string) => JSON.stringify({ thread, question });

describe("threadAnswerer", () => {
  it("reads each turn against its own thread's earlier turns, in input order, threads interleaved", () => {
    const spy = spyEngine(real);
    const answer = threadAnswerer(spy.engine, "plain");
    answer(line("a", STAKE));
    answer(line("b", BAIDU));
    answer(line("a", BEFORE));
    answer(line("b", TENCENT));
    answer(line("a", "when?"));
    expect(spy.calls.map((c) => c.previous)).toEqual([
      [],
      [],
      [spy.turnOfCall(0)],
      [spy.turnOfCall(1)],
      [spy.turnOfCall(0), spy.turnOfCall(2)],
    ]);
  });

  it("a malformed line is answered without asking the engine, and leaves its thread as it was", () => {
    const spy = spyEngine(real);
    const answer = threadAnswerer(spy.engine, "plain");
    answer(line("a", "what is taobao"));
    expect(answer(JSON.stringify({ thread: "a", question: 7 }))).toMatchObject({
      thread: "a",
      answered: false,
      factId: null,
      suggestions: [],
    });
    answer(line("a", "when?"));
    expect(spy.calls).toHaveLength(2);
    expect(spy.lastPrevious()).toEqual([spy.turnOfCall(0)]);
  });

  it("a thread keeps its newest MAX_TURNS turns", () => {
    const spy = spyEngine(real);
    const answer = threadAnswerer(spy.engine, "plain");
    for (let i = 0; i <= MAX_TURNS + 1; i++) answer(line("a", `question ${i}`));
    expect(spy.lastPrevious()).toHaveLength(MAX_TURNS);
    expect(spy.lastPrevious()?.[0]?.question).toBe("question 1");
  });

  it("the input line's schema: a named thread and a question; other keys ignored", () => {
    expect(ThreadLine.parse({ thread: "t1", question: "q", label: "x" })).toEqual({
      thread: "t1",
      question: "q",
    });
    expect(ThreadLine.safeParse({ thread: "t1" }).success).toBe(false);
    expect(ThreadLine.safeParse({ thread: 1, question: "q" }).success).toBe(false);
    expect(ThreadLine.safeParse({ thread: "", question: "q" }).success).toBe(false);
  });
});
