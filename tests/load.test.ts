import { describe, expect, it } from "vitest";
import { runLoad } from "../bench/load-run.js";

/** `npm run bench:load` in miniature: concurrent /ask, /fact and mentions, each answered exactly once. */
describe("load run (300 questions)", () => {
  it("answers every question exactly once, from 8 senders across users and channels", async () => {
    const result = await runLoad({ questions: 300, concurrency: 8, warmup: 20, store: "memory" });
    expect(result.examples).toEqual([]);
    expect(result.lost).toBe(0);
    expect(result.duplicates).toBe(0);
    expect(result.answered).toBe(300);
    for (const kind of ["ask", "fact", "mention"] as const) {
      expect(result.byKind[kind].sent).toBeGreaterThan(30);
      expect(result.byKind[kind].answered).toBe(result.byKind[kind].sent);
    }
  }, 60_000);
});
