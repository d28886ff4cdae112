import { Client, Events, GatewayIntentBits, Partials } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { type DiscordEmulator, startEmulator } from "./emulator/index.js";

/** The emulator routes like Discord for a sharded bot: guild events to the owning shard, DMs to shard 0. */

const INTENTS = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages;
const guildOnShard = (shard: 0 | 1) => String((210_000_000_000n + BigInt(shard)) << 22n);

let emu: DiscordEmulator | undefined;
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.destroy()));
  await emu?.close();
  emu = undefined;
});

describe("emulator: sharded sessions", () => {
  it("recommends `shards`, gives each shard its own guilds and routes guild events and DMs", async () => {
    emu = await startEmulator({
      log: false,
      shards: 2,
      guilds: [
        { id: guildOnShard(0), name: "Zero" },
        { id: guildOnShard(1), name: "One" },
      ],
    });
    const response = await fetch(`${emu.apiUrl}/v10/gateway/bot`, {
      headers: { authorization: `Bot ${emu.token}` },
    });
    expect(((await response.json()) as { shards: number }).shards).toBe(2);

    const seen: Record<number, string[]> = { 0: [], 1: [] };
    for (const shard of [0, 1] as const) {
      const client = new Client({
        intents: INTENTS,
        partials: [Partials.Channel],
        shards: [shard],
        shardCount: 2,
        rest: { api: emu.apiUrl },
      });
      clients.push(client);
      client.on(Events.InteractionCreate, (i) => {
        seen[shard]?.push(`interaction:${i.guildId ?? "dm"}`);
      });
      client.on(Events.MessageCreate, (m) => {
        seen[shard]?.push(`message:${m.guildId ?? "dm"}`);
      });
      await client.login(emu.token);
    }
    const identifies = await emu.waitForShards(2, 10_000);
    expect(identifies.map((i) => i.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(clients.map((c) => [...c.guilds.cache.keys()])).toEqual([[guildOnShard(0)], [guildOnShard(1)]]);

    await emu.sendCommand({ name: "ask", guildId: guildOnShard(1) });
    await emu.sendMessage({ guildId: guildOnShard(0), content: "hello" });
    await emu.sendMessage({ dm: true, content: "hi in a DM" });
    await emu.waitFor(() => (seen[0]?.length ?? 0) >= 2 && (seen[1]?.length ?? 0) >= 1, 5_000, "events");
    expect(seen).toEqual({
      0: [`message:${guildOnShard(0)}`, "message:dm"],
      1: [`interaction:${guildOnShard(1)}`],
    });
    expect(
      emu.sessionsThatGot("MESSAGE_CREATE", (d) => d.guild_id === undefined).map((s) => s.shard),
    ).toEqual([[0, 2]]);
  });
});
