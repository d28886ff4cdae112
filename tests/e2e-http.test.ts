import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { type APIEmbed, REST, Routes } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { memoryLogger } from "../src/app/log.js";
import { createDefaultEngine } from "../src/app/runtime.js";
import { commandsPayload } from "../src/discord/registration.js";
import { defineCommand, type ResolvedCommand } from "../src/framework/command.js";
import { loadCommands } from "../src/framework/load-commands.js";
import { type HttpEndpoint, startHttpEndpoint } from "../src/http/endpoint.js";
import { checkSignature, publicKeyFromHex } from "../src/http/verify.js";
import {
  type DiscordEmulator,
  type MessageRecord,
  signatureHeaders,
  startEmulator,
} from "./emulator/index.js";
import { expectChartDrawn } from "./fixtures/png.js";
import { spyEngine } from "./fixtures/spy-engine.js";

/** The HTTP interactions endpoint, in process, with Discord (the emulator) POSTing signed interactions. */

const STAKE_QUESTION = "what's alibaba's stake in singpost";

function keyPair(): { privateKey: KeyObject; publicKeyHex: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  // The raw 32-byte key is the tail of the SPKI DER, as the developer portal shows it (hex).
  const der = publicKey.export({ format: "der", type: "spki" });
  return { privateKey, publicKeyHex: der.subarray(der.length - 32).toString("hex") };
}

const app = keyPair();
const stranger = keyPair();
let emu: DiscordEmulator;
let endpoint: HttpEndpoint;
let logs: ReturnType<typeof memoryLogger>;
const spy = spyEngine(createDefaultEngine());
const engine = spy.engine;

/** A command that takes longer than the endpoint waits before deferring. */
const slow = defineCommand({
  data: { name: "slow", description: "Answers after a while" },
  options: z.object({}),
  async execute() {
    await new Promise((resolve) => setTimeout(resolve, 400));
    return { content: "done at last @everyone" };
  },
}) as ResolvedCommand;

beforeAll(async () => {
  emu = await startEmulator({ log: false });
  const commands = await loadCommands(engine.base);
  await new REST({ api: emu.apiUrl })
    .setToken(emu.token)
    .put(Routes.applicationCommands(emu.applicationId), { body: commandsPayload(commands.values()) });
  commands.set("slow", slow);
  logs = memoryLogger();
  endpoint = await startHttpEndpoint({ publicKey: app.publicKeyHex, port: 0, apiUrl: emu.apiUrl }, engine, {
    host: "127.0.0.1",
    log: logs.logger,
    deferAfterMs: 150,
    commands,
  });
  emu.useInteractionsEndpoint({ url: `${endpoint.url}/interactions`, privateKey: app.privateKey });
});

afterAll(async () => {
  await endpoint?.stop();
  await emu?.close();
});

function post(body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${endpoint.url}/interactions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

const ping = JSON.stringify({ id: "1", application_id: "2", type: 1, token: "t", version: 1 });

function buttons(record: MessageRecord): { custom_id: string; label?: string }[] {
  return (record.message.components ?? []).flatMap((row) =>
    "components" in row ? (row.components as { custom_id: string; label?: string }[]) : [],
  );
}

describe("signature verification", () => {
  it("passes Discord's URL check: a signed PING gets PONG, a forged one 401", async () => {
    expect(await emu.pingInteractionsEndpoint()).toEqual({ status: 200, body: { type: 1 } });
    expect(await emu.verifyInteractionsEndpoint()).toEqual({ ok: true, problems: [] });
  });

  it("refuses a wrong key, an altered body, missing headers and stale or future timestamps with 401", async () => {
    const now = Math.floor(Date.now() / 1000);
    const refusedBefore = logs.entries().filter((e) => e.msg === "refused an unsigned interaction").length;
    const cases: [string, string, Record<string, string>][] = [
      ["wrong key", ping, signatureHeaders(stranger.privateKey, ping)],
      ["altered body", ping.replace('"t"', '"u"'), signatureHeaders(app.privateKey, ping)],
      ["no headers", ping, {}],
      [
        "no signature",
        ping,
        { "x-signature-timestamp": signatureHeaders(app.privateKey, ping)["x-signature-timestamp"] ?? "" },
      ],
      [
        "no timestamp",
        ping,
        { "x-signature-ed25519": signatureHeaders(app.privateKey, ping)["x-signature-ed25519"] ?? "" },
      ],
      ["6 minutes old", ping, signatureHeaders(app.privateKey, ping, now - 360)],
      ["6 minutes ahead", ping, signatureHeaders(app.privateKey, ping, now + 360)],
      ["not hex", ping, { "x-signature-ed25519": "zz".repeat(64), "x-signature-timestamp": String(now) }],
    ];
    for (const [what, body, headers] of cases) {
      const response = await post(body, headers);
      expect(response.status, what).toBe(401);
    }
    // Signed 4 minutes ago: still fine.
    expect((await post(ping, signatureHeaders(app.privateKey, ping, now - 240))).status).toBe(200);
    const refused = logs.entries().filter((e) => e.msg === "refused an unsigned interaction").length;
    expect(refused - refusedBefore).toBe(cases.length);
  });

  it("checkSignature agrees with node:crypto on a raw key built from the SPKI prefix", () => {
    const key = publicKeyFromHex(app.publicKeyHex);
    const body = new TextEncoder().encode(ping);
    const headers = signatureHeaders(app.privateKey, ping);
    const signed = { signature: headers["x-signature-ed25519"], timestamp: headers["x-signature-timestamp"] };
    expect(checkSignature(key, signed, body)).toEqual({ ok: true });
    expect(checkSignature(key, signed, body, Date.now() + 301_000)).toEqual({
      ok: false,
      reason: "stale timestamp",
    });
    expect(() => publicKeyFromHex("abc")).toThrow(/64 hex/);
  });

  it("refuses a body over 100 kB with 413, unread", async () => {
    const big = JSON.stringify({ type: 1, padding: "x".repeat(101 * 1024) });
    const response = await post(big, signatureHeaders(app.privateKey, big));
    expect(response.status).toBe(413);
  });

  it("answers a signed but malformed or unsupported interaction with 400", async () => {
    for (const body of ["not json", JSON.stringify({ type: 5, id: "1" })]) {
      expect((await post(body, signatureHeaders(app.privateKey, body))).status).toBe(400);
    }
  });

  it("GET /health is 200; other paths 404; GET /interactions 405", async () => {
    const health = await fetch(`${endpoint.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", facts: engine.base.facts.length });
    expect((await fetch(`${endpoint.url}/nope`)).status).toBe(404);
    expect((await fetch(`${endpoint.url}/interactions`)).status).toBe(405);
  });
});

describe("the same commands over HTTP", () => {
  it("/ask answers in the HTTP response (type 4), with an embed, a Source button and no pings", async () => {
    const handle = await emu.sendCommand({ name: "ask", options: { question: STAKE_QUESTION } });
    expect((await handle.response()).type).toBe(4);
    const reply = await handle.final();
    expect(reply.message.embeds[0]?.description).toContain("**14.4%**");
    expect(buttons(reply).map((b) => b.custom_id)).toContain("source:singpost-stake");
    expect(reply.ephemeral).toBe(false);
    expect(reply.allowedMentions).toEqual({ parse: [] });
    expect(emu.endpointDeliveries.find((d) => d.interactionId === handle.id)?.status).toBe(200);
    const line = logs.entries().find((e) => e.interactionId === handle.id);
    expect(line).toMatchObject({ via: "http", command: "ask", factId: "singpost-stake", outcome: "answer" });
  });

  it("keeps no conversation: a follow-up is read alone, and /help says follow-ups need the gateway bot", async () => {
    await (await emu.sendCommand({ name: "ask", options: { question: STAKE_QUESTION } })).final();
    await (await emu.sendCommand({ name: "ask", options: { question: "and before that?" } })).final();
    expect(spy.calls.findLast((c) => c.question === "and before that?")?.previous).toEqual([]);
    const help = await (await emu.sendCommand({ name: "help" })).final();
    expect(help.message.embeds[0]?.description).toContain(
      'keeps no conversation: follow-ups ("and before that?") need the gateway bot',
    );
  });

  it("/ask with hide is ephemeral (flag 64); with mention pings only that user", async () => {
    const hidden = await emu.sendCommand({ name: "ask", options: { question: STAKE_QUESTION, hide: true } });
    expect((await hidden.response()).body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect((await hidden.final()).ephemeral).toBe(true);

    const other = emu.createUser({ username: "pointed" });
    const pointed = await (
      await emu.sendCommand({ name: "ask", options: { question: STAKE_QUESTION, mention: other.id } })
    ).final();
    expect(pointed.message.content).toBe(`<@${other.id}>`);
    expect(pointed.allowedMentions).toEqual({ parse: [], users: [other.id] });
  });

  it("@everyone in the question: allowed_mentions parse is empty and nothing renders as a mention", async () => {
    const handle = await emu.sendCommand({
      name: "ask",
      options: { question: `@everyone @here <@&${emu.guildId}> ${STAKE_QUESTION}` },
    });
    const reply = await handle.final();
    expect(reply.allowedMentions).toEqual({ parse: [] });
    expect(reply.message.mention_everyone).toBe(false);
    expect(reply.message.mentions).toEqual([]);
    expect(reply.message.mention_roles).toEqual([]);
    expect(JSON.stringify(reply.message)).not.toMatch(/@everyone|@here|<@&\d/);
  });

  it("autocomplete answers type 8 with choices", async () => {
    const auto = await emu.sendAutocomplete({ name: "fact", options: { topic: "singp" }, focused: "topic" });
    expect((await auto.response()).type).toBe(8);
    const choices = await auto.choices();
    expect(choices.map((c) => c.value)).toContain("singpost-stake");
    expect(choices.length).toBeLessThanOrEqual(25);
  });

  it("buttons: Source answers privately (type 4, flag 64); topic paging updates in place (type 7)", async () => {
    const fact = await (
      await emu.sendCommand({ name: "fact", options: { topic: "singpost-stake" } })
    ).final();
    const click = await emu.clickButton({ message: fact, customId: "source:singpost-stake" });
    expect((await click.response()).body).toMatchObject({ type: 4, data: { flags: 64 } });
    const source = await click.final();
    expect(source.ephemeral).toBe(true);
    expect(source.message.embeds[0]?.description).toContain("14.4 percent");

    const first = await (await emu.sendCommand({ name: "topics" })).final();
    const page = await emu.clickButton({ message: first, customId: "topics:all:1" });
    expect((await page.response()).type).toBe(7);
    const second = await page.final();
    expect(second.message.id).toBe(first.message.id);
    expect(second.message.embeds[0]?.footer?.text).toMatch(/^Page 2\//);

    const forged = await emu.clickButton({
      message: first,
      customId: "admin:delete-everything",
      force: true,
    });
    const note = await forged.final();
    expect(note.ephemeral).toBe(true);
    expect(note.message.content).toMatch(/out of date/);
  });

  it("a chart: the answer in the response (type 4), the PNG attached by an edit of @original right after", async () => {
    // Drawn once (possibly deferred while the renderer loads), so the next /fact has it at once.
    await (await emu.sendCommand({ name: "fact", options: { topic: "singpost-stake" } })).final(10_000);
    const handle = await emu.sendCommand({ name: "fact", options: { topic: "singpost-stake" } });
    const response = (await handle.response()).body as { type: number; data: { embeds: APIEmbed[] } };
    expect(response.type).toBe(4);
    expect(response.data.embeds[0]?.description).toContain("**14.4%**");
    expect(response.data.embeds[0]?.image).toBeUndefined();
    const edited = await emu.waitFor(() => {
      const original = handle.original();
      return original && original.message.attachments.length > 0 && original;
    }, 10_000);
    const [attachment] = edited.message.attachments;
    expect(attachment?.filename).toBe("chart.png");
    expect(edited.message.embeds[0]?.image?.url).toBe(attachment?.url);
    expect(edited.message.embeds[0]?.description).toContain("**14.4%**");
    expectChartDrawn(emu.attachmentData(attachment?.id ?? "") ?? new Uint8Array());
  });

  it("a slow handler is deferred (type 5), then @original is edited over REST", async () => {
    const handle = await emu.sendCommand({ name: "slow" });
    expect((await handle.response()).type).toBe(5);
    const reply = await handle.final(5_000);
    expect(reply.message.content).toBe("done at last @\u200beveryone");
    expect(reply.allowedMentions).toEqual({ parse: [] });
    const patch = await emu.waitForRequest({
      method: "PATCH",
      path: /^\/webhooks\/\d+\/[^/]+\/messages\/(@|%40)original$/,
    });
    expect(patch.status).toBe(200);
  });
});
