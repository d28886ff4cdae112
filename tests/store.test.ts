import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDefaultEngine } from "../src/app/runtime.js";
import type { Engine } from "../src/engine/types.js";
import { CachedGuildStore } from "../src/store/cache.js";
import { MemoryGuildStore } from "../src/store/memory.js";
import { MAX_QUESTION_LENGTH, normalizeQuestion } from "../src/store/normalize.js";
import { openPostgresStore } from "../src/store/postgres.js";
import { BUILT_IN_DEFAULTS, effectiveSettings } from "../src/store/settings.js";
import { openSqliteStore, SCHEMA_VERSION, StoreOpenError } from "../src/store/sqlite.js";
import { type GuildSettings, type GuildStore, NO_SETTINGS, type StoreOptions } from "../src/store/types.js";
import { csvField, openQuestions, toCsv, toTable } from "../src/store/unanswered.js";
import { dropDatabases, freshDatabase, POSTGRES_MISSING, POSTGRES_URL } from "./postgres/databases.js";

/**
 * Real SQLite files in a temporary directory and real PostgreSQL databases (a fresh one per store); the
 * in-memory store is held to the same contract.
 */

const GUILD_A = "100000000000000001";
const GUILD_B = "100000000000000002";
const CHANNEL_1 = "200000000000000001";
const CHANNEL_2 = "200000000000000002";
const USER = "987654321098765432";
const DAY = 86_400_000;

let dir: string;
const open: GuildStore[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tracker-bot-store-"));
});

afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (POSTGRES_URL) await dropDatabases();
});

let files = 0;
function dbPath(): string {
  files += 1;
  return join(dir, `test-${files}.sqlite`);
}

/** A settable clock, starting on 2024-01-01. */
function clock(start = Date.UTC(2024, 0, 1)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

function track<T extends GuildStore>(store: T): T {
  open.push(store);
  return store;
}

const implementations: [string, (options?: StoreOptions) => Promise<GuildStore>][] = [
  ["SQLite", async (options) => track(openSqliteStore(dbPath(), options))],
  ["memory", async (options) => track(new MemoryGuildStore(options))],
  [
    POSTGRES_URL ? "PostgreSQL" : `PostgreSQL (skipped: ${POSTGRES_MISSING})`,
    async (options) => track(await openPostgresStore(await freshDatabase(), { ...options, listen: false })),
  ],
];

describe.each(implementations)("%s store", (name, make) => {
  if (name.startsWith("PostgreSQL (skipped")) {
    it.skip(name, () => {});
    return;
  }

  it("a server that set nothing gets all nulls (the defaults apply)", async () => {
    const store = await make();
    expect(await store.getSettings(GUILD_A)).toEqual({
      mode: null,
      listenChannelIds: null,
      confidence: null,
      cooldownSeconds: null,
      recordUnanswered: null,
      followUpSeconds: null,
    });
  });

  it("round-trips every setting; absent fields are left alone, null goes back to the default", async () => {
    const store = await make();
    const all: GuildSettings = {
      mode: "mentions",
      listenChannelIds: [CHANNEL_1, CHANNEL_2],
      confidence: 0.9,
      cooldownSeconds: 45,
      recordUnanswered: false,
      followUpSeconds: 0,
    };
    expect(await store.updateSettings(GUILD_A, all)).toEqual(all);
    expect(await store.getSettings(GUILD_A)).toEqual(all);

    expect(await store.updateSettings(GUILD_A, { confidence: 0.6 })).toEqual({ ...all, confidence: 0.6 });
    const reset = await store.updateSettings(GUILD_A, { mode: null, recordUnanswered: null });
    expect(reset).toEqual({ ...all, confidence: 0.6, mode: null, recordUnanswered: null });
  });

  it("an emptied listen list stays empty; null brings back LISTEN_CHANNEL_IDS", async () => {
    const store = await make();
    await store.updateSettings(GUILD_A, { listenChannelIds: [CHANNEL_1] });
    expect((await store.updateSettings(GUILD_A, { listenChannelIds: [] })).listenChannelIds).toEqual([]);
    const defaults = { ...BUILT_IN_DEFAULTS, listenChannelIds: [CHANNEL_2] };
    expect(effectiveSettings(await store.getSettings(GUILD_A), defaults).listenChannelIds).toEqual([]);
    await store.updateSettings(GUILD_A, { listenChannelIds: null });
    expect(effectiveSettings(await store.getSettings(GUILD_A), defaults).listenChannelIds).toEqual([
      CHANNEL_2,
    ]);
  });

  it("keeps two servers apart", async () => {
    const store = await make();
    await store.updateSettings(GUILD_A, { mode: "mentions", listenChannelIds: [CHANNEL_1], confidence: 1 });
    await store.updateSettings(GUILD_B, { cooldownSeconds: 10 });
    expect(await store.getSettings(GUILD_A)).toMatchObject({ mode: "mentions", cooldownSeconds: null });
    expect(await store.getSettings(GUILD_B)).toMatchObject({
      mode: null,
      listenChannelIds: null,
      confidence: null,
      cooldownSeconds: 10,
    });

    await store.recordUnanswered(GUILD_A, "what is the weather on mars");
    await store.recordUnanswered(GUILD_B, "who owns the moon");
    await store.recordUnanswered(null, "asked in a dm");
    expect((await store.listUnanswered(GUILD_A)).map((q) => q.question)).toEqual([
      "what is the weather on mars",
    ]);
    expect((await store.listUnanswered(GUILD_B)).map((q) => q.question)).toEqual(["who owns the moon"]);
    expect((await store.listUnanswered(null)).map((q) => [q.guildId, q.question])).toEqual([
      [null, "asked in a dm"],
    ]);
    expect(await store.listUnanswered("all")).toHaveLength(3);
  });

  it("counts the same question however it is typed, most asked first", async () => {
    const time = clock();
    const store = await make({ now: time.now });
    await store.recordUnanswered(GUILD_A, "What is the weather on Mars?");
    time.advance(1000);
    await store.recordUnanswered(GUILD_A, `<@${USER}>   what is the WEATHER on mars`);
    time.advance(1000);
    await store.recordUnanswered(GUILD_A, "who owns the moon");
    await store.recordUnanswered(GUILD_A, `<@!${USER}> @everyone <#${CHANNEL_1}>`);
    const rows = await store.listUnanswered(GUILD_A);
    expect(rows).toEqual([
      {
        guildId: GUILD_A,
        question: "what is the weather on mars",
        count: 2,
        firstSeen: Date.UTC(2024, 0, 1),
        lastSeen: Date.UTC(2024, 0, 1) + 1000,
      },
      {
        guildId: GUILD_A,
        question: "who owns the moon",
        count: 1,
        firstSeen: Date.UTC(2024, 0, 1) + 2000,
        lastSeen: Date.UTC(2024, 0, 1) + 2000,
      },
    ]);
  });

  it("keeps at most N questions per server, dropping the least recently asked", async () => {
    const time = clock();
    const store = await make({ now: time.now, retention: { maxPerGuild: 3 } });
    for (const q of ["one", "two", "three"]) {
      await store.recordUnanswered(GUILD_A, q);
      time.advance(1000);
    }
    await store.recordUnanswered(GUILD_A, "one"); // asked again: now the most recent
    time.advance(1000);
    await store.recordUnanswered(GUILD_B, "b only");
    await store.recordUnanswered(GUILD_A, "four");
    expect((await store.listUnanswered(GUILD_A)).map((q) => q.question).sort()).toEqual([
      "four",
      "one",
      "three",
    ]);
    // Another server's rows do not count towards this one's limit.
    expect((await store.listUnanswered(GUILD_B)).map((q) => q.question)).toEqual(["b only"]);
  });

  it("drops questions not asked for D days (on write, on prune, and hides them when listing)", async () => {
    const time = clock();
    const store = await make({ now: time.now, retention: { maxAgeDays: 90 } });
    await store.recordUnanswered(GUILD_A, "old question");
    await store.recordUnanswered(GUILD_B, "old in b");
    time.advance(60 * DAY);
    await store.recordUnanswered(GUILD_A, "newer question");
    time.advance(31 * DAY);
    // 91 days after the first: hidden already, before any write removes it.
    expect((await store.listUnanswered("all")).map((q) => q.question)).toEqual(["newer question"]);
    expect(await store.prune()).toBe(2);
    expect(await store.prune()).toBe(0);
    time.advance(60 * DAY);
    await store.recordUnanswered(GUILD_B, "fresh");
    expect((await store.listUnanswered("all")).map((q) => q.question)).toEqual(["fresh"]);
  });

  it("ignores a question with nothing left once mentions are removed", async () => {
    const store = await make();
    await store.recordUnanswered(GUILD_A, `<@${USER}>  ?? `);
    expect(await store.listUnanswered(GUILD_A)).toEqual([]);
  });

  it("forgets one question in one server, in the DMs, or everywhere, however it is typed", async () => {
    const store = await make();
    for (const scope of [GUILD_A, GUILD_B, null]) {
      await store.recordUnanswered(scope, "what is the weather on mars");
      await store.recordUnanswered(scope, "who owns the moon");
    }
    const left = async () =>
      (await store.listUnanswered("all")).map((q) => `${q.guildId ?? "dm"}: ${q.question}`).sort();

    expect(await store.forgetUnanswered(GUILD_A, `<@${USER}> What is the WEATHER on Mars?`)).toBe(1);
    expect(await left()).toEqual([
      `${GUILD_A}: who owns the moon`,
      `${GUILD_B}: what is the weather on mars`,
      `${GUILD_B}: who owns the moon`,
      "dm: what is the weather on mars",
      "dm: who owns the moon",
    ]);
    expect(await store.forgetUnanswered(null, "who owns the moon")).toBe(1);
    expect(await store.forgetUnanswered("all", "what is the weather on mars")).toBe(2);
    expect(await left()).toEqual([`${GUILD_A}: who owns the moon`, `${GUILD_B}: who owns the moon`]);
    // Nothing to forget: a question never asked, one already gone, text with no words left.
    expect(await store.forgetUnanswered(GUILD_A, "never asked")).toBe(0);
    expect(await store.forgetUnanswered(null, "who owns the moon")).toBe(0);
    expect(await store.forgetUnanswered("all", `<@${USER}> ?`)).toBe(0);
    // Asked again after being forgotten, it starts counting afresh.
    await store.recordUnanswered(GUILD_B, "what is the weather on mars");
    expect((await store.listUnanswered(GUILD_B)).find((q) => q.question.includes("mars"))?.count).toBe(1);
  });

  it("a follow-up window of its own, or the default 300 s", async () => {
    const store = await make();
    const defaults = BUILT_IN_DEFAULTS;
    expect(effectiveSettings(await store.getSettings(GUILD_A), defaults).followUpSeconds).toBe(300);
    await store.updateSettings(GUILD_A, { followUpSeconds: 0 });
    const set = effectiveSettings(await store.getSettings(GUILD_A), defaults);
    expect([set.followUpSeconds, set.custom.followUpSeconds]).toEqual([0, true]);
    // Resetting every setting (as /settings reset does) brings the default back.
    await store.updateSettings(GUILD_A, { ...NO_SETTINGS });
    const reset = effectiveSettings(await store.getSettings(GUILD_A), defaults);
    expect([reset.followUpSeconds, reset.custom.followUpSeconds]).toEqual([300, false]);
    expect((await store.getSettings(GUILD_B)).followUpSeconds).toBeNull();
  });
});

describe("SQLite file", () => {
  it("creates and migrates an empty database, and its directory", async () => {
    const path = join(dir, "nested", "deeper", "bot.sqlite");
    const store = track(openSqliteStore(path));
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(3);
    const db = new Database(path, { readonly: true });
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    db.close();
    expect(tables).toEqual(["guild_settings", "listen_channels", "unanswered"]);
  });

  it("migrates a version 1 database, keeping its settings", async () => {
    const path = dbPath();
    // Version 1 as it shipped, written by hand: settings and listen channels, no unanswered questions yet.
    const v1 = new Database(path);
    v1.exec(`
      CREATE TABLE guild_settings (
        guild_id TEXT PRIMARY KEY,
        mode TEXT CHECK (mode IN ('mentions', 'mentions+listen')),
        confidence REAL CHECK (confidence BETWEEN 0 AND 1),
        cooldown_seconds INTEGER CHECK (cooldown_seconds >= 0),
        listen_set INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE listen_channels (
        guild_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        PRIMARY KEY (guild_id, channel_id)
      );
      INSERT INTO guild_settings (guild_id, mode, confidence, cooldown_seconds, listen_set, updated_at)
        VALUES ('${GUILD_A}', 'mentions', 0.8, 20, 1, 0);
      INSERT INTO listen_channels VALUES ('${GUILD_A}', '${CHANNEL_1}');
      PRAGMA user_version = 1;
    `);
    v1.close();

    const store = track(openSqliteStore(path));
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(await store.getSettings(GUILD_A)).toEqual({
      mode: "mentions",
      listenChannelIds: [CHANNEL_1],
      confidence: 0.8,
      cooldownSeconds: 20,
      recordUnanswered: null,
      followUpSeconds: null,
    });
    await store.updateSettings(GUILD_A, { followUpSeconds: 600 });
    expect((await store.getSettings(GUILD_A)).followUpSeconds).toBe(600);
    await store.updateSettings(GUILD_A, { recordUnanswered: false });
    await store.recordUnanswered(GUILD_A, "asked after the upgrade");
    expect(await store.listUnanswered(GUILD_A)).toHaveLength(1);
    expect((await store.getSettings(GUILD_A)).recordUnanswered).toBe(false);
  });

  it("shards opening one new file at the same moment migrate it once", async () => {
    const path = dbPath();
    const script = fileURLToPath(new URL("fixtures/open-store.ts", import.meta.url));
    const run = promisify(execFile);
    const startAt = Date.now() + 2500;
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        run(process.execPath, ["--import", "tsx", script, path, String(startAt)]),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(track(openSqliteStore(path)).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it("survives a restart: close, reopen, everything is still there", async () => {
    const path = dbPath();
    const first = openSqliteStore(path);
    await first.updateSettings(GUILD_A, { listenChannelIds: [CHANNEL_2], confidence: 0.95 });
    await first.recordUnanswered(GUILD_A, "what is the weather on mars");
    await first.close();
    await first.close(); // idempotent

    const second = track(openSqliteStore(path));
    expect(await second.getSettings(GUILD_A)).toMatchObject({
      listenChannelIds: [CHANNEL_2],
      confidence: 0.95,
    });
    await second.recordUnanswered(GUILD_A, "What is the weather on Mars?");
    expect((await second.listUnanswered(GUILD_A))[0]?.count).toBe(2);
  });

  it("stores no user ids, only the question's words", async () => {
    const path = dbPath();
    const store = openSqliteStore(path);
    await store.recordUnanswered(GUILD_A, `<@${USER}> hey <@!${USER}> what is <@&${CHANNEL_1}> doing`);
    await store.close();
    expect(readFileSync(path).includes(Buffer.from(USER))).toBe(false);
    expect(readFileSync(`${path}-wal`, { flag: "a+" }).includes(Buffer.from(USER))).toBe(false);
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT question FROM unanswered").pluck().all()).toEqual(["hey what is doing"]);
    db.close();
  });

  it("a corrupt file is one clear line naming the file", () => {
    const path = dbPath();
    writeFileSync(path, "this is not a database, just some text that is long enough ".repeat(40));
    const error = catchError(() => openSqliteStore(path));
    expect(error).toBeInstanceOf(StoreOpenError);
    expect(error.message).toContain(path);
    expect(error.message).toContain("DATABASE_PATH");
    expect(error.message).toMatch(/not a database/);
    expect(error.message).not.toContain("\n");
  });

  it("a database from a newer bot is refused rather than damaged", () => {
    const path = dbPath();
    const db = new Database(path);
    db.pragma("user_version = 99");
    db.close();
    const error = catchError(() => openSqliteStore(path));
    expect(error.message).toMatch(
      new RegExp(`schema version is 99, newer than this bot understands \\(${SCHEMA_VERSION}\\)`),
    );
  });

  it("a path that cannot be created (a directory, or under a file) is one clear line", () => {
    const asDir = join(dir, "a-directory.sqlite");
    mkdirSync(asDir);
    expect(catchError(() => openSqliteStore(asDir)).message).toMatch(
      /^Cannot open the database at .*a-directory\.sqlite \(DATABASE_PATH\): .*directory/,
    );
    const file = join(dir, "plain-file");
    writeFileSync(file, "x");
    const underFile = catchError(() => openSqliteStore(join(file, "bot.sqlite")));
    expect(underFile).toBeInstanceOf(StoreOpenError);
    expect(underFile.message).not.toContain("\n");
  });

  // Root can write anywhere, so a read-only directory only stops other users.
  it.skipIf(process.getuid?.() === 0)("a read-only directory is one clear line", () => {
    const readOnly = join(dir, "read-only");
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    try {
      const error = catchError(() => openSqliteStore(join(readOnly, "bot.sqlite")));
      expect(error).toBeInstanceOf(StoreOpenError);
      expect(error.message).toMatch(/writable|read-only/);
    } finally {
      chmodSync(readOnly, 0o755);
    }
  });

  // sysfs takes no new files, even from root: a directory nobody can write.
  it.skipIf(!existsSync("/sys/kernel"))("a directory nobody may write in is one clear line", () => {
    const error = catchError(() => openSqliteStore("/sys/kernel/tracker-bot.sqlite"));
    expect(error).toBeInstanceOf(StoreOpenError);
    expect(error.message).toBe(
      "Cannot open the database at /sys/kernel/tracker-bot.sqlite (DATABASE_PATH): unable to open database file — check that the directory exists and is writable and that the path is not a directory.",
    );
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  return undefined as unknown as Error;
}

describe("settings cache", () => {
  class CountingStore extends MemoryGuildStore {
    reads = 0;
    override async getSettings(guildId: string) {
      this.reads += 1;
      return super.getSettings(guildId);
    }
  }

  it("reads each server once, writes through, and hands out copies", async () => {
    const inner = new CountingStore();
    const cache = new CachedGuildStore(inner);
    for (let i = 0; i < 100; i++) await cache.getSettings(GUILD_A);
    expect(inner.reads).toBe(1);
    await cache.updateSettings(GUILD_A, { listenChannelIds: [CHANNEL_1] });
    const seen = await cache.getSettings(GUILD_A);
    expect(seen.listenChannelIds).toEqual([CHANNEL_1]);
    seen.listenChannelIds?.push("tampered");
    expect((await cache.getSettings(GUILD_A)).listenChannelIds).toEqual([CHANNEL_1]);
    expect(inner.reads).toBe(1);
    expect((await cache.getSettings(GUILD_B)).mode).toBeNull();
    expect(inner.reads).toBe(2);
  });

  it("re-reads after its time to live and evicts the least recently used", async () => {
    const time = clock();
    const inner = new CountingStore();
    const cache = new CachedGuildStore(inner, { ttlMs: 1000, maxEntries: 2, now: time.now });
    await cache.getSettings(GUILD_A);
    time.advance(1001);
    await cache.getSettings(GUILD_A);
    expect(inner.reads).toBe(2);
    await cache.getSettings(GUILD_B);
    await cache.getSettings("100000000000000003");
    expect(cache.size).toBe(2);
  });

  it("per-message reads stay well under a millisecond", async () => {
    const cache = new CachedGuildStore(track(openSqliteStore(dbPath())));
    await cache.updateSettings(GUILD_A, { confidence: 0.8 });
    const started = performance.now();
    for (let i = 0; i < 10_000; i++) await cache.getSettings(GUILD_A);
    expect((performance.now() - started) / 10_000).toBeLessThan(0.1);
  });
});

describe("normalising a question", () => {
  it("lower-cases, strips mentions and emoji, collapses whitespace, drops trailing ?!.", () => {
    expect(normalizeQuestion(`  <@${USER}> What IS\n\nthe  <:alibaba:123456789012345678> GMV?!  `)).toBe(
      "what is the gmv",
    );
    expect(normalizeQuestion("@everyone @here who runs lazada?")).toBe("who runs lazada");
  });

  it("cuts to 300 characters", () => {
    expect(normalizeQuestion("why ".repeat(200)).length).toBeLessThanOrEqual(MAX_QUESTION_LENGTH);
  });
});

describe("unanswered questions out", () => {
  let engine: Engine;
  beforeAll(() => {
    engine = createDefaultEngine();
  });

  it("hides questions the current fact base now answers", async () => {
    const store = track(new MemoryGuildStore());
    // Recorded while the tracker could not answer it; the fact exists now.
    await store.recordUnanswered(GUILD_A, "what's alibaba's stake in singpost");
    await store.recordUnanswered(GUILD_A, "what is the weather on mars");
    expect((await openQuestions(store, engine, GUILD_A)).map((q) => q.question)).toEqual([
      "what is the weather on mars",
    ]);
    expect(await openQuestions(store, engine, GUILD_A, { includeAnswered: true })).toHaveLength(2);
  });

  it("CSV: header, RFC 4180 quoting, formulas defused", () => {
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvField("plain")).toBe("plain");
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField(3)).toBe("3");
    const csv = toCsv([
      { guildId: GUILD_A, question: 'a "b", c', count: 3, firstSeen: 0, lastSeen: DAY },
      { guildId: null, question: "in a dm", count: 1, firstSeen: 0, lastSeen: 0 },
    ]);
    expect(csv).toBe(
      [
        "guild_id,question,count,first_seen,last_seen",
        `${GUILD_A},"a ""b"", c",3,1970-01-01T00:00:00.000Z,1970-01-02T00:00:00.000Z`,
        "dm,in a dm,1,1970-01-01T00:00:00.000Z,1970-01-01T00:00:00.000Z",
        "",
      ].join("\r\n"),
    );
  });

  it("a readable table without --csv", () => {
    const table = toTable([
      { guildId: GUILD_A, question: "who owns the moon", count: 12, firstSeen: 0, lastSeen: 0 },
    ]);
    expect(table.split("\n")[0]).toMatch(/^Asked\s+Last asked\s+Server\s+Question$/);
    expect(table).toContain(`12     1970-01-01  ${GUILD_A}  who owns the moon`);
    expect(toTable([])).toMatch(/No unanswered questions/);
  });
});
