import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildFactBase, FactBaseError, parseEditionFile } from "../src/facts/base.js";

const REAL = "data/2017-01-alibaba-tracker.json";
const realRaw = readFileSync(REAL, "utf8");

/** The shipped edition with its first two facts marked as unconfirmed drafts. */
function withDrafts(): string {
  const json = JSON.parse(realRaw);
  json.facts[0].draft = true;
  json.facts[1].draft = true;
  return JSON.stringify(json);
}

describe("draft facts are never answered", () => {
  it("buildFactBase refuses a draft fact in data/, naming the file and every draft fact id", () => {
    let error: unknown;
    try {
      buildFactBase([{ file: "data/next.json", raw: withDrafts() }]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FactBaseError);
    const problems = (error as FactBaseError).problems.filter((p) => p.field === "draft");
    expect(problems.map((p) => [p.file, p.factId])).toEqual([
      ["data/next.json", "taobao-notorious-markets"],
      ["data/next.json", "ustr-taobao-reason"],
    ]);
    expect((error as Error).message).toContain(
      'data/next.json: fact "taobao-notorious-markets": draft: draft, not confirmed',
    );
  });

  it("a draft file itself is a valid edition when drafts are allowed", () => {
    const parsed = parseEditionFile("drafts/next.json", withDrafts(), { allowDrafts: true });
    expect(parsed.ok).toBe(true);
  });

  it("only `true` is a draft flag: `false` is refused by the schema, not silently confirmed", () => {
    const json = JSON.parse(realRaw);
    json.facts[0].draft = false;
    const parsed = parseEditionFile("data/x.json", JSON.stringify(json));
    expect(parsed.ok).toBe(false);
  });

  describe("npm run facts:check", () => {
    const dir = mkdtempSync(join(tmpdir(), "facts-check-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("fails on a data directory holding a draft, and says which facts", () => {
      writeFileSync(join(dir, "2017-02.json"), withDrafts());
      const result = spawnSync(process.execPath, ["dist/src/facts/check.js", dir], { encoding: "utf8" });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("draft, not confirmed");
      expect(result.stderr).toContain('fact "taobao-notorious-markets"');
      expect(result.stderr).toContain('fact "ustr-taobao-reason"');
    });
  });
});
