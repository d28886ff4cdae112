import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CachedGuildStore } from "../src/store/cache.js";
import {
  openPostgresStore,
  PG_MIGRATIONS,
  PG_SCHEMA_VERSION,
  type PostgresGuildStore,
  redactDatabaseUrl,
} from "../src/store/postgres.js";
import { StoreOpenError } from "../src/store/sqlite.js";
import { dropDatabases, freshDatabase, POSTGRES_MISSING, POSTGRES_URL } from "./postgres/databases.js";
import { cleanUpProcesses, ensureBuilt, MIGRATE, processEnv, runProcess, within } from "./processes.js";

/**
 * What only the PostgreSQL store does (its contract tests run with the others in store.test.ts): migrations
 * under a lock, settings changes told to every process's cache, and a listener that survives losing its
 * connection. A real server (see tests/postgres/global-setup.ts).
 */

const GUILD_A = "100000000000000001";
const GUILD_B = "100000000000000002";
const CHANNEL_1 = "200000000000000001";

const open: { close(): Promise<void> }[] = [];
const track = <T extends { close(): Promise<void> }>(store: T): T => {
  open.push(store);
  return store;
};

afterEach(async () => {
  cleanUpProcesses();
  for (const store of open.splice(0).reverse()) await store.close();
});

afterAll(async () => {
  if (POSTGRES_URL) await dropDatabases();
});

/** Resolves once `check` returns something other than undefined (re-checked every 10 ms), else rejects. */
async function eventually<T>(check: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.skipIf(!POSTGRES_URL)(
  `PostgreSQL store${POSTGRES_URL ? "" : ` (skipped: ${POSTGRES_MISSING})`}`,
  () => {
    beforeAll(() => ensureBuilt([MIGRATE]), 120_000);

    it("npm run db:migrate: four started at once apply each migration exactly once", async () => {
      const url = await freshDatabase();
      const runs = Array.from({ length: 4 }, () =>
        runProcess(MIGRATE, [], processEnv({ DATABASE_URL: url })),
      );
      const codes = await within(30_000, Promise.all(runs.map((r) => r.exit)), "four migrations");
      expect(codes).toEqual([0, 0, 0, 0]);
      const outputs = runs.map((r) => r.stdout().trim());
      expect(outputs.filter((line) => line.includes("applied migration(s) 1, 2"))).toHaveLength(1);
      expect(outputs.filter((line) => line.includes("nothing to do"))).toHaveLength(3);
      const sql = postgres(url, { max: 1 });
      try {
        const rows = await sql<{ version: number }[]>`SELECT version FROM schema_migrations ORDER BY version`;
        expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
      } finally {
        await sql.end();
      }
      // The bot opening it afterwards finds nothing to do and works.
      const store = track(await openPostgresStore(url, { listen: false }));
      await store.updateSettings(GUILD_A, { confidence: 0.9 });
      expect((await store.getSettings(GUILD_A)).confidence).toBe(0.9);
    });

    it("a database from a newer bot is refused rather than damaged", async () => {
      const url = await freshDatabase();
      track(await openPostgresStore(url, { listen: false }));
      const sql = postgres(url, { max: 1 });
      await sql`INSERT INTO schema_migrations (version, description) VALUES (99, 'from the future')`;
      await sql.end();
      const error = await openPostgresStore(url, { listen: false }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreOpenError);
      expect((error as Error).message).toContain(
        `schema version is 99, newer than this bot understands (${PG_SCHEMA_VERSION})`,
      );
    });

    it("a server that cannot be reached is one line naming DATABASE_URL, without the password", async () => {
      const url = "postgres://bot:s3cret-pass@127.0.0.1:1/tracker";
      const error = await openPostgresStore(url).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreOpenError);
      const message = (error as Error).message;
      expect(message).toMatch(
        /^Cannot open the database at postgres:\/\/bot:\*\*\*@127\.0\.0\.1:1\/tracker \(DATABASE_URL\): /,
      );
      expect(message).not.toContain("s3cret-pass");
      expect(message.split("\n")).toHaveLength(1);
      expect(redactDatabaseUrl("postgres://u:p@h/db")).toBe("postgres://u:***@h/db");
    });

    it("a settings write in one process clears that server from every other process's cache", async () => {
      const url = await freshDatabase();
      const writer = track(await openPostgresStore(url));
      const reader = track(new CachedGuildStore(await openPostgresStore(url), { ttlMs: 3_600_000 }));
      await reader.getSettings(GUILD_A);
      await reader.getSettings(GUILD_B);
      expect(reader.size).toBe(2);

      await writer.updateSettings(GUILD_A, { listenChannelIds: [CHANNEL_1], mode: "mentions+listen" });
      // Without the notification the reader would keep its copy for an hour.
      const seen = await eventually(
        async () => ((await reader.getSettings(GUILD_A)).listenChannelIds?.length ? true : undefined),
        2_000,
        "the reader sees the new listen channel",
      );
      expect(seen).toBe(true);
      expect(await reader.getSettings(GUILD_A)).toMatchObject({ listenChannelIds: [CHANNEL_1] });

      // A write by hand (an operator in psql) reaches the caches too: the trigger notifies.
      const sql = postgres(url, { max: 1 });
      await sql`UPDATE guild_settings SET confidence = 0.95 WHERE guild_id = ${GUILD_A}`;
      await sql.end();
      await eventually(
        async () => ((await reader.getSettings(GUILD_A)).confidence === 0.95 ? true : undefined),
        2_000,
        "the reader sees the hand-made change",
      );
    });

    it("after its listener connection is killed, the cache is cleared and later changes still arrive", async () => {
      const url = await freshDatabase();
      const writer = track(await openPostgresStore(url, { listen: false }));
      const inner = await openPostgresStore(url, { applicationName: "tracker-bot/reader" });
      const events: (string | null)[] = [];
      inner.onSettingsChange((guildId) => events.push(guildId));
      const reader = track(new CachedGuildStore(inner, { ttlMs: 3_600_000 }));
      await reader.getSettings(GUILD_A);
      await reader.getSettings(GUILD_B);

      const admin = postgres(POSTGRES_URL, { max: 1 });
      try {
        const killed = await admin<{ pid: number }[]>`
        SELECT pg_terminate_backend(pid), pid FROM pg_stat_activity
        WHERE application_name = 'tracker-bot/reader' AND query ILIKE 'listen%'`;
        expect(killed).toHaveLength(1);
        // On reconnecting the listener says "anything may have changed": every cached server goes.
        await eventually(async () => (events.includes(null) ? true : undefined), 10_000, "the re-LISTEN");
        expect(reader.size).toBe(0);
        const again = await admin<{ pid: number }[]>`
        SELECT pid FROM pg_stat_activity WHERE application_name = 'tracker-bot/reader' AND query ILIKE 'listen%'`;
        expect(again.map((r) => r.pid)).not.toEqual(killed.map((r) => r.pid));
      } finally {
        await admin.end();
      }

      await reader.getSettings(GUILD_A);
      await writer.updateSettings(GUILD_A, { cooldownSeconds: 5 });
      await eventually(
        async () => ((await reader.getSettings(GUILD_A)).cooldownSeconds === 5 ? true : undefined),
        2_000,
        "a change after the reconnect",
      );
      expect(events).toContain(GUILD_A);
    });

    it("two processes recording the same questions at once lose no count", async () => {
      const url = await freshDatabase();
      const stores: PostgresGuildStore[] = [
        track(await openPostgresStore(url, { listen: false })),
        track(await openPostgresStore(url, { listen: false })),
      ];
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          stores[i % 2]?.recordUnanswered(i % 4 < 2 ? GUILD_A : null, `question ${i % 5}`),
        ),
      );
      const rows = await stores[0]?.listUnanswered("all");
      expect(rows?.reduce((sum, row) => sum + row.count, 0)).toBe(40);
    });
  },
);
