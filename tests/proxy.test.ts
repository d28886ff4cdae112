import { REST, Routes } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { memoryLogger } from "../src/app/log.js";
import { type ProxyHandle, startProxy } from "../src/proxy/server.js";
import { type DiscordEmulator, startEmulator } from "./emulator/index.js";

/** The REST proxy in front of the emulator, driven by discord.js's own REST client as each shard's is. */

let emu: DiscordEmulator | undefined;
let proxy: ProxyHandle | undefined;

afterEach(async () => {
  await proxy?.stop();
  await emu?.close();
  proxy = undefined;
  emu = undefined;
});

async function setUp() {
  emu = await startEmulator({ log: false });
  const logs = memoryLogger();
  proxy = await startProxy({ port: 0, host: "127.0.0.1", apiUrl: emu.apiUrl }, logs.logger);
  const client = new REST({ api: proxy.url }).setToken(emu.token);
  return { emu, client, logs };
}

describe("npm run proxy", () => {
  it("forwards requests with the caller's token and returns Discord's answers", async () => {
    const { emu: target, client } = await setUp();
    const gateway = (await client.get(Routes.gatewayBot())) as { url: string };
    expect(gateway.url).toBe(target.gatewayUrl);
    const sent = (await client.post(Routes.channelMessages(target.channelId), {
      body: { content: "through the proxy" },
    })) as { content: string };
    expect(sent.content).toBe("through the proxy");
    const wrong = new REST({ api: proxy?.url ?? "" }).setToken("not-the-token");
    await expect(wrong.get(Routes.gatewayBot())).rejects.toMatchObject({ status: 401 });
  });

  it("after a 429 it retries with the whole body, and logs the 429", async () => {
    const { emu: target, client, logs } = await setUp();
    target.failNext({
      path: "/channels/:id/messages",
      method: "POST",
      status: 429,
      retryAfter: 0.05,
      global: true,
    });
    const sent = (await client.post(Routes.channelMessages(target.channelId), {
      body: { content: "sent again after a 429" },
    })) as { content: string };
    expect(sent.content).toBe("sent again after a 429");
    const posts = target.requests.filter((r) => r.method === "POST" && r.route.endsWith("/messages"));
    expect(posts.map((r) => [r.status, (r.body as { content?: string } | null)?.content])).toEqual([
      [429, "sent again after a 429"],
      [200, "sent again after a 429"],
    ]);
    expect(logs.entries().filter((l) => l.status === 429)).toEqual([
      expect.objectContaining({
        global: true,
        method: "POST",
        msg: "Discord answered 429 Too Many Requests",
      }),
    ]);
  });

  it("logs invalid requests, says when a second bot token comes through, and answers /health", async () => {
    const { logs } = await setUp();
    const url = proxy?.url ?? "";
    await expect(
      new REST({ api: url }).setToken("a-wrong-token").get(Routes.gatewayBot()),
    ).rejects.toMatchObject({
      status: 401,
    });
    const lines = logs.entries();
    expect(lines.filter((l) => l.msg === "invalid request")).toEqual([
      expect.objectContaining({ status: 401, method: "GET" }),
    ]);
    await new REST({ api: url }).setToken(emu?.token ?? "").get(Routes.gatewayBot());
    expect(logs.entries().filter((l) => String(l.msg).includes("second bot token"))).toHaveLength(1);
    expect(JSON.stringify(logs.entries())).not.toContain(emu?.token ?? "?");
    const health = await fetch(url.replace(/\/api$/, "/health"));
    expect(health.status).toBe(200);
  });
});
