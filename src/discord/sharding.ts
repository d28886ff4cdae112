/** No discord.js here: main.ts uses these before it knows whether it runs the bot or the console. */

/**
 * Which shards this process runs, when discord.js's ShardingManager spawned it (`npm run start:sharded`):
 * the manager passes SHARDING_MANAGER, SHARDS (its shard id) and SHARD_COUNT, and discord.js's Client reads
 * them itself. Undefined for a process that was started on its own.
 */
export function managedShards(
  env: Record<string, string | undefined> = process.env,
): { ids: number[]; count: number } | undefined {
  if (!env.SHARDING_MANAGER) return undefined;
  try {
    // One shard per process: "1"; a list when a manager gives a process several: "[0,1]".
    const parsed = JSON.parse(env.SHARDS ?? "[]") as unknown;
    const ids = Array.isArray(parsed) ? parsed : [parsed];
    const count = Number(env.SHARD_COUNT);
    if (ids.length === 0 || !ids.every(Number.isInteger) || !Number.isInteger(count)) return undefined;
    return { ids: ids as number[], count };
  } catch {
    return undefined;
  }
}

/**
 * A process started on its own runs one shard. SHARD_COUNT is the sharding manager's setting, but the
 * discord.js Client would read it from the environment too (and fail on "auto"), so it is dropped there.
 */
export function forgetManagerSettings(env: Record<string, string | undefined> = process.env): void {
  if (env.SHARDING_MANAGER) return;
  delete env.SHARD_COUNT;
  delete env.SHARDS;
}

/**
 * Fields for every log line of a shard process (`{ shard: 1, shardCount: 2, pid }`), so interleaved lines
 * of several shards say which process wrote them; empty otherwise.
 */
export function shardLogFields(env?: Record<string, string | undefined>): Record<string, unknown> {
  const shards = managedShards(env);
  if (!shards) return {};
  return {
    shard: shards.ids.length === 1 ? shards.ids[0] : shards.ids,
    shardCount: shards.count,
    pid: process.pid,
  };
}

/** For a shard process's REST User-Agent (`shard/1/2`), so each request shows which process sent it. */
export function shardUserAgentTag(env?: Record<string, string | undefined>): string | undefined {
  const shards = managedShards(env);
  return shards ? `shard/${shards.ids.join(",")}/${shards.count}` : undefined;
}
