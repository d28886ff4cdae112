import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseEditionFile } from "../src/facts/base.js";

// `npm test` builds dist/ before vitest runs: these run exactly what `npm run facts:draft` runs.
const CLI = "dist/src/facts/draft-cli.js";
const dir = mkdtempSync(join(tmpdir(), "facts-draft-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shipped = JSON.parse(readFileSync("data/2017-01-alibaba-tracker.json", "utf8"));
const fixture = JSON.parse(readFileSync("tests/fixtures/editions/2017-06-fixture.json", "utf8"));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const seedText = write("2017-01.txt", `${shipped.text.join("\n\n")}\n`);
const fixtureText = write("2017-06.txt", `${fixture.text.join("\n\n")}\n`);

const run = (args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { input: "", encoding: "utf8", timeout: 30_000 });

describe("npm run facts:draft", () => {
  it("drafts an edition file from its text: metadata from flags, every candidate a draft", () => {
    const out = join(dir, "out", "2017-01.json");
    const result = run([seedText, "--edition", "January 2017", "--published", "2017-01", "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Drafted \d+ candidate facts \(15 figures\)/);
    const raw = readFileSync(out, "utf8");
    const parsed = parseEditionFile(out, raw, { allowDrafts: true });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.edition.edition).toEqual({
      id: "2017-01",
      title: "Alibaba Tracker",
      publisher: "PYMNTS.com",
      date: "2017-01",
      dateText: "January 2017",
    });
    expect(parsed.edition.facts.every((f) => f.draft === true)).toBe(true);
    // Not answerable as it stands: the loader refuses it until the drafts are confirmed.
    expect(parseEditionFile(out, raw).ok).toBe(false);
  });

  it("reuses the ids of facts an earlier edition in data/ states, and says so", () => {
    const out = join(dir, "2017-06.json");
    const result = run([fixtureText, "--published", "2017-06", "--out", out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("keep their ids: alibaba-cloud-regions, singpost-stake");
    const ids = JSON.parse(readFileSync(out, "utf8")).facts.map((f: { id: string }) => f.id);
    expect(ids).toEqual(expect.arrayContaining(["alibaba-cloud-regions", "singpost-stake"]));
  });

  it("--evaluate prints figure recall and precision against the shipped facts", () => {
    const result = run(["--evaluate"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/figure recall\s+100\.0% \(15 of 15/);
    expect(result.stdout).toMatch(/figure precision\s+\d+\.\d%/);
    expect(result.stdout).toMatch(/quotes verbatim\s+(\d+) of \1\n/);
  });

  describe("bad input is one clear line and a non-zero exit, and nothing is written", () => {
    const cases: [string, string[], RegExp][] = [
      [
        "a missing file",
        [join(dir, "nope.txt"), "--published", "2017-02"],
        /cannot read .*nope\.txt: no such file/,
      ],
      ["empty text", [write("empty.txt", " \n\n"), "--published", "2017-02"], /empty\.txt is empty/],
      [
        "a month that does not exist",
        [seedText, "--published", "2017-13"],
        /--published "2017-13" is not a date/,
      ],
      ["a date in words", [seedText, "--published", "next week"], /--published "next week" is not a date/],
      ["no date, piped", [seedText], /missing the edition's date: pass --edition/],
      ["an edition name with no date, piped", [seedText, "--edition", "Spring special"], /pass --published/],
      [
        "text with nothing to draft",
        [write("plain.txt", "just some words here\n"), "--published", "2017-02"],
        /no statement/,
      ],
      ["an unknown flag", [seedText, "--publish", "2017-02"], /Unknown option '--publish'/],
    ];
    for (const [name, args, message] of cases) {
      it(name, () => {
        const before = readdirSync(dir).sort();
        const out = join(dir, "never.json");
        const result = run([...args, "--out", out]);
        expect(result.status).not.toBe(0);
        expect(result.stdout).toBe("");
        expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
        expect(result.stderr).toMatch(message);
        expect(existsSync(out)).toBe(false);
        expect(readdirSync(dir).sort()).toEqual(before);
      });
    }

    it("an existing draft is not overwritten without --force", () => {
      const out = write("kept.json", "an editor's work\n");
      const result = run([seedText, "--published", "2017-01", "--out", out]);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/kept\.json exists: pass --force/);
      expect(readFileSync(out, "utf8")).toBe("an editor's work\n");
    });
  });

  const hasScript = spawnSync("script", ["--version"]).status === 0;

  it.skipIf(!hasScript)("in a terminal, asks for what the flags did not give", async () => {
    const out = join(dir, "asked.json");
    // util-linux `script` runs the command under a pseudo-terminal, so stdin is a TTY as for an editor.
    const child = spawn(
      "script",
      ["-qec", `${process.execPath} ${CLI} ${fixtureText} --out ${out}`, "/dev/null"],
      {
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let screen = "";
    const answers: [RegExp, string][] = [
      [/Edition, as readers name it/, "Spring special\n"],
      [/Published \(YYYY-MM/, "2017-04\n"],
    ];
    child.stdout.on("data", (chunk: Buffer) => {
      screen += chunk.toString();
      const next = answers[0];
      if (next?.[0].test(screen)) {
        answers.shift();
        child.stdin.write(next[1]);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(screen).toContain("Drafted 2 candidate facts");
    const edition = JSON.parse(readFileSync(out, "utf8")).edition;
    expect(edition).toMatchObject({ id: "2017-04", date: "2017-04", dateText: "Spring special" });
  });
});
