import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONVERSATIONS_DIR, loadConversations, scoreConversations } from "../bench/conversations.js";
import { createDefaultEngine } from "../src/app/runtime.js";

/**
 * The labelled conversations in `bench/conversations/` (issue 10): every file parses, there are at least
 * 150 conversations, and reading a turn with the ones before it beats reading it alone by far. The sets were
 * tuned on after their first run, so these floors guard against regressions, not the held-out goal.
 */

const files = readdirSync(CONVERSATIONS_DIR).filter((f) => f.endsWith(".jsonl"));
const conversations = files.flatMap((f) => loadConversations(`${CONVERSATIONS_DIR}${f}`));
const engine = createDefaultEngine();

describe("the labelled conversations", () => {
  it("parse, and number at least 150, each first turn read alone", () => {
    expect(conversations.length).toBeGreaterThanOrEqual(150);
    expect(conversations.every((c) => c.turns[0]?.followUp === false)).toBe(true);
  });

  it("follow-ups read with their conversation: ≥ 75% right, twice as many as each turn alone", () => {
    const withContext = scoreConversations(engine, conversations);
    const alone = scoreConversations(engine, conversations, { alone: true });
    const rate = (t: { n: number; right: number }) => t.right / t.n;
    expect(rate(withContext.followUps)).toBeGreaterThanOrEqual(0.75);
    expect(rate(withContext.followUps)).toBeGreaterThan(2 * rate(alone.followUps));
    // Context never spoils a first turn: it has none.
    expect(withContext.first).toEqual(alone.first);
  });
});
