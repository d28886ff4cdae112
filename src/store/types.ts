/**
 * Per-server state that survives a restart: settings (where and how the bot speaks) and the questions it
 * could not answer. Behind this interface so a server database can replace the embedded SQLite one when the
 * bot runs as many shards on many machines; every method is async for that reason, even though SQLite is not.
 */

/** `mentions`: only when asked (mention, reply, DM); `mentions+listen`: also unprompted in listen channels. */
export type ListenMode = "mentions" | "mentions+listen";
export const LISTEN_MODES: readonly ListenMode[] = ["mentions", "mentions+listen"];

/** What a server has set; `null` everywhere means "not set: the bot's default applies". */
export interface GuildSettings {
  mode: ListenMode | null;
  /** `null`: never set, LISTEN_CHANNEL_IDS applies; `[]`: set, and emptied on purpose. */
  listenChannelIds: string[] | null;
  /** Confidence in [0.5, 1] an unprompted answer needs. */
  confidence: number | null;
  /** A member gets at most one free-text answer per this many seconds; 0 = no cooldown. */
  cooldownSeconds: number | null;
  recordUnanswered: boolean | null;
  /** How long (seconds, 0–3600) a member's next question counts as a follow-up; 0 = follow-ups off. */
  followUpSeconds: number | null;
}

/** Fields to change; a field given as `null` goes back to the default, an absent one is left alone. */
export type SettingsPatch = Partial<GuildSettings>;

export const NO_SETTINGS: Readonly<GuildSettings> = Object.freeze({
  mode: null,
  listenChannelIds: null,
  confidence: null,
  cooldownSeconds: null,
  recordUnanswered: null,
  followUpSeconds: null,
});

/** A question the tracker could not answer, normalised, with how often and when it was asked. No user ids. */
export interface UnansweredQuestion {
  /** `null` for questions asked in DMs. */
  guildId: string | null;
  question: string;
  count: number;
  /** Milliseconds since the epoch. */
  firstSeen: number;
  lastSeen: number;
}

/** Which questions: one server's, the DMs' (`null`), or every one (`"all"`). */
export type UnansweredScope = string | null | "all";

export interface GuildStore {
  getSettings(guildId: string): Promise<GuildSettings>;
  /** Applies the patch and returns the settings as stored afterwards. */
  updateSettings(guildId: string, patch: SettingsPatch): Promise<GuildSettings>;
  /** Counts one more asking of `question` (normalised by the store); empty text is ignored. */
  recordUnanswered(guildId: string | null, question: string): Promise<void>;
  /** Most asked first (then most recent), at most `limit` (default: all kept). */
  listUnanswered(scope: UnansweredScope, options?: { limit?: number }): Promise<UnansweredQuestion[]>;
  /**
   * Removes one recorded question (normalised as `recordUnanswered` does) from one server, the DMs (`null`)
   * or every server (`"all"`); returns how many rows went.
   */
  forgetUnanswered(scope: UnansweredScope, question: string): Promise<number>;
  /** Drops rows beyond the retention limits now; returns how many went. Writes also enforce them. */
  prune(): Promise<number>;
  /**
   * Stores shared by several processes tell of settings written elsewhere: `listener(guildId)` for one
   * server, `listener(null)` when changes may have been missed (a dropped connection) and every cached
   * server is suspect. Optional: a store only this process writes never calls it.
   */
  onSettingsChange?(listener: SettingsChangeListener): void;
  close(): Promise<void>;
}

/** See `GuildStore.onSettingsChange`. */
export type SettingsChangeListener = (guildId: string | null) => void;

/** How long and how many unanswered questions are kept. */
export interface Retention {
  /** Per server (and for DMs together): the least recently asked beyond this are dropped. */
  maxPerGuild: number;
  /** Questions not asked again within this many days are dropped. */
  maxAgeDays: number;
}

export const DEFAULT_RETENTION: Readonly<Retention> = { maxPerGuild: 500, maxAgeDays: 90 };

/** The longest follow-up window a server may set (`/settings follow-ups`). */
export const MAX_FOLLOW_UP_SECONDS = 3600;

/** Listen channels a server may set. */
export const MAX_LISTEN_CHANNELS = 25;

export interface StoreOptions {
  retention?: Partial<Retention>;
  /** Milliseconds since the epoch; tests move it. */
  now?: () => number;
}
