import postgres from "postgres";
import { normalizeQuestion } from "./normalize.js";
import {
  DM_KEY,
  isMode,
  type Migration,
  retentionCutoff,
  type UnansweredRow,
  unansweredFromRow,
} from "./rows.js";
import { StoreOpenError } from "./sqlite.js";
import {
  DEFAULT_RETENTION,
  type GuildSettings,
  type GuildStore,
  NO_SETTINGS,
  type Retention,
  type SettingsChangeListener,
  type SettingsPatch,
  type StoreOptions,
  type UnansweredQuestion,
  type UnansweredScope,
} from "./types.js";

/** NOTIFY channel of every settings write (a trigger sends the server's id). */
export const SETTINGS_CHANNEL = "guild_settings";
/** pg_advisory_xact_lock key held while migrating: processes starting together migrate once. */
const MIGRATION_LOCK = 7_342_001;

/** Numbered migrations, each applied once in one transaction (recorded in schema_migrations). */
export const PG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "server settings, listen channels, unanswered questions; NOTIFY on settings writes",
    sql: `
      CREATE TABLE guild_settings (
        guild_id TEXT PRIMARY KEY,
        mode TEXT CHECK (mode IN ('mentions', 'mentions+listen')),
        confidence DOUBLE PRECISION CHECK (confidence BETWEEN 0 AND 1),
        cooldown_seconds INTEGER CHECK (cooldown_seconds >= 0),
        -- true once the server has set its own listen list (then an empty list means "none").
        listen_set BOOLEAN NOT NULL DEFAULT false,
        record_unanswered BOOLEAN,
        follow_up_seconds INTEGER CHECK (follow_up_seconds >= 0),
        updated_at BIGINT NOT NULL
      );
      CREATE TABLE listen_channels (
        guild_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (guild_id, channel_id)
      );
      CREATE TABLE unanswered (
        id BIGSERIAL PRIMARY KEY,
        guild_id TEXT NOT NULL,
        question TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 1,
        first_seen BIGINT NOT NULL,
        last_seen BIGINT NOT NULL,
        UNIQUE (guild_id, question)
      );
      CREATE INDEX unanswered_by_recency ON unanswered (guild_id, last_seen);
      CREATE INDEX unanswered_by_age ON unanswered (last_seen);
      -- A trigger rather than a NOTIFY in the code: a write by hand (psql) reaches the caches too.
      CREATE FUNCTION notify_guild_settings() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${SETTINGS_CHANNEL}', CASE WHEN TG_OP = 'DELETE' THEN OLD.guild_id ELSE NEW.guild_id END);
        RETURN NULL;
      END $$;
      CREATE TRIGGER guild_settings_changed AFTER INSERT OR UPDATE OR DELETE ON guild_settings
        FOR EACH ROW EXECUTE FUNCTION notify_guild_settings();
      CREATE TRIGGER listen_channels_changed AFTER INSERT OR UPDATE OR DELETE ON listen_channels
        FOR EACH ROW EXECUTE FUNCTION notify_guild_settings();
    `,
  },
  {
    version: 2,
    description: "gateway logins paced across machines",
    sql: `
      -- One row per identify bucket (shard id % max_concurrency): when its last login went through.
      CREATE TABLE gateway_logins (
        bucket INTEGER PRIMARY KEY,
        last_at TIMESTAMPTZ NOT NULL
      );
    `,
  },
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS.at(-1)?.version ?? 0;

/** `postgres://user:password@host/db` with the password replaced by `***`, for logs and messages. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(an unparsable DATABASE_URL)";
  }
}

export type Sql = postgres.Sql<{ bigint: number }>;

/**
 * A client for DATABASE_URL. BIGINT columns (milliseconds, counts) come back as numbers: every value kept
 * fits well within 2^53. `application_name` names the process in pg_stat_activity.
 */
export function connect(url: string, options: { applicationName?: string; max?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 5,
    connect_timeout: 10,
    onnotice: () => {},
    types: {
      bigint: {
        to: 20,
        from: [20],
        serialize: (value: number) => String(value),
        parse: (value: string) => Number(value),
      },
    },
    connection: { application_name: options.applicationName ?? `tracker-bot/${process.pid}` },
  });
}

/**
 * Applies the migrations the database has not had yet, in one transaction under an advisory lock: a second
 * process starting at the same moment waits, then finds them applied. Returns the versions applied.
 */
export async function migratePostgres(sql: Sql): Promise<number[]> {
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        description TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`;
    const [row] = await tx<{ current: number }[]>`
      SELECT COALESCE(MAX(version), 0)::int AS current FROM schema_migrations`;
    const current = row?.current ?? 0;
    if (current > PG_SCHEMA_VERSION) {
      throw new Error(
        `its schema version is ${current}, newer than this bot understands (${PG_SCHEMA_VERSION}); run a newer bot`,
      );
    }
    const applied: number[] = [];
    for (const migration of PG_MIGRATIONS) {
      if (migration.version <= current) continue;
      await tx.unsafe(migration.sql);
      await tx`INSERT INTO schema_migrations (version, description)
               VALUES (${migration.version}, ${migration.description})`;
      applied.push(migration.version);
    }
    return applied;
  });
}

interface SettingsRow {
  mode: string | null;
  confidence: number | null;
  cooldown_seconds: number | null;
  listen_set: boolean;
  record_unanswered: boolean | null;
  follow_up_seconds: number | null;
  channels: string[];
}

export interface PostgresStoreOptions extends StoreOptions {
  /** LISTEN for settings written by other processes (the bot); one-shot tools leave it off. */
  listen?: boolean;
  /** Shown in pg_stat_activity (default `tracker-bot/<pid>`). */
  applicationName?: string;
}

/**
 * The store for several processes and machines: PostgreSQL at DATABASE_URL. Every settings write notifies
 * (a trigger), and each process's listener tells its cache which server changed.
 */
export class PostgresGuildStore implements GuildStore {
  private readonly retention: Retention;
  private readonly now: () => number;
  private readonly listeners: SettingsChangeListener[] = [];
  private unlisten: (() => Promise<void>) | undefined;

  private constructor(
    readonly sql: Sql,
    readonly url: string,
    options: PostgresStoreOptions,
  ) {
    this.retention = { ...DEFAULT_RETENTION, ...options.retention };
    this.now = options.now ?? Date.now;
  }

  /** Connects, migrates and (unless `listen: false`) starts listening; throws StoreOpenError. */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresGuildStore> {
    const sql = connect(url, {
      ...(options.applicationName && { applicationName: options.applicationName }),
    });
    const store = new PostgresGuildStore(sql, url, options);
    try {
      await migratePostgres(sql);
      if (options.listen !== false) await store.startListening();
    } catch (error) {
      await sql.end({ timeout: 1 }).catch(() => {});
      throw new StoreOpenError(redactDatabaseUrl(url), firstLine(error), "DATABASE_URL");
    }
    return store;
  }

  onSettingsChange(listener: SettingsChangeListener): void {
    this.listeners.push(listener);
  }

  /**
   * postgres's `sql.listen` keeps a dedicated connection and LISTENs again after it drops (with backoff).
   * Notifications sent while it was down are lost, so each (re)subscription tells the caches to forget
   * everything; the first one, at start-up, finds them empty.
   */
  private async startListening(): Promise<void> {
    const { unlisten } = await this.sql.listen(
      SETTINGS_CHANNEL,
      (guildId) => this.emit(guildId),
      () => this.emit(null),
    );
    this.unlisten = unlisten;
  }

  private emit(guildId: string | null): void {
    for (const listener of this.listeners) listener(guildId);
  }

  async getSettings(guildId: string): Promise<GuildSettings> {
    return this.readSettings(this.sql, guildId);
  }

  async updateSettings(guildId: string, patch: SettingsPatch): Promise<GuildSettings> {
    const columns: Record<string, unknown> = {};
    if (patch.mode !== undefined) {
      if (patch.mode !== null && !isMode(patch.mode)) throw new RangeError(`unknown mode ${patch.mode}`);
      columns.mode = patch.mode;
    }
    if (patch.confidence !== undefined) columns.confidence = patch.confidence;
    if (patch.cooldownSeconds !== undefined) columns.cooldown_seconds = patch.cooldownSeconds;
    if (patch.recordUnanswered !== undefined) columns.record_unanswered = patch.recordUnanswered;
    if (patch.followUpSeconds !== undefined) columns.follow_up_seconds = patch.followUpSeconds;
    if (patch.listenChannelIds !== undefined) columns.listen_set = patch.listenChannelIds !== null;
    const now = this.now();
    columns.updated_at = now;
    return this.sql.begin(async (tx) => {
      await tx`INSERT INTO guild_settings (guild_id, updated_at) VALUES (${guildId}, ${now})
               ON CONFLICT (guild_id) DO NOTHING`;
      // Column names come from the fixed list above, never from input.
      await tx`UPDATE guild_settings SET ${tx(columns)} WHERE guild_id = ${guildId}`;
      if (patch.listenChannelIds !== undefined) {
        await tx`DELETE FROM listen_channels WHERE guild_id = ${guildId}`;
        const rows = [...new Set(patch.listenChannelIds ?? [])].map((channelId, position) => ({
          guild_id: guildId,
          channel_id: channelId,
          position,
        }));
        if (rows.length > 0) await tx`INSERT INTO listen_channels ${tx(rows)}`;
      }
      return this.readSettings(tx, guildId);
    });
  }

  async recordUnanswered(guildId: string | null, question: string): Promise<void> {
    const text = normalizeQuestion(question);
    if (!text) return;
    const key = guildId ?? DM_KEY;
    const now = this.now();
    const { maxPerGuild } = this.retention;
    await this.sql.begin(async (tx) => {
      // One writer per server at a time (its trim sees every row); other servers' writes go on.
      await tx`SELECT pg_advisory_xact_lock(hashtext(${`unanswered:${key}`}))`;
      await tx`
        INSERT INTO unanswered (guild_id, question, count, first_seen, last_seen)
        VALUES (${key}, ${text}, 1, ${now}, ${now})
        ON CONFLICT (guild_id, question) DO UPDATE SET count = unanswered.count + 1, last_seen = excluded.last_seen`;
      await tx`
        DELETE FROM unanswered WHERE guild_id = ${key} AND id NOT IN (
          SELECT id FROM unanswered WHERE guild_id = ${key} ORDER BY last_seen DESC, id DESC LIMIT ${maxPerGuild})`;
      await this.dropOld(tx, now);
    });
  }

  async listUnanswered(
    scope: UnansweredScope,
    options: { limit?: number } = {},
  ): Promise<UnansweredQuestion[]> {
    const cutoff = this.cutoff(this.now());
    const limit = options.limit ?? null;
    const rows =
      scope === "all"
        ? await this.sql<UnansweredRow[]>`
            SELECT guild_id, question, count, first_seen, last_seen FROM unanswered
            WHERE last_seen >= ${cutoff} ORDER BY count DESC, last_seen DESC, id LIMIT ${limit}`
        : await this.sql<UnansweredRow[]>`
            SELECT guild_id, question, count, first_seen, last_seen FROM unanswered
            WHERE guild_id = ${scope ?? DM_KEY} AND last_seen >= ${cutoff}
            ORDER BY count DESC, last_seen DESC, id LIMIT ${limit}`;
    return rows.map(unansweredFromRow);
  }

  async forgetUnanswered(scope: UnansweredScope, question: string): Promise<number> {
    const text = normalizeQuestion(question);
    if (!text) return 0;
    const result =
      scope === "all"
        ? await this.sql`DELETE FROM unanswered WHERE question = ${text}`
        : await this.sql`DELETE FROM unanswered WHERE guild_id = ${scope ?? DM_KEY} AND question = ${text}`;
    return result.count;
  }

  async prune(): Promise<number> {
    const { maxPerGuild } = this.retention;
    return this.sql.begin(async (tx) => {
      let dropped = await this.dropOld(tx, this.now());
      const trimmed = await tx`
        DELETE FROM unanswered WHERE id IN (
          SELECT id FROM (
            SELECT id, row_number() OVER (PARTITION BY guild_id ORDER BY last_seen DESC, id DESC) AS rank
            FROM unanswered) ranked
          WHERE rank > ${maxPerGuild})`;
      dropped += trimmed.count;
      return dropped;
    });
  }

  async close(): Promise<void> {
    this.listeners.length = 0;
    await this.unlisten?.().catch(() => {});
    await this.sql.end({ timeout: 5 });
  }

  /** Old rows of any server; rows another writer holds are left for the next write (no waiting, no deadlock). */
  private async dropOld(tx: postgres.TransactionSql<{ bigint: number }>, now: number): Promise<number> {
    const result = await tx`
      DELETE FROM unanswered WHERE id IN (
        SELECT id FROM unanswered WHERE last_seen < ${this.cutoff(now)} FOR UPDATE SKIP LOCKED)`;
    return result.count;
  }

  private cutoff(now: number): number {
    return retentionCutoff(now, this.retention);
  }

  private async readSettings(sql: Sql | postgres.TransactionSql<{ bigint: number }>, guildId: string) {
    const [row] = await sql<SettingsRow[]>`
      SELECT mode, confidence, cooldown_seconds, listen_set, record_unanswered, follow_up_seconds,
             ARRAY(SELECT channel_id FROM listen_channels l WHERE l.guild_id = s.guild_id ORDER BY position)
               AS channels
      FROM guild_settings s WHERE guild_id = ${guildId}`;
    if (!row) return { ...NO_SETTINGS };
    const settings: GuildSettings = {
      mode: isMode(row.mode) ? row.mode : null,
      listenChannelIds: row.listen_set ? row.channels : null,
      confidence: row.confidence,
      cooldownSeconds: row.cooldown_seconds,
      recordUnanswered: row.record_unanswered,
      followUpSeconds: row.follow_up_seconds,
    };
    return settings;
  }
}

function firstLine(error: unknown): string {
  const e = error as { message?: unknown; code?: unknown };
  const message = (typeof e?.message === "string" ? e.message : String(error)).split("\n")[0] ?? "";
  return typeof e?.code === "string" && !message.includes(e.code) ? `${message} (${e.code})` : message;
}

/** The PostgreSQL store at `url`: connected, migrated and listening; throws StoreOpenError with one line. */
export function openPostgresStore(url: string, options?: PostgresStoreOptions): Promise<PostgresGuildStore> {
  return PostgresGuildStore.open(url, options);
}
