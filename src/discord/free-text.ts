import { LRUCache } from "lru-cache";
import type { Observation } from "../framework/observe.js";
import { RateLimits } from "../framework/rate-limits.js";

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
  answer: Pick<Observation, "outcome" | "factId" | "confidence">,
  threshold: number = FREE_TEXT.listenConfidence,
): boolean {
  return answer.outcome === "answer" && answer.factId !== null && answer.confidence >= threshold;
}

/**
 * Free-text answers per member: at most `limit` per window (the default), or a server's own rule. Refusals
 * say `firstRefusal` once per full window, so the "slow down" signal stays a single ⏳.
 */
export class TurnLimiter {
  readonly #buckets = new Map<string, RateLimits>();
  readonly #warned = new LRUCache<string, true>({ max: 10_000 });

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  take(
    key: string,
    rule: { limit: number; windowMs: number } = { limit: this.limit, windowMs: this.windowMs },
  ): { allowed: true } | { allowed: false; firstRefusal: boolean } {
    const ruleKey = `${rule.limit}/${rule.windowMs}`;
    let buckets = this.#buckets.get(ruleKey);
    if (!buckets) {
      buckets = new RateLimits(rule.windowMs, rule.limit);
      this.#buckets.set(ruleKey, buckets);
    }
    const bucket = buckets.acquire(key);
    if (!bucket.limited) {
      bucket.consume();
      return { allowed: true };
    }
    const burst = `${ruleKey}:${key}:${bucket.expires}`;
    const firstRefusal = !this.#warned.has(burst);
    this.#warned.set(burst, true, { ttl: Math.max(1, bucket.remainingTime) });
    return { allowed: false, firstRefusal };
  }
}

/** Remembers what happened lately per key, to space out repeats; bounded, and forgets after the interval. */
export class Spacing {
  readonly #recent: LRUCache<string, true>;

  /** `clock`: where time comes from (tests move it); default `performance`. */
  constructor(intervalMs: number, clock?: { now(): number }) {
    this.#recent = new LRUCache<string, true>({
      max: 10_000,
      ttl: intervalMs,
      // A given clock is read on every check, not cached for a millisecond.
      ...(clock && { perf: clock, ttlResolution: 0 }),
    });
  }

  /** True when `key` has not happened within the interval. */
  isDue(key: string): boolean {
    return !this.#recent.has(key);
  }

  /** True (and remembered) when `key` has not happened within the interval. */
  tryMark(key: string): boolean {
    if (!this.isDue(key)) return false;
    this.#recent.set(key, true);
    return true;
  }
}
