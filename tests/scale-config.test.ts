import { describe, expect, it } from "vitest";
import { parseHttpConfig, parseShardingConfig } from "../src/app/config.js";
import {
  forgetManagerSettings,
  managedShards,
  shardLogFields,
  shardUserAgentTag,
} from "../src/discord/sharding.js";

const KEY = "a".repeat(64);

describe("HTTP endpoint configuration", () => {
  it("needs only DISCORD_PUBLIC_KEY; PORT defaults to 3000", () => {
    expect(parseHttpConfig({ DISCORD_PUBLIC_KEY: KEY.toUpperCase() })).toEqual({
      ok: true,
      config: { publicKey: KEY, port: 3000 },
    });
    expect(
      parseHttpConfig({ DISCORD_PUBLIC_KEY: KEY, PORT: "8080", DISCORD_API_URL: "http://127.0.0.1:9/api/" }),
    ).toEqual({
      ok: true,
      config: { publicKey: KEY, port: 8080, apiUrl: "http://127.0.0.1:9/api" },
    });
  });

  it("one line per problem", () => {
    expect(parseHttpConfig({ PORT: "70000", DISCORD_CLIENT_ID: "x" })).toEqual({
      ok: false,
      problems: [
        "DISCORD_CLIENT_ID: expected a Discord id (17–20 digits)",
        "DISCORD_PUBLIC_KEY: is not set (General Information → Public Key in the developer portal)",
        "PORT: expected a port number (1-65535, or 0 for any free port)",
      ],
    });
  });
});

describe("sharding configuration", () => {
  it("SHARD_COUNT is auto by default, or a whole number; the bot's own settings are checked too", () => {
    const ok = parseShardingConfig({ DISCORD_TOKEN: "token", SHARD_COUNT: "4" });
    expect(ok.ok && ok.config.shardCount).toBe(4);
    expect(ok.ok && ok.config.spawnDelayMs).toBe(5_500);
    const auto = parseShardingConfig({ DISCORD_TOKEN: "token" });
    expect(auto.ok && auto.config.shardCount).toBe("auto");
    expect(parseShardingConfig({ SHARD_COUNT: "0", SHARD_SPAWN_DELAY_MS: "soon" })).toEqual({
      ok: false,
      problems: [
        "DISCORD_TOKEN: is not set",
        'SHARD_COUNT: expected "auto" or a whole number of shards (1 or more)',
        "SHARD_SPAWN_DELAY_MS: expected a whole number of milliseconds",
      ],
    });
  });

  it("a shard process knows its shard from the manager's environment; a lone process drops SHARD_COUNT", () => {
    const env = { SHARDING_MANAGER: "true", SHARDS: "1", SHARD_COUNT: "2" };
    expect(managedShards(env)).toEqual({ ids: [1], count: 2 });
    expect(shardLogFields(env)).toEqual({ shard: 1, shardCount: 2, pid: process.pid });
    expect(shardUserAgentTag(env)).toBe("shard/1/2");
    expect(managedShards({ SHARDS: "1", SHARD_COUNT: "2" })).toBeUndefined();
    const lone: Record<string, string | undefined> = { SHARD_COUNT: "auto", DISCORD_TOKEN: "t" };
    forgetManagerSettings(lone);
    expect(lone).toEqual({ DISCORD_TOKEN: "t" });
  });
});
