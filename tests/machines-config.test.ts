import { describe, expect, it } from "vitest";
import { parseConfig, parseProxyConfig, parseShardingConfig, restApiUrl } from "../src/app/config.js";
import { clientOptions } from "../src/discord/client.js";
import { describeStore } from "../src/store/open.js";

/** The variables for several machines: DATABASE_URL, DISCORD_PROXY_URL, SHARD_LIST and the proxy's own. */

const URL_WITH_PASSWORD = "postgres://tracker:hunter2-secret@10.0.0.6:5432/tracker";

describe("DATABASE_URL", () => {
  it("selects PostgreSQL; unset keeps the SQLite file", () => {
    const pg = parseConfig({ DATABASE_URL: URL_WITH_PASSWORD });
    expect(pg.ok && pg.config.databaseUrl).toBe(URL_WITH_PASSWORD);
    const sqlite = parseConfig({ DATABASE_URL: "  " });
    expect(sqlite.ok && sqlite.config.databaseUrl).toBeUndefined();
    expect(describeStore({})).toBe("var/tracker-bot.sqlite");
  });

  it("is shown without its password, and a wrong one is one line that does not repeat it", () => {
    expect(describeStore({ databaseUrl: URL_WITH_PASSWORD })).toBe(
      "postgres://tracker:***@10.0.0.6:5432/tracker",
    );
    const wrong = parseConfig({ DATABASE_URL: "mysql://root:hunter2-secret@db/tracker" });
    expect(wrong).toEqual({
      ok: false,
      problems: [
        "DATABASE_URL: expected a PostgreSQL URL such as postgres://user:password@host:5432/tracker",
      ],
    });
  });
});

describe("DISCORD_PROXY_URL", () => {
  it("points discord.js's rest.api at the proxy, with /api added to a bare address", () => {
    const bare = parseConfig({ DISCORD_PROXY_URL: "http://10.0.0.5:8080/" });
    expect(bare.ok && bare.config.proxyUrl).toBe("http://10.0.0.5:8080/api");
    const full = parseConfig({
      DISCORD_PROXY_URL: "http://10.0.0.5:8080/api",
      DISCORD_API_URL: "http://x/api",
    });
    expect(full.ok && restApiUrl(full.config)).toBe("http://10.0.0.5:8080/api");
    if (!full.ok) return;
    expect(clientOptions(full.config).rest?.api).toBe("http://10.0.0.5:8080/api");
  });

  it("unset: straight to Discord (or DISCORD_API_URL), as before", () => {
    const direct = parseConfig({});
    expect(direct.ok && clientOptions(direct.config).rest?.api).toBeUndefined();
    const emulator = parseConfig({ DISCORD_API_URL: "http://127.0.0.1:9/api" });
    expect(emulator.ok && restApiUrl(emulator.config)).toBe("http://127.0.0.1:9/api");
    expect(parseConfig({ DISCORD_PROXY_URL: "proxy:8080" })).toEqual({
      ok: false,
      problems: ["DISCORD_PROXY_URL: expected the proxy's http(s) URL such as http://10.0.0.5:8080/api"],
    });
  });
});

describe("SHARD_LIST", () => {
  const env = { DISCORD_TOKEN: "token", SHARD_COUNT: "4" };

  it("takes ids and ranges of the total SHARD_COUNT", () => {
    const a = parseShardingConfig({ ...env, SHARD_LIST: "0,1" });
    expect(a.ok && a.config.shardList).toEqual([0, 1]);
    const b = parseShardingConfig({ ...env, SHARD_LIST: " 2-3 " });
    expect(b.ok && b.config.shardList).toEqual([2, 3]);
    const mixed = parseShardingConfig({ ...env, SHARD_LIST: "3, 0-1, 1" });
    expect(mixed.ok && mixed.config.shardList).toEqual([0, 1, 3]);
    const all = parseShardingConfig(env);
    expect(all.ok && all.config.shardList).toBeUndefined();
  });

  it("refuses shards outside the total, a list with SHARD_COUNT=auto, and nonsense, one line each", () => {
    expect(parseShardingConfig({ ...env, SHARD_LIST: "3,4" })).toEqual({
      ok: false,
      problems: ["SHARD_LIST: shard 4 is not below SHARD_COUNT (4); shards are numbered from 0"],
    });
    expect(parseShardingConfig({ DISCORD_TOKEN: "token", SHARD_LIST: "0" })).toEqual({
      ok: false,
      problems: ["SHARD_LIST: needs a numeric SHARD_COUNT (every machine must use the same total)"],
    });
    expect(parseShardingConfig({ ...env, SHARD_LIST: "first" })).toEqual({
      ok: false,
      problems: ["SHARD_LIST: expected shard ids such as 0,1 or 2-3"],
    });
  });
});

describe("npm run proxy", () => {
  it("listens on loopback:8080 unless told otherwise, and forwards to DISCORD_API_URL when set", () => {
    expect(parseProxyConfig({})).toEqual({ ok: true, config: { port: 8080, host: "127.0.0.1" } });
    expect(
      parseProxyConfig({
        PROXY_PORT: "9000",
        PROXY_HOST: "0.0.0.0",
        DISCORD_API_URL: "http://127.0.0.1:1/api/",
      }),
    ).toEqual({ ok: true, config: { port: 9000, host: "0.0.0.0", apiUrl: "http://127.0.0.1:1/api" } });
    expect(parseProxyConfig({ PROXY_PORT: "eighty", PROXY_HOST: "a b" })).toEqual({
      ok: false,
      problems: [
        "PROXY_PORT: expected a port number (1-65535, or 0 for any free port)",
        "PROXY_HOST: expected an address to listen on, such as 0.0.0.0 or 10.0.0.5",
      ],
    });
  });
});
