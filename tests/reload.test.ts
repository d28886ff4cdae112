import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger } from "../src/app/log.js";
import { createReloader, EngineHolder, reloadEngine } from "../src/app/reload.js";
import { createDefaultEngine } from "../src/app/runtime.js";
import { commandsPayload } from "../src/discord/registration.js";
import { FactBaseError } from "../src/facts/base.js";
import { DEFAULT_DATA_DIR, loadFactBase } from "../src/facts/load.js";
import type { CommandRequest, ResolvedCommand } from "../src/framework/command.js";
import { loadCommands } from "../src/framework/load-commands.js";
import { canManageServer, MANAGE_SERVER } from "../src/framework/permissions.js";
import { testPipeline } from "./fixtures/pipeline.js";

const BAD_DIR = "tests/fixtures/bad";
let dir: string;
let commands: Map<string, ResolvedCommand>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tracker-reload-"));
  cpSync(DEFAULT_DATA_DIR, dir, { recursive: true });
  commands = await loadCommands(loadFactBase(dir));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fromDir = (d: string) => () => createDefaultEngine(loadFactBase(d));

describe("reloadEngine", () => {
  it("swaps in a valid fact base, and the holder serves it from then on", () => {
    const holder = new EngineHolder(createDefaultEngine(loadFactBase(dir)));
    const before = holder.current;
    const file = join(dir, "2017-01-alibaba-tracker.json");
    const edition = JSON.parse(readFileSync(file, "utf8")) as { facts: { id: string; title: string }[] };
    const first = edition.facts[0];
    if (!first) throw new Error("no facts");
    first.title = "Retitled by a reload";
    writeFileSync(file, JSON.stringify(edition));

    const result = reloadEngine(holder, fromDir(dir));
    expect(result.ok).toBe(true);
    expect(holder.current).not.toBe(before);
    expect(holder.generation).toBe(1);
    expect(holder.current.fact(first.id)?.title).toBe("Retitled by a reload");
    // A request that began before the swap keeps the engine it started with.
    expect(before.fact(first.id)?.title).not.toBe("Retitled by a reload");
  });

  it("keeps the engine in service when the new fact base is invalid, naming file, fact and field", () => {
    const holder = new EngineHolder(createDefaultEngine());
    const before = holder.current;
    const result = reloadEngine(holder, fromDir(BAD_DIR));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(holder.current).toBe(before);
    expect(holder.generation).toBe(0);
    expect(result.problems).toEqual([
      expect.objectContaining({
        file: expect.stringContaining("broken.json"),
        factId: "oops",
        field: "quote",
      }),
    ]);
    expect(result.message).toContain('fact "oops": quote');
  });

  it("keeps the engine on malformed JSON and on a missing directory", () => {
    const broken = mkdtempSync(join(tmpdir(), "tracker-broken-"));
    try {
      writeFileSync(join(broken, "x.json"), "{ not json");
      const holder = new EngineHolder(createDefaultEngine());
      const malformed = reloadEngine(holder, fromDir(broken));
      expect(malformed.ok).toBe(false);
      expect(!malformed.ok && malformed.message).toMatch(/x\.json: malformed JSON/);
      const missing = reloadEngine(holder, fromDir(join(broken, "nope")));
      expect(missing.ok).toBe(false);
      expect(holder.generation).toBe(0);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it("createReloader logs a swap at info and a refusal at error with every problem", () => {
    const { logger, entries } = memoryLogger();
    const holder = new EngineHolder(createDefaultEngine());
    createReloader(holder, { log: logger, load: fromDir(BAD_DIR) })("SIGHUP");
    createReloader(holder, { log: logger, load: fromDir(dir) })("SIGHUP");
    const [failed, ok] = entries();
    expect(failed).toMatchObject({
      level: 50,
      trigger: "SIGHUP",
      problems: [{ factId: "oops", field: "quote" }],
    });
    expect(ok).toMatchObject({ level: 30, trigger: "SIGHUP", msg: "fact base reloaded" });
  });
});

describe("/admin reload", () => {
  const GUILD = "200000000000000000";
  const MANAGE_GUILD = "32";
  const ADMINISTRATOR = "8";

  type AdminRequest = Pick<CommandRequest, "subcommand" | "userId" | "guildId" | "memberPermissions">;

  function request(memberPermissions: string | null, guildId: string | null = GUILD): AdminRequest {
    return { subcommand: "reload", userId: "100000000000000000", guildId, memberPermissions };
  }

  async function run(req: AdminRequest, load: () => ReturnType<typeof createDefaultEngine>) {
    const holder = new EngineHolder(createDefaultEngine());
    const { run: runCommand } = testPipeline(holder.current, commands, {
      reload: createReloader(holder, { load }),
    });
    // Each case is its own member, so /admin's cooldown does not come into it.
    const actor = { ...req, userId: String(100000000000000000n + BigInt(++members)) };
    return { reply: await runCommand("admin", {}, actor), holder };
  }
  let members = 0;

  it("is hidden from members without Manage Server, servers only", () => {
    const payload = commandsPayload(commands.values());
    expect(payload.find((c) => c.name === "admin")?.default_member_permissions).toBe(MANAGE_GUILD);
    expect(payload.find((c) => c.name === "admin")?.contexts).toEqual([0]);
    expect(payload.find((c) => c.name === "ask")?.contexts).toEqual([0, 1]);
    expect(MANAGE_SERVER).toBe(0x28n);
  });

  it("refuses members without the permission, DMs and forged bitfields, and reloads nothing", async () => {
    for (const req of [
      request("0"),
      request("2048"),
      request(null),
      request("not-a-number"),
      request("-32"),
      request(MANAGE_GUILD, null),
      { ...request(MANAGE_GUILD), memberPermissions: undefined },
    ]) {
      const { reply, holder } = await run(req, fromDir(dir));
      expect(reply.ephemeral).toBe(true);
      // One wording for every server-managers' command (it was /admin's own before).
      expect(reply.content).toMatch(/Only members who can manage this server|works in a server, not in DMs/);
      expect(holder.generation).toBe(0);
    }
    expect(canManageServer({ guildId: GUILD, memberPermissions: ((1n << 40n) | 8n).toString() })).toBe(true);
  });

  it("reloads for Manage Server or Administrator, privately", async () => {
    for (const perms of [MANAGE_GUILD, ADMINISTRATOR]) {
      const { reply, holder } = await run(request(perms), fromDir(dir));
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toMatch(/^Reloaded the fact base: \d+ facts/);
      expect(holder.generation).toBe(1);
    }
  });

  it("a broken fact base is refused with file, fact id and field, and the old one keeps answering", async () => {
    const { reply, holder } = await run(request(MANAGE_GUILD), fromDir(BAD_DIR));
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain("Reload refused");
    expect(reply.content).toContain('broken.json: fact "oops": quote: not found');
    expect(holder.generation).toBe(0);
    expect(holder.current.ask("what is taobao").outcome).toBe("answer");
  });

  it("hundreds of problems still fit one message", async () => {
    const problems = Array.from({ length: 400 }, (_, i) => ({
      file: `data/${"long-name-".repeat(10)}${i}.json`,
      factId: `fact-${i}`,
      field: "quote",
      message: "not found in the edition's text @everyone <@&123456789012345678>",
    }));
    const { reply } = await run(request(MANAGE_GUILD), () => {
      throw new FactBaseError(problems);
    });
    expect(reply.content?.length).toBeLessThanOrEqual(2000);
    expect(reply.content).toContain("400 problem(s)");
    expect(reply.content).toMatch(/…and \d+ more/);
    expect(reply.content).not.toMatch(/@everyone|<@&\d/);
    expect(reply.allowedMentions).toEqual({ parse: [] });
  });

  it("an unknown subcommand or a transport without reload says so", async () => {
    const { reply } = await run({ ...request(MANAGE_GUILD), subcommand: "wipe" }, fromDir(dir));
    expect(reply.content).toMatch(/don't know that `\/admin` subcommand/);
    const bare = await testPipeline(createDefaultEngine(), commands).run("admin", {}, request(MANAGE_GUILD));
    expect(bare.content).toMatch(/isn't available/);
  });
});
