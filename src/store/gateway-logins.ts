import { setTimeout as delay } from "node:timers/promises";
import type { Sql } from "./postgres.js";

/**
 * Discord lets a bot start `max_concurrency` gateway sessions per 5 s: shard `id` is in bucket
 * `id % max_concurrency`, and each bucket takes one login per 5 s. On one machine the ShardingManager
 * spaces its shards; across machines they share this lock in PostgreSQL (table gateway_logins).
 */
export const LOGIN_WINDOW_MS = 5_000;

/**
 * Runs `login` (spawn a shard and wait until it is READY) holding the bucket's row lock, no sooner than
 * LOGIN_WINDOW_MS after the bucket's previous login on any machine finished. Times are the database's
 * clock, so the machines' clocks need not agree. Rethrows what `login` threw, after recording the attempt.
 */
export async function pacedLogin<T>(
  sql: Sql,
  bucket: number,
  login: () => Promise<T>,
  windowMs: number = LOGIN_WINDOW_MS,
): Promise<T> {
  const outcome = await sql.begin(async (tx) => {
    await tx`INSERT INTO gateway_logins (bucket, last_at) VALUES (${bucket}, to_timestamp(0))
             ON CONFLICT (bucket) DO NOTHING`;
    const [row] = await tx<{ wait_ms: number }[]>`
      SELECT GREATEST(0, EXTRACT(EPOCH FROM (last_at - clock_timestamp())) * 1000 + ${windowMs})::float8 AS wait_ms
      FROM gateway_logins WHERE bucket = ${bucket} FOR UPDATE`;
    const wait = row?.wait_ms ?? 0;
    if (wait > 0) await delay(wait);
    let result: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      result = { ok: true, value: await login() };
    } catch (error) {
      result = { ok: false, error };
    }
    await tx`UPDATE gateway_logins SET last_at = clock_timestamp() WHERE bucket = ${bucket}`;
    return result;
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
