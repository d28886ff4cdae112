import { normalizeQuestion } from "./normalize.js";
import { retentionCutoff } from "./rows.js";
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

/** The store in memory, same rules as SQLite (retention included), gone on exit: for tests and the console. */
export class MemoryGuildStore implements GuildStore {
  private readonly settings = new Map<string, GuildSettings>();
  /** By guild (DMs under `null`), then by normalised question. */
  private readonly questions = new Map<string | null, Map<string, UnansweredQuestion>>();
  private readonly retention: Retention;
  private readonly now: () => number;

  constructor(options: StoreOptions = {}) {
    this.retention = { ...DEFAULT_RETENTION, ...options.retention };
    this.now = options.now ?? Date.now;
  }

  async getSettings(guildId: string): Promise<GuildSettings> {
    return copy(this.settings.get(guildId) ?? NO_SETTINGS);
  }

  async updateSettings(guildId: string, patch: SettingsPatch): Promise<GuildSettings> {
    const current = this.settings.get(guildId) ?? NO_SETTINGS;
    const next: GuildSettings = { ...current };
    for (const key of Object.keys(NO_SETTINGS) as (keyof GuildSettings)[]) {
      if (patch[key] !== undefined) Object.assign(next, { [key]: patch[key] });
    }
    if (next.listenChannelIds) next.listenChannelIds = [...new Set(next.listenChannelIds)];
    this.settings.set(guildId, copy(next));
    return copy(next);
  }

  async recordUnanswered(guildId: string | null, question: string): Promise<void> {
    const text = normalizeQuestion(question);
    if (!text) return;
    const now = this.now();
    let guild = this.questions.get(guildId);
    if (!guild) {
      guild = new Map();
      this.questions.set(guildId, guild);
    }
    const known = guild.get(text);
    if (known) {
      known.count += 1;
      known.lastSeen = now;
    } else {
      guild.set(text, { guildId, question: text, count: 1, firstSeen: now, lastSeen: now });
    }
    this.trim(guild);
    this.dropOld(now);
  }

  async listUnanswered(
    scope: UnansweredScope,
    options: { limit?: number } = {},
  ): Promise<UnansweredQuestion[]> {
    const cutoff = retentionCutoff(this.now(), this.retention);
    const groups = scope === "all" ? [...this.questions.values()] : [this.questions.get(scope)];
    const rows = groups
      .flatMap((g) => [...(g?.values() ?? [])])
      .filter((q) => q.lastSeen >= cutoff)
      .sort((a, b) => b.count - a.count || b.lastSeen - a.lastSeen)
      .map((q) => ({ ...q }));
    return options.limit === undefined ? rows : rows.slice(0, options.limit);
  }

  async forgetUnanswered(scope: UnansweredScope, question: string): Promise<number> {
    const text = normalizeQuestion(question);
    if (!text) return 0;
    const groups = scope === "all" ? [...this.questions.values()] : [this.questions.get(scope)];
    return groups.filter((guild) => guild?.delete(text)).length;
  }

  async prune(): Promise<number> {
    let dropped = this.dropOld(this.now());
    for (const guild of this.questions.values()) dropped += this.trim(guild);
    return dropped;
  }

  async close(): Promise<void> {}

  private trim(guild: Map<string, UnansweredQuestion>): number {
    const excess = guild.size - this.retention.maxPerGuild;
    if (excess <= 0) return 0;
    const oldest = [...guild.values()].sort((a, b) => a.lastSeen - b.lastSeen).slice(0, excess);
    for (const q of oldest) guild.delete(q.question);
    return oldest.length;
  }

  private dropOld(now: number): number {
    const cutoff = retentionCutoff(now, this.retention);
    let dropped = 0;
    for (const guild of this.questions.values()) {
      for (const [text, q] of guild) {
        if (q.lastSeen < cutoff) {
          guild.delete(text);
          dropped++;
        }
      }
    }
    return dropped;
  }
}

function copy(settings: GuildSettings): GuildSettings {
  return {
    ...settings,
    listenChannelIds: settings.listenChannelIds ? [...settings.listenChannelIds] : null,
  };
}
