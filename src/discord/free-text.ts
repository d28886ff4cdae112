import type { EngineAnswer } from "../engine/types.js";

export interface FreeTextSettings {
  listenConfidence: number;
  userLimit: number;
  userWindowMs: number;
  listenRepeatMs: number;
}

/** Tunables for free-text questions. */
export const FREE_TEXT: Readonly<FreeTextSettings> = {
  /** Unprompted answers in listen channels only above this confidence: silence beats noise. */
  listenConfidence: 0.75,
  /** Per user: at most this many answered questions per window. */
  userLimit: 3,
  userWindowMs: 30_000,
  /** The same fact is not volunteered again in the same channel within this time. */
  listenRepeatMs: 10 * 60_000,
};

/** Why a message is being answered: it asked the bot (mention, reply, DM), or it was overheard. */
export type Trigger = "prompted" | "listen";

export interface MessageFacts {
  isDM: boolean;
  mentionsBot: boolean;
  repliesToBot: boolean;
  inListenChannel: boolean;
}

export function triggerOf(m: MessageFacts): Trigger | undefined {
  if (m.isDM || m.mentionsBot || m.repliesToBot) return "prompted";
  return m.inListenChannel ? "listen" : undefined;
}

/** `<@id>` or `<@!id>` of the bot anywhere in the text. */
export function mentionsUser(content: string, userId: string): boolean {
  return new RegExp(`<@!?${userId}>`).test(content);
}

/** The question without the bot's mentions. */
export function questionOf(content: string, botId: string): string {
  return content
    .replace(new RegExp(`<@!?${botId}>`, "g"), " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** An overheard question is answered only when the engine is sure and has a fact. */
export function worthVolunteering(
  answer: EngineAnswer,
  threshold: number = FREE_TEXT.listenConfidence,
): boolean {
  return answer.outcome === "answer" && answer.fact !== null && answer.confidence >= threshold;
}

/**
 * At most `limit` events per key within `windowMs` (sliding). Memory stays bounded: keys whose events
 * have all expired are pruned as new ones arrive.
 */
export class SlidingWindowLimiter {
  private readonly events = new Map<string, { times: number[]; warned: boolean; windowMs: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /**
   * Allowed (and counted), or refused; `firstRefusal` is true once per full window so the notice stays quiet.
   * `rule` overrides the limit and window for this key (a server's own cooldown).
   */
  take(
    key: string,
    now: number,
    rule: { limit: number; windowMs: number } = { limit: this.limit, windowMs: this.windowMs },
  ): { allowed: true } | { allowed: false; firstRefusal: boolean } {
    this.prune(now);
    const entry = this.events.get(key) ?? { times: [], warned: false, windowMs: rule.windowMs };
    entry.windowMs = rule.windowMs;
    entry.times = entry.times.filter((t) => now - t < rule.windowMs);
    this.events.set(key, entry);
    if (entry.times.length < rule.limit) {
      entry.times.push(now);
      entry.warned = false;
      return { allowed: true };
    }
    const firstRefusal = !entry.warned;
    entry.warned = true;
    return { allowed: false, firstRefusal };
  }

  get size(): number {
    return this.events.size;
  }

  private prune(now: number): void {
    if (this.events.size < 1000) return;
    for (const [key, entry] of this.events) {
      if (entry.times.every((t) => now - t >= entry.windowMs)) this.events.delete(key);
    }
  }
}

/** Remembers when something last happened per key, to space out repeats (bounded like the limiter). */
export class Spacing {
  private readonly last = new Map<string, number>();

  constructor(private readonly intervalMs: number) {}

  /** True when `key` has not happened within the interval. */
  isDue(key: string, now: number): boolean {
    const previous = this.last.get(key);
    return previous === undefined || now - previous >= this.intervalMs;
  }

  /** True (and remembered) when `key` has not happened within the interval. */
  tryMark(key: string, now: number): boolean {
    if (!this.isDue(key, now)) return false;
    if (this.last.size >= 1000) {
      for (const [k, t] of this.last) if (now - t >= this.intervalMs) this.last.delete(k);
    }
    this.last.set(key, now);
    return true;
  }
}
