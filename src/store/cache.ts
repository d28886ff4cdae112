import type {
  GuildSettings,
  GuildStore,
  SettingsPatch,
  UnansweredQuestion,
  UnansweredScope,
} from "./types.js";

export interface CacheOptions {
  /** Servers whose settings are kept in memory (least recently used dropped first). */
  maxEntries?: number;
  /**
   * How long a cached entry is trusted. Changes made through this cache are seen at once regardless; the
   * limit only matters when another process writes the same database (several machines, one server DB).
   */
  ttlMs?: number;
  now?: () => number;
}

interface Entry {
  settings: Promise<GuildSettings>;
  at: number;
}

/**
 * Settings read per message stay sub-millisecond: each server's settings are read once, kept in memory,
 * and written through on change. Everything else goes straight to the store.
 */
export class CachedGuildStore implements GuildStore {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    readonly inner: GuildStore,
    options: CacheOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
    // A store shared with other processes says when they change a server's settings: forget it here.
    inner.onSettingsChange?.((guildId) => {
      if (guildId === null) this.entries.clear();
      else this.entries.delete(guildId);
    });
  }

  getSettings(guildId: string): Promise<GuildSettings> {
    const now = this.now();
    const cached = this.entries.get(guildId);
    if (cached && now - cached.at < this.ttlMs) {
      // Most recently used last, so eviction takes the coldest.
      this.entries.delete(guildId);
      this.entries.set(guildId, cached);
      return cached.settings.then(copy);
    }
    const settings = this.inner.getSettings(guildId);
    this.remember(guildId, { settings, at: now });
    // A failed read is not remembered: the next message tries again.
    settings.catch(() => {
      if (this.entries.get(guildId)?.settings === settings) this.entries.delete(guildId);
    });
    return settings.then(copy);
  }

  async updateSettings(guildId: string, patch: SettingsPatch): Promise<GuildSettings> {
    this.entries.delete(guildId);
    const settings = await this.inner.updateSettings(guildId, patch);
    this.remember(guildId, { settings: Promise.resolve(copy(settings)), at: this.now() });
    return copy(settings);
  }

  recordUnanswered(guildId: string | null, question: string): Promise<void> {
    return this.inner.recordUnanswered(guildId, question);
  }

  listUnanswered(scope: UnansweredScope, options?: { limit?: number }): Promise<UnansweredQuestion[]> {
    return this.inner.listUnanswered(scope, options);
  }

  forgetUnanswered(scope: UnansweredScope, question: string): Promise<number> {
    return this.inner.forgetUnanswered(scope, question);
  }

  prune(): Promise<number> {
    return this.inner.prune();
  }

  async close(): Promise<void> {
    this.entries.clear();
    await this.inner.close();
  }

  /** How many servers' settings are in memory. */
  get size(): number {
    return this.entries.size;
  }

  private remember(guildId: string, entry: Entry): void {
    this.entries.delete(guildId);
    this.entries.set(guildId, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

/** Callers get their own copy, so nobody can change the cached one. */
function copy(settings: GuildSettings): GuildSettings {
  return {
    ...settings,
    listenChannelIds: settings.listenChannelIds ? [...settings.listenChannelIds] : null,
  };
}
