import { LISTEN_MODES, type ListenMode, type Retention, type UnansweredQuestion } from "./types.js";

/** What the SQL stores share: how rows look and map back, and how migrations are written down. */

/** Questions asked in DMs are kept under this key (a column in a unique key cannot usefully be NULL). */
export const DM_KEY = "dm";
const DAY_MS = 86_400_000;

/** One numbered migration. Append only: a migration that shipped is never edited, a change is a new one. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const isMode = (value: unknown): value is ListenMode => LISTEN_MODES.includes(value as ListenMode);

/** Questions last asked before this moment are past `maxAgeDays`. */
export function retentionCutoff(now: number, retention: Retention): number {
  return now - retention.maxAgeDays * DAY_MS;
}

export interface UnansweredRow {
  guild_id: string;
  question: string;
  count: number;
  first_seen: number;
  last_seen: number;
}

export function unansweredFromRow(row: UnansweredRow): UnansweredQuestion {
  return {
    guildId: row.guild_id === DM_KEY ? null : row.guild_id,
    question: row.question,
    count: row.count,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
  };
}
