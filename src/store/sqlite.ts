import { mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { normalizeQuestion } from "./normalize.js";
import {
  DM_KEY,
  isMode,
  type Migration,
  retentionCutoff,
  type UnansweredRow,
  unansweredFromRow,
} from "./rows.js";
import {
  DEFAULT_RETENTION,
  type GuildSettings,
  type GuildStore,
  NO_SETTINGS,
  type Retention,
  type SettingsPatch,
  type StoreOptions,
  type UnansweredQuestion,
  type UnansweredScope,
} from "./types.js";

/** Where the database lives unless DATABASE_PATH says otherwise (relative to the working directory). */
export const DEFAULT_DATABASE_PATH = "var/tracker-bot.sqlite";

/** Numbered migrations; `PRAGMA user_version` is the number of the last one applied. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "server settings and listen channels",
    sql: `
      CREATE TABLE guild_settings (
        guild_id TEXT PRIMARY KEY,
        mode TEXT CHECK (mode IN ('mentions', 'mentions+listen')),
        confidence REAL CHECK (confidence BETWEEN 0 AND 1),
        cooldown_seconds INTEGER CHECK (cooldown_seconds >= 0),
        -- 1 once the server has set its own listen list (then an empty list means "none"), else LISTEN_CHANNEL_IDS.
        listen_set INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE listen_channels (
        guild_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        PRIMARY KEY (guild_id, channel_id)
      );
    `,
  },
  {
    version: 2,
    description: "unanswered questions",
    sql: `
      ALTER TABLE guild_settings ADD COLUMN record_unanswered INTEGER CHECK (record_unanswered IN (0, 1));
      CREATE TABLE unanswered (
        id INTEGER PRIMARY KEY,
        guild_id TEXT NOT NULL,
        question TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 1,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        UNIQUE (guild_id, question)
      );
      CREATE INDEX unanswered_by_recency ON unanswered (guild_id, last_seen);
      CREATE INDEX unanswered_by_age ON unanswered (last_seen);
    `,
  },
  {
    version: 3,
    description: "follow-up context window",
    sql: `
      ALTER TABLE guild_settings ADD COLUMN follow_up_seconds INTEGER CHECK (follow_up_seconds >= 0);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

/** The database could not be opened or migrated; `message` is one line saying which file and why. */
export class StoreOpenError extends Error {
  constructor(
    readonly path: string,
    reason: string,
    variable: "DATABASE_PATH" | "DATABASE_URL" = "DATABASE_PATH",
  ) {
    super(`Cannot open the database at ${path} (${variable}): ${reason}`);
    this.name = "StoreOpenError";
  }
}

function reasonOf(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  const message = (typeof e?.message === "string" ? e.message : String(error)).split("\n")[0] ?? "";
  switch (e?.code) {
    case "SQLITE_NOTADB":
    case "SQLITE_CORRUPT":
      return `${message} — the file is damaged or not a SQLite database; move it aside (the bot creates a new one) or restore a backup.`;
    case "SQLITE_READONLY":
      return `${message} — the file or its directory is read-only; the bot needs to write there.`;
    case "SQLITE_CANTOPEN":
      return `${message} — check that the directory exists and is writable and that the path is not a directory.`;
    case "EACCES":
    case "EPERM":
    case "EROFS":
    case "ENOTDIR":
      return `${message} — cannot create its directory.`;
    default:
      return typeof e?.code === "string" ? `${message} (${e.code})` : message;
  }
}

interface SettingsRow {
  mode: string | null;
  confidence: number | null;
  cooldown_seconds: number | null;
  listen_set: number;
  record_unanswered: number | null;
  follow_up_seconds: number | null;
}

/**
 * The embedded store: one SQLite file (WAL, so `npm run unanswered` can read while the bot runs), created
 * and migrated when opened. Synchronous underneath; each call is well under a millisecond.
 */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/**
 * Opens and migrates, retrying while another process holds the lock: switching a new file to WAL can
 * report SQLITE_BUSY at once, without waiting, when several shards start together.
 */
function openAndMigrate(path: string): Database.Database {
  for (let attempt = 1; ; attempt++) {
    let db: Database.Database | undefined;
    try {
      db = new Database(path, { timeout: 5_000 });
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.pragma("foreign_keys = ON");
      migrate(db);
      return db;
    } catch (error) {
      db?.close();
      const busy = (error as { code?: string }).code?.startsWith("SQLITE_BUSY") ?? false;
      if (!busy || attempt >= 40) throw error;
      Atomics.wait(PAUSE, 0, 0, 25 * attempt);
    }
  }
}

export class SqliteGuildStore implements GuildStore {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly retention: Retention;
  private readonly now: () => number;
  private readonly statements: Statements;

  /** Opens (creating the file and its directory if needed) and migrates; throws StoreOpenError. */
  constructor(path: string, options: StoreOptions = {}) {
    this.path = path;
    this.retention = { ...DEFAULT_RETENTION, ...options.retention };
    this.now = options.now ?? Date.now;
    let db: Database.Database | undefined;
    try {
      if (path !== ":memory:") {
        mkdirSync(dirname(path), { recursive: true });
        if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
          throw Object.assign(new Error("the path is a directory"), { code: "SQLITE_CANTOPEN" });
        }
      }
      db = openAndMigrate(path);
    } catch (error) {
      throw new StoreOpenError(path, reasonOf(error));
    }
    this.db = db;
    this.statements = prepareStatements(db);
  }

  /** The schema version of the open database (the number of the last migration applied). */
  get schemaVersion(): number {
    return this.db.pragma("user_version", { simple: true }) as number;
  }

  async getSettings(guildId: string): Promise<GuildSettings> {
    return this.readSettings(guildId);
  }

  async updateSettings(guildId: string, patch: SettingsPatch): Promise<GuildSettings> {
    const columns: [string, unknown][] = [];
    if (patch.mode !== undefined) {
      if (patch.mode !== null && !isMode(patch.mode)) throw new RangeError(`unknown mode ${patch.mode}`);
      columns.push(["mode", patch.mode]);
    }
    if (patch.confidence !== undefined) columns.push(["confidence", patch.confidence]);
    if (patch.cooldownSeconds !== undefined) columns.push(["cooldown_seconds", patch.cooldownSeconds]);
    if (patch.followUpSeconds !== undefined) columns.push(["follow_up_seconds", patch.followUpSeconds]);
    if (patch.recordUnanswered !== undefined) {
      columns.push([
        "record_unanswered",
        patch.recordUnanswered === null ? null : patch.recordUnanswered ? 1 : 0,
      ]);
    }
    if (patch.followUpSeconds !== undefined) columns.push(["follow_up_seconds", patch.followUpSeconds]);
    if (patch.listenChannelIds !== undefined)
      columns.push(["listen_set", patch.listenChannelIds === null ? 0 : 1]);
    // Column names come from the fixed list above, never from input.
    const set = [...columns.map(([name]) => `${name} = ?`), "updated_at = ?"].join(", ");
    const update = this.db.prepare(`UPDATE guild_settings SET ${set} WHERE guild_id = ?`);
    this.db.transaction(() => {
      const now = this.now();
      this.statements.ensureSettings.run(guildId, now);
      update.run(...columns.map(([, value]) => value), now, guildId);
      if (patch.listenChannelIds !== undefined) {
        this.statements.clearListen.run(guildId);
        for (const channelId of patch.listenChannelIds ?? [])
          this.statements.addListen.run(guildId, channelId);
      }
    })();
    return this.readSettings(guildId);
  }

  async recordUnanswered(guildId: string | null, question: string): Promise<void> {
    const text = normalizeQuestion(question);
    if (!text) return;
    const key = guildId ?? DM_KEY;
    const now = this.now();
    this.db.transaction(() => {
      this.statements.upsertQuestion.run(key, text, now, now);
      if ((this.statements.countGuild.get(key)?.n ?? 0) > this.retention.maxPerGuild) {
        this.statements.trimGuild.run(key, key, this.retention.maxPerGuild);
      }
      this.statements.dropOld.run(this.cutoff(now));
    })();
  }

  async listUnanswered(
    scope: UnansweredScope,
    options: { limit?: number } = {},
  ): Promise<UnansweredQuestion[]> {
    const limit = options.limit ?? -1;
    const cutoff = this.cutoff(this.now());
    const rows =
      scope === "all"
        ? this.statements.listAll.all(cutoff, limit)
        : this.statements.listGuild.all(scope ?? DM_KEY, cutoff, limit);
    return rows.map(unansweredFromRow);
  }

  async forgetUnanswered(scope: UnansweredScope, question: string): Promise<number> {
    const text = normalizeQuestion(question);
    if (!text) return 0;
    return scope === "all"
      ? this.statements.forgetAll.run(text).changes
      : this.statements.forgetGuild.run(scope ?? DM_KEY, text).changes;
  }

  async prune(): Promise<number> {
    return this.db.transaction(() => {
      let dropped = this.statements.dropOld.run(this.cutoff(this.now())).changes;
      for (const { guild_id } of this.statements.guilds.all()) {
        dropped += this.statements.trimGuild.run(guild_id, guild_id, this.retention.maxPerGuild).changes;
      }
      return dropped;
    })();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private cutoff(now: number): number {
    return retentionCutoff(now, this.retention);
  }

  private readSettings(guildId: string): GuildSettings {
    const row = this.statements.settings.get(guildId);
    if (!row) return { ...NO_SETTINGS };
    return {
      mode: isMode(row.mode) ? row.mode : null,
      listenChannelIds: row.listen_set ? this.statements.listen.all(guildId).map((r) => r.channel_id) : null,
      confidence: row.confidence,
      cooldownSeconds: row.cooldown_seconds,
      recordUnanswered: row.record_unanswered === null ? null : row.record_unanswered === 1,
      followUpSeconds: row.follow_up_seconds,
    };
  }
}

/** Every statement the store runs, prepared once. */
function prepareStatements(db: Database.Database) {
  return {
    settings: db.prepare<[string], SettingsRow>(
      "SELECT mode, confidence, cooldown_seconds, listen_set, record_unanswered, follow_up_seconds FROM guild_settings WHERE guild_id = ?",
    ),
    listen: db.prepare<[string], { channel_id: string }>(
      "SELECT channel_id FROM listen_channels WHERE guild_id = ? ORDER BY rowid",
    ),
    ensureSettings: db.prepare<[string, number]>(
      "INSERT INTO guild_settings (guild_id, updated_at) VALUES (?, ?) ON CONFLICT (guild_id) DO NOTHING",
    ),
    clearListen: db.prepare<[string]>("DELETE FROM listen_channels WHERE guild_id = ?"),
    addListen: db.prepare<[string, string]>(
      "INSERT OR IGNORE INTO listen_channels (guild_id, channel_id) VALUES (?, ?)",
    ),
    upsertQuestion: db.prepare<[string, string, number, number]>(
      `INSERT INTO unanswered (guild_id, question, count, first_seen, last_seen) VALUES (?, ?, 1, ?, ?)
       ON CONFLICT (guild_id, question) DO UPDATE SET count = count + 1, last_seen = excluded.last_seen`,
    ),
    countGuild: db.prepare<[string], { n: number }>(
      "SELECT COUNT(*) AS n FROM unanswered WHERE guild_id = ?",
    ),
    trimGuild: db.prepare<[string, string, number]>(
      `DELETE FROM unanswered WHERE guild_id = ? AND id NOT IN (
         SELECT id FROM unanswered WHERE guild_id = ? ORDER BY last_seen DESC, id DESC LIMIT ?)`,
    ),
    forgetGuild: db.prepare<[string, string]>("DELETE FROM unanswered WHERE guild_id = ? AND question = ?"),
    forgetAll: db.prepare<[string]>("DELETE FROM unanswered WHERE question = ?"),
    dropOld: db.prepare<[number]>("DELETE FROM unanswered WHERE last_seen < ?"),
    guilds: db.prepare<[], { guild_id: string }>("SELECT DISTINCT guild_id FROM unanswered"),
    listGuild: db.prepare<[string, number, number], UnansweredRow>(
      `SELECT guild_id, question, count, first_seen, last_seen FROM unanswered
       WHERE guild_id = ? AND last_seen >= ? ORDER BY count DESC, last_seen DESC, id LIMIT ?`,
    ),
    listAll: db.prepare<[number, number], UnansweredRow>(
      `SELECT guild_id, question, count, first_seen, last_seen FROM unanswered
       WHERE last_seen >= ? ORDER BY count DESC, last_seen DESC, id LIMIT ?`,
    ),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/**
 * Applies the migrations the database has not had yet, all in one write transaction taken before the version
 * is read: shards starting together on one file migrate it once, the others wait and find it done.
 */
function migrate(db: Database.Database): void {
  db.transaction(() => {
    const current = db.pragma("user_version", { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new Error(
        `its schema version is ${current}, newer than this bot understands (${SCHEMA_VERSION}); run a newer bot or use another DATABASE_PATH`,
      );
    }
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
}

/** The SQLite store at `path` (default var/tracker-bot.sqlite); throws StoreOpenError with one clear line. */
export function openSqliteStore(
  path: string = DEFAULT_DATABASE_PATH,
  options?: StoreOptions,
): SqliteGuildStore {
  return new SqliteGuildStore(path, options);
}
