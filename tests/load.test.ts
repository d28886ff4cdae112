import { describe, expect, it } from "vitest";
import { runLoad } from "../bench/load-run.js";

/**
 * `npm run bench:load` in miniature: 150 conversations of two questions (/ask, /fact or a mention, then a
 * reply or /ask), each answered exactly once, each follow-up read with its earlier turn, with the bot's
 * conversation memory filled beforehand.
 */
describe("load run (150 conversations, 300 questions)", () => {
  it("answers every question exactly once and reads every follow-up with its earlier turn", async () => {
    const result = await runLoad({
      conversations: 150,
      turns: 2,
      concurrency: 8,
      warmup: 20,
      fill: 100,
      store: "memory",
    });
    expect(result.examples).toEqual([]);
    expect(result.lost).toBe(0);
    expect(result.duplicates).toBe(0);
    expect(result.answered).toBe(300);
    expect(result.followUps).toBe(150);
    expect(result.followUpsWithContext).toBe(150);
    expect(result.heldBefore).toBe(100);
    expect(result.heldAfter).toBe(250);
    for (const kind of ["ask", "fact", "mention", "reply"] as const) {
      expect(result.byKind[kind].sent).toBeGreaterThan(20);
      expect(result.byKind[kind].answered).toBe(result.byKind[kind].sent);
    }
  }, 60_000);
});
