import type { GuildSettings, ListenMode } from "./types.js";

/** What applies where a server has set nothing: from the configuration (LISTEN_CHANNEL_IDS) and FREE_TEXT. */
export interface SettingsDefaults {
  mode: ListenMode;
  listenChannelIds: readonly string[];
  confidence: number;
  recordUnanswered: boolean;
  /** The default per-member limit: `userLimit` free-text answers per `userWindowSeconds`. */
  userLimit: number;
  userWindowSeconds: number;
  /** A member's next question within this many seconds reads their earlier turns (0 = follow-ups off). */
  followUpSeconds: number;
}

export const BUILT_IN_DEFAULTS: Readonly<SettingsDefaults> = {
  mode: "mentions+listen",
  listenChannelIds: [],
  confidence: 0.75,
  // On: the people who edit the fact base learn what is missing; the text is stored without who asked it.
  recordUnanswered: true,
  userLimit: 3,
  userWindowSeconds: 30,
  // Five minutes: long enough to read an answer and ask on, short enough that a new topic starts afresh.
  followUpSeconds: 300,
};

/** The settings in force for one server: its own where set, else the defaults. */
export interface EffectiveSettings {
  mode: ListenMode;
  /** The listen list as configured (whether or not the mode uses it). */
  listenChannelIds: readonly string[];
  /** Where the bot may answer unprompted: the listen list in `mentions+listen` mode, else none. */
  activeListenChannelIds: readonly string[];
  confidence: number;
  /** `null`: the default limit (`userLimit` per `userWindowSeconds`); 0: no cooldown. */
  cooldownSeconds: number | null;
  recordUnanswered: boolean;
  /** Seconds a member's earlier turns count for follow-ups; 0 = off. */
  followUpSeconds: number;
  /** Which of the above the server set itself. */
  custom: { [K in keyof GuildSettings]: boolean };
}

export function effectiveSettings(stored: GuildSettings, defaults: SettingsDefaults): EffectiveSettings {
  const mode = stored.mode ?? defaults.mode;
  const listenChannelIds = stored.listenChannelIds ?? defaults.listenChannelIds;
  return {
    mode,
    listenChannelIds,
    activeListenChannelIds: mode === "mentions+listen" ? listenChannelIds : [],
    confidence: stored.confidence ?? defaults.confidence,
    cooldownSeconds: stored.cooldownSeconds,
    recordUnanswered: stored.recordUnanswered ?? defaults.recordUnanswered,
    followUpSeconds: stored.followUpSeconds ?? defaults.followUpSeconds,
    custom: {
      mode: stored.mode !== null,
      listenChannelIds: stored.listenChannelIds !== null,
      confidence: stored.confidence !== null,
      cooldownSeconds: stored.cooldownSeconds !== null,
      recordUnanswered: stored.recordUnanswered !== null,
      followUpSeconds: stored.followUpSeconds !== null,
    },
  };
}
