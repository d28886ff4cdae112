import { RateLimitManager } from "@sapphire/ratelimits";

/**
 * @sapphire/ratelimits' buckets (at most `limit` uses per `time` ms per key), except that the timer the
 * package starts to sweep expired buckets never keeps a process alive on its own: a CLI or console run
 * must still exit when its input ends.
 */
export class RateLimits extends RateLimitManager<string> {
  override set(id: string, value: Parameters<RateLimitManager<string>["set"]>[1]): this {
    super.set(id, value);
    (this as unknown as { sweepInterval?: NodeJS.Timeout | null }).sweepInterval?.unref();
    return this;
  }
}
