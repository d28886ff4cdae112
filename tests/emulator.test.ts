/**
 * Proves the Discord emulator (tests/emulator) against a bare, real discord.js Client: login, slash
 * commands (reply, defer + edit, follow-ups), autocomplete, buttons, messages + replies, resume after a
 * dropped connection, injected 429/500s, token/intent rejection and command registration.
 */
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  MessageFlags,
  Partials,
} from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { type DiscordEmulator, type EmulatorOptions, startEmulator } from "./emulator/index.js";

const TOKEN = "emulator-test-token";
const INTENTS =
  GatewayIntentBits.Guilds |
  GatewayIntentBits.GuildMessages |
  GatewayIntentBits.MessageContent |
  GatewayIntentBits.DirectMessages;

let emulators: DiscordEmulator[] = [];
let clients: Client[] = [];
let logLines: string[] = [];

afterEach(async () => {
  await Promise.all(clients.map((client) => client.destroy()));
  clients = [];
  await Promise.all(emulators.map((emu) => emu.close()));
  emulators = [];
  // Every REST call discord.js made in these tests must be one the emulator implements.
  const unhandled = logLines.filter((line) => line.includes("unhandled"));
  logLines = [];
  expect(unhandled).toEqual([]);
});

async function start(options: EmulatorOptions = {}): Promise<DiscordEmulator> {
  const emu = await startEmulator({ token: TOKEN, log: (line) => logLines.push(line), ...options });
  emulators.push(emu);
  return emu;
}

function newClient(emu: DiscordEmulator): Client {
  const client = new Client({ intents: INTENTS, partials: [Partials.Channel], rest: { api: emu.apiUrl } });
  clients.push(client);
  return client;
}

/** Emulator + a logged-in client that reached `clientReady`. */
async function connected(options: EmulatorOptions = {}): Promise<{ emu: DiscordEmulator; client: Client }> {
  const emu = await start(options);
  const client = newClient(emu);
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(emu.token);
  await ready;
  await emu.waitForReady(2000);
  return { emu, client };
}

/** Route interactions to a handler, surfacing handler errors in the test instead of swallowing them. */
function onInteraction(client: Client, handler: (interaction: Interaction) => Promise<unknown>): Error[] {
  const errors: Error[] = [];
  client.on(Events.InteractionCreate, (interaction) => {
    handler(interaction).catch((error: Error) => errors.push(error));
  });
  return errors;
}

describe("discord emulator with a real discord.js client", () => {
  it("logs in: GET /gateway/bot, IDENTIFY (intents recorded), READY + GUILD_CREATE populate the caches", async () => {
    const { emu, client } = await connected();

    expect(client.user?.id).toBe(emu.botUser.id);
    expect(client.user?.id).toBe(emu.applicationId);
    expect(client.application?.id).toBe(emu.applicationId);
    const guild = client.guilds.cache.get(emu.guildId);
    expect(guild?.name).toBe("Test Guild");
    expect(guild?.ownerId).toBe(emu.ownerUser.id);
    expect(guild?.roles.everyone.id).toBe(emu.guildId);
    expect(guild?.members.me?.id).toBe(emu.botUser.id);
    expect(client.channels.cache.get(emu.channelId)?.isTextBased()).toBe(true);

    expect(emu.identifies).toHaveLength(1);
    expect(emu.identifies[0]?.intents).toBe(INTENTS);
    expect(emu.identifies[0]?.shard).toEqual([0, 1]);
    expect(emu.connections).toBe(1);
    expect(emu.requests.map((r) => `${r.method} ${r.route}`)).toEqual(["GET /gateway/bot"]);
    expect(emu.requests[0]?.headers.authorization).toBeUndefined();
    expect(emu.requests[0]?.authenticated).toBe(true);
    expect(emu.unhandledRequests).toEqual([]);
  });

  it("slash command → interaction.reply; options (incl. subcommands) arrive typed", async () => {
    const { emu, client } = await connected();
    const errors = onInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const sub = interaction.options.getSubcommand(false);
      const text = interaction.options.getString("text", true);
      const times = interaction.options.getInteger("times") ?? 1;
      await interaction.reply({
        content: `${sub ?? "plain"}:${text.repeat(times)} by ${interaction.user.username}`,
      });
    });

    const r = await emu.sendCommand({ name: "echo", options: { text: "ab", times: 2 } });
    const callback = await r.response(2000);
    expect(callback.type).toBe(4);
    expect(callback.body).toMatchObject({ type: 4, data: { content: "plain:abab by tester" } });
    const final = await r.final(2000);
    expect(final.message.content).toBe("plain:abab by tester");
    expect(final.message.author.id).toBe(emu.botUser.id);
    expect(final.message.interaction_metadata?.id).toBe(r.id);
    expect(emu.channelMessages().map((m) => m.message.id)).toContain(final.message.id);

    const sub = await emu.sendCommand({ name: "echo", subcommand: "loud", options: { text: "x" } });
    expect((await sub.final(2000)).message.content).toBe("loud:x by tester");
    expect(errors).toEqual([]);
  });

  it("deferReply (ephemeral) then editReply; a follow-up after defer replaces the thinking message", async () => {
    const { emu, client } = await connected();
    const errors = onInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await new Promise((resolve) => setTimeout(resolve, 30));
      if (interaction.commandName === "slow") await interaction.editReply({ content: "done thinking" });
      else await interaction.followUp({ content: "first follow-up" });
    });

    const r = await emu.sendCommand({ name: "slow" });
    expect((await r.response(2000)).type).toBe(5);
    const final = await r.final(2000);
    expect(final.message.content).toBe("done thinking");
    expect(final.ephemeral).toBe(true);
    expect(final.edits).toBe(1);
    expect(final.message.flags).toBe(MessageFlags.Ephemeral);

    const f = await emu.sendCommand({ name: "followup" });
    const viaFollowUp = await f.final(2000);
    expect(viaFollowUp.message.content).toBe("first follow-up");
    expect(f.followUps()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("autocomplete → interaction.respond choices", async () => {
    const { emu, client } = await connected();
    const fruits = ["apple", "apricot", "banana", "cherry"];
    const errors = onInteraction(client, async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      const focused = interaction.options.getFocused(true);
      await interaction.respond(
        fruits.filter((f) => f.startsWith(focused.value)).map((f) => ({ name: f.toUpperCase(), value: f })),
      );
    });

    const r = await emu.sendAutocomplete({
      name: "fruit",
      options: { query: "ap", count: 1 },
      focused: "query",
    });
    expect(await r.choices(2000)).toEqual([
      { name: "APPLE", value: "apple" },
      { name: "APRICOT", value: "apricot" },
    ]);
    expect(errors).toEqual([]);
  });

  it("button click → interaction.update edits the message the button is on", async () => {
    const { emu, client } = await connected();
    const errors = onInteraction(client, async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId("page:2").setLabel("Next").setStyle(ButtonStyle.Primary),
        );
        await interaction.reply({ content: "page 1", components: [row] });
      } else if (interaction.isButton()) {
        await interaction.update({ content: `page ${interaction.customId.split(":")[1]}`, components: [] });
      }
    });

    const first = await (await emu.sendCommand({ name: "pages" })).final(2000);
    expect(first.message.components).toHaveLength(1);
    await expect(emu.clickButton({ message: first, customId: "nope" })).rejects.toThrow(/no component/);

    const click = await emu.clickButton({ message: first, customId: "page:2" });
    expect((await click.response(2000)).type).toBe(7);
    const updated = await click.final(2000);
    expect(updated.message.id).toBe(first.message.id);
    expect(updated.message.content).toBe("page 2");
    expect(updated.message.components).toEqual([]);
    expect(updated.message.edited_timestamp).not.toBeNull();
    expect(emu.message(first.message.id)?.edits).toBe(1);
    expect(errors).toEqual([]);
  });

  it("MESSAGE_CREATE → message.reply with allowedMentions, in a guild and in a DM", async () => {
    const { emu, client } = await connected();
    const seen: Message[] = [];
    client.on(Events.MessageCreate, (message) => {
      seen.push(message);
      if (message.author.bot || !message.content.startsWith("!echo")) return;
      void message.reply({
        content: `echo <@${message.author.id}>: ${message.content.slice(6)}`,
        allowedMentions: { parse: [], repliedUser: false },
      });
    });

    const sent = await emu.sendMessage({ content: "!echo hello" });
    const out = await emu.waitForChannelMessage(
      (m) => m.message_reference?.message_id === sent.message.id,
      2000,
    );
    expect(out.message.type).toBe(19);
    expect(out.message.content).toBe(`echo <@${emu.defaultUser.id}>: hello`);
    expect(out.message.referenced_message?.id).toBe(sent.message.id);
    expect(out.allowedMentions).toEqual({ parse: [], replied_user: false });
    expect(out.message.mentions).toEqual([]);
    // The bot's own message is echoed back over the gateway, like Discord does.
    await emu.waitFor(() => seen.find((m) => m.id === out.message.id), 2000, "the echoed bot message");

    const dm = await emu.sendMessage({ dm: true, content: "!echo private" });
    const dmReply = await emu.waitForChannelMessage(
      (m) => m.message_reference?.message_id === dm.message.id,
      2000,
    );
    expect(dmReply.channelId).toBe(dm.channelId);
    expect(dmReply.guildId).toBeNull();
    expect(seen.find((m) => m.id === dm.message.id)?.channel.isDMBased()).toBe(true);

    await emu.sendMessage({ content: "just chatting" });
    await emu.expectNoMessage(150);
  });

  it("resumes after a dropped connection and gets the events it missed and the next ones", async () => {
    const { emu, client } = await connected();
    const contents: string[] = [];
    client.on(Events.MessageCreate, (message) => {
      if (!message.author.bot) contents.push(message.content);
    });
    let resumed = 0;
    client.on(Events.ShardResume, () => {
      resumed += 1;
    });

    expect(emu.dropConnection(4000)).toBe(1);
    await emu.sendMessage({ content: "sent while disconnected" });
    const resume = await emu.waitForResume(5000);
    expect(resume.replayed).toBeGreaterThanOrEqual(1);
    await emu.sendMessage({ content: "sent after resume" });
    await emu.waitFor(() => contents.length === 2, 2000, "both messages at the client");

    expect(contents).toEqual(["sent while disconnected", "sent after resume"]);
    expect(resumed).toBe(1);
    expect(emu.identifies).toHaveLength(1);
    expect(client.isReady()).toBe(true);
  });

  it("op 7, a killed socket, a resumable op 9 and a server restart are all resumed without re-identifying", async () => {
    const { emu, client } = await connected();
    const contents: string[] = [];
    client.on(Events.MessageCreate, (message) => {
      if (!message.author.bot) contents.push(message.content);
    });
    const faults: [string, () => unknown][] = [
      ["op7", () => emu.requestReconnect()],
      ["terminate", () => emu.terminateConnection()],
      ["op9-resumable", () => emu.invalidateSession(true)],
      ["restart", () => emu.restart({ downtimeMs: 100 })],
    ];
    for (const [name, inject] of faults) {
      const resumesBefore = emu.resumes.length;
      await inject();
      await emu.sendMessage({ content: name });
      await emu.waitFor(
        () => emu.resumes.length > resumesBefore && emu.sessions === 1,
        3000,
        `resume after ${name}`,
      );
    }
    await emu.waitFor(() => contents.length === faults.length, 2000, "every message at the client");
    expect(contents).toEqual(faults.map(([name]) => name));
    expect(emu.identifies).toHaveLength(1);
    expect(emu.resumes.every((r) => r.replayed !== null)).toBe(true);

    // A DM slash command still works on the resumed session.
    onInteraction(client, async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply(`dm=${interaction.channel?.isDMBased()}`);
    });
    const dm = await emu.sendCommand({ name: "whereami", dm: true });
    const reply = await dm.final(2000);
    expect(reply.message.content).toBe("dm=true");
    expect(reply.guildId).toBeNull();
  });

  it("429 on the interaction callback: discord.js retries after retry-after and the reply arrives once", async () => {
    const { emu, client } = await connected();
    const errors = onInteraction(client, async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply({ content: "after rate limit" });
    });
    const fault = emu.failNext({
      method: "POST",
      path: "/interactions/:id/:token/callback",
      status: 429,
      retryAfter: 0.2,
    });

    const r = await emu.sendCommand({ name: "limited" });
    const final = await r.final(3000);
    expect(final.message.content).toBe("after rate limit");
    expect(fault.hits).toBe(1);
    const callbacks = emu.requests.filter((q) => q.route.startsWith(`/interactions/${r.id}/`));
    expect(callbacks.map((q) => q.status)).toEqual([429, 204]);
    expect(r.callbacks).toHaveLength(1);
    expect(emu.botMessages().filter((m) => m.interactionId === r.id)).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it("500 on POST /channels/:id/messages is retried; the message is created once", async () => {
    const { emu, client } = await connected();
    const channel = client.channels.cache.get(emu.channelId);
    if (!channel?.isSendable()) throw new Error("channel not sendable");
    emu.failNext({ path: "/channels/:id/messages", status: 500 });
    const sent = await channel.send("persisted");
    expect(sent.content).toBe("persisted");
    expect(emu.channelMessages().filter((m) => m.message.content === "persisted")).toHaveLength(1);
    expect(
      emu.requests
        .filter((q) => q.template === "/channels/:channelId/messages" || q.injected)
        .map((q) => q.status),
    ).toEqual([500, 200]);
  });

  it("rejects a wrong token: 401 on REST (TokenInvalid), 4004 on the gateway, 4014 for a disallowed intent", async () => {
    const emu = await start();
    const rest401 = await newClient(emu)
      .login("wrong-token")
      .catch((error: Error & { code?: string }) => error);
    expect(rest401).toMatchObject({ code: "TokenInvalid" });
    expect(emu.requests.at(-1)?.status).toBe(401);

    const gatewayOnly = await start({ checkRestToken: false });
    await expect(newClient(gatewayOnly).login("wrong-token")).rejects.toThrow("Authentication failed");
    expect(gatewayOnly.identifies.map((i) => i.rejectedWith)).toEqual([4004]);

    const noContent = await start({ messageContentAllowed: false });
    await expect(newClient(noContent).login(TOKEN)).rejects.toThrow("Used disallowed intents");
    expect(noContent.identifies.map((i) => i.rejectedWith)).toEqual([4014]);
  });

  it("bulk PUT of guild commands is stored (ids, version, application_id) and used for option types", async () => {
    const { emu, client } = await connected();
    const registered = await client.application?.commands.set(
      [
        {
          name: "ask",
          description: "Ask a question",
          options: [
            { name: "question", description: "What to ask", type: 3, required: true },
            { name: "limit", description: "How many answers", type: 4 },
          ],
        },
      ],
      emu.guildId,
    );
    const put = emu.requests.find((q) => q.method === "PUT");
    expect(put?.route).toBe(`/applications/${emu.applicationId}/guilds/${emu.guildId}/commands`);
    const stored = emu.commands(emu.guildId);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      name: "ask",
      application_id: emu.applicationId,
      guild_id: emu.guildId,
      type: 1,
    });
    expect(stored[0]?.version).toMatch(/^\d+$/);
    expect(registered?.first()?.id).toBe(stored[0]?.id);
    expect(emu.commands()).toEqual([]);

    // Invalid definitions are rejected like Discord does (400, 50035 Invalid Form Body).
    const invalid = await client.application?.commands
      .set([{ name: "Bad Name", description: "x" }])
      .catch((e) => e);
    expect(invalid).toBeInstanceOf(DiscordAPIError);
    expect((invalid as DiscordAPIError).code).toBe(50035);

    // The registered command's id and option types are used when the test sends it.
    let got: { id: string; limit: number | null } | undefined;
    onInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      got = { id: interaction.commandId, limit: interaction.options.getInteger("limit") };
      await interaction.reply("ok");
    });
    await (await emu.sendCommand({ name: "ask", options: { question: "q", limit: 3 } })).final(2000);
    expect(got).toEqual({ id: stored[0]?.id, limit: 3 });
  });

  it("answers like Discord for late acks and invalid payloads", async () => {
    const { emu, client } = await connected({ interactionAckTimeoutMs: 100 });
    const errors = onInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      if (interaction.commandName === "late") await new Promise((resolve) => setTimeout(resolve, 200));
      await interaction.reply({ content: interaction.commandName === "long" ? "x".repeat(2001) : "ok" });
    });

    const late = await emu.sendCommand({ name: "late" });
    await emu.waitFor(() => errors.length === 1, 2000, "the late reply to fail");
    expect(errors[0]).toMatchObject({ code: 10062 });
    expect(late.callbacks).toEqual([]);

    await emu.sendCommand({ name: "long" });
    await emu.waitFor(() => errors.length === 2, 2000, "the too-long reply to fail");
    expect(errors[1]).toMatchObject({ code: 50035, rawError: { errors: { data: { content: {} } } } });
  });
});
