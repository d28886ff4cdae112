import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type DiscordEmulator, startEmulator } from "./emulator/index.js";

/** The emulator holds the bot to Discord's limits: 50 requests per second, and one login per 5 s per bucket. */

let emu: DiscordEmulator | undefined;

afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe("the emulator's global rate limit", () => {
  it("lets 50 requests through in a second and answers the rest 429 global; interaction callbacks are exempt", async () => {
    emu = await startEmulator({ log: false });
    const target = emu;
    const get = () =>
      fetch(`${target.apiUrl}/v10/users/@me`, { headers: { authorization: `Bot ${target.token}` } });
    const responses = await Promise.all(Array.from({ length: 60 }, get));
    const limited = responses.filter((r) => r.status === 429);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(50);
    expect(limited).toHaveLength(10);
    const first = limited[0];
    expect(first?.headers.get("x-ratelimit-global")).toBe("true");
    expect(Number(first?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await first?.json()).toMatchObject({ global: true, message: "You are being rate limited." });
    expect(target.globalWindows).toEqual([expect.objectContaining({ count: 50, refused: 10 })]);
    expect(target.requests.filter((r) => r.globalLimited)).toHaveLength(10);

    // An interaction callback in the same window is not refused.
    const callback = await fetch(`${target.apiUrl}/v10/interactions/1/unknown-token/callback`, {
      method: "POST",
      headers: { authorization: `Bot ${target.token}`, "content-type": "application/json" },
      body: JSON.stringify({ type: 4, data: { content: "hi" } }),
    });
    expect(callback.status).not.toBe(429);
  });

  it("can be turned off", async () => {
    emu = await startEmulator({ log: false, globalRateLimit: false });
    const target = emu;
    const responses = await Promise.all(
      Array.from({ length: 60 }, () =>
        fetch(`${target.apiUrl}/v10/users/@me`, { headers: { authorization: `Bot ${target.token}` } }),
      ),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
  });
});

/** IDENTIFY as shard [id, 2] on a raw socket; resolves to the first opcode the gateway answers it with. */
async function identify(target: DiscordEmulator, shard: number): Promise<number> {
  const ws = new WebSocket(`${target.gatewayUrl}/?v=10&encoding=json`);
  try {
    return await new Promise<number>((resolve, reject) => {
      ws.on("error", reject);
      ws.on("message", (data: Buffer) => {
        const payload = JSON.parse(data.toString()) as { op: number };
        if (payload.op === 10) {
          ws.send(
            JSON.stringify({
              op: 2,
              d: { token: target.token, intents: 1, properties: {}, shard: [shard, 2] },
            }),
          );
        } else if (payload.op !== 11) {
          resolve(payload.op);
        }
      });
    });
  } finally {
    ws.close();
  }
}

describe("the emulator's login pacing", () => {
  it("answers a second login within 5 s with an invalid session (op 9), and lets the first through", async () => {
    emu = await startEmulator({ log: false, shards: 2, identifyWindowMs: 5_000 });
    expect(await identify(emu, 0)).toBe(0); // a dispatch: READY
    expect(await identify(emu, 1)).toBe(9);
    expect(emu.identifiesTooSoon.map((i) => i.shard)).toEqual([[1, 2]]);
  });

  it("with max_concurrency 2, shards 0 and 1 are in different buckets and log in together", async () => {
    emu = await startEmulator({ log: false, shards: 2, identifyWindowMs: 5_000, maxConcurrency: 2 });
    expect(await identify(emu, 0)).toBe(0);
    expect(await identify(emu, 1)).toBe(0);
    expect(emu.identifiesTooSoon).toEqual([]);
  });
});
