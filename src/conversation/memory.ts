import { LRUCache } from "lru-cache";
import { withTurn } from "../engine/turn.js";
import type { Turn } from "../engine/types.js";

/**
 * What each member said to the bot lately, per channel (a DM is a channel), for follow-ups ("and before
 * that?"). In memory only: bounded (least recently used conversations go first) and expiring, so it stays
 * flat however many members talk; a restart forgets it (a reply to an old answer still works, from its
 * buttons). Never shared between members: the key holds the member.
 */

/** Whose conversation, and where. */
export interface ConversationKey {
  userId: string;
  /** `null` in DMs. */
  guildId: string | null;
  /** `null` where the transport has no channel. */
  channelId: string | null;
}

/** Conversations kept at most (each at most MAX_TURNS turns): about 9 MB when full, however many members. */
export const MAX_CONVERSATIONS = 10_000;

/** The longest question kept in a turn: what /ask accepts; a follow-up needs its subject, not an essay. */
export const MAX_TURN_QUESTION_CHARS = 500;

interface Entry {
  turns: readonly Turn[];
  /** When the newest turn was kept (the clock's milliseconds). */
  at: number;
}

export interface ConversationMemoryOptions {
  /** Conversations kept at most (default MAX_CONVERSATIONS). */
  max?: number;
  /** Where time comes from (tests move it); default `performance`. */
  clock?: { now(): number };
}

export function conversationKeyOf(key: ConversationKey): string {
  return `${key.guildId ?? "dm"}:${key.channelId ?? "-"}:${key.userId}`;
}

export class ConversationMemory {
  readonly #entries: LRUCache<string, Entry>;
  readonly #clock: { now(): number };

  constructor(options: ConversationMemoryOptions = {}) {
    this.#clock = options.clock ?? performance;
    this.#entries = new LRUCache<string, Entry>({
      max: options.max ?? MAX_CONVERSATIONS,
      // Each entry gets its server's window as its TTL when kept; a given clock is read on every check.
      perf: this.#clock,
      ttlResolution: 0,
    });
  }

  /**
   * The member's turns here, oldest first, if the newest was kept within `windowSeconds` (the server's
   * window now, which may be shorter than when they were kept); none when the window is 0.
   */
  turns(key: ConversationKey, windowSeconds: number): readonly Turn[] {
    if (windowSeconds <= 0) return [];
    const entry = this.#entries.get(conversationKeyOf(key));
    if (!entry || this.#clock.now() - entry.at > windowSeconds * 1000) return [];
    return entry.turns;
  }

  /**
   * Keeps `turn` after `previous` (the turns it was read against) as the member's conversation here, the
   * newest MAX_TURNS; nothing is kept when the window is 0 (follow-ups off).
   */
  record(key: ConversationKey, previous: readonly Turn[], turn: Turn, windowSeconds: number): void {
    const id = conversationKeyOf(key);
    if (windowSeconds <= 0) {
      this.#entries.delete(id);
      return;
    }
    const kept = { ...turn, question: turn.question.slice(0, MAX_TURN_QUESTION_CHARS) };
    this.#entries.set(
      id,
      { turns: withTurn(previous, kept), at: this.#clock.now() },
      { ttl: windowSeconds * 1000 },
    );
  }

  /** Starts the member's conversation here over. */
  forget(key: ConversationKey): void {
    this.#entries.delete(conversationKeyOf(key));
  }

  /** Conversations held (expired ones included until they are read or evicted). */
  get size(): number {
    return this.#entries.size;
  }
}
