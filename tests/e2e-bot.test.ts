import type { APIMessage } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENERAL, LISTEN, type Rig, startRig } from "./e2e-rig.js";
import type { MessageRecord } from "./emulator/index.js";

/** The end-to-end path: real discord.js over real sockets to the emulator, the real fact base and engine. */

const STAKE_QUESTION = "what's alibaba's stake in singpost";
let rig: Rig;

beforeAll(async () => {
  rig = await startRig();
});

afterAll(async () => {
  await rig?.stop();
});

function buttons(message: APIMessage): { custom_id: string; label?: string; disabled?: boolean }[] {
  return (message.components ?? []).flatMap((row) =>
    "components" in row
      ? (row.components as { custom_id: string; label?: string; disabled?: boolean }[])
      : [],
  );
}

const text = (record: MessageRecord) =>
  JSON.stringify({ content: record.message.content, embeds: record.message.embeds });

function repliesTo(messageId: string) {
  return (message: APIMessage) => message.message_reference?.message_id === messageId;
}

describe("slash commands", () => {
  it("/ask answers with an embed, a Source button and no pings", async () => {
    const handle = await rig.emu.sendCommand({ name: "ask", options: { question: STAKE_QUESTION } });
    const reply = await handle.final();
    expect(reply.message.embeds[0]?.description).toContain("**14.4%**");
    expect(reply.message.embeds[0]?.footer?.text).toContain("January 2017");
    expect(buttons(reply.message).map((b) => b.custom_id)).toContain("source:singpost-stake");
    expect(reply.ephemeral).toBe(false);
    expect(reply.allowedMentions).toEqual({ parse: [] });
  });

  it("/ask with hide is ephemeral; with mention pings only that user", async () => {
    const hidden = await (
      await rig.emu.sendCommand({ name: "ask", options: { question: STAKE_QUESTION, hide: true } })
    ).final();
    expect(hidden.ephemeral).toBe(true);

    const other = rig.emu.createUser({ username: "pointed" });
    const pointed = await (
      await rig.emu.sendCommand({ name: "ask", options: { question: STAKE_QUESTION, mention: other.id } })
    ).final();
    expect(pointed.message.content).toBe(`<@${other.id}>`);
    expect(pointed.allowedMentions).toEqual({ parse: [], users: [other.id] });
  });

  it("/fact autocompletes fact ids by title, then answers the picked one", async () => {
    const auto = await rig.emu.sendAutocomplete({
      name: "fact",
      options: { topic: "singp" },
      focused: "topic",
    });
    const choices = await auto.choices();
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.map((c) => c.value)).toContain("singpost-stake");
    for (const choice of choices) expect(choice.name.length).toBeLessThanOrEqual(100);

    const reply = await (
      await rig.emu.sendCommand({ name: "fact", options: { topic: "singpost-stake" } })
    ).final();
    const fields = reply.message.embeds[0]?.fields?.map((f) => `${f.name} ${f.value}`);
    expect(fields).toEqual(["After **14.4%**", "Before **10.23%**"]);
  });

  it("a Did you mean button answers the fact it carries, privately", async () => {
    // A fragment the engine cannot answer outright: /fact offers what autocomplete would have.
    const suggest = await (await rig.emu.sendCommand({ name: "fact", options: { topic: "sing" } })).final();
    const factButtons = buttons(suggest.message).filter((b) => b.custom_id.startsWith("fact:"));
    expect(factButtons.length).toBeGreaterThan(0);
    const picked = factButtons[0];
    if (!picked) throw new Error("no suggestion");
    const factId = picked.custom_id.slice("fact:".length);

    const click = await rig.emu.clickButton({ message: suggest, customId: picked.custom_id });
    const answer = await click.final();
    expect(answer.ephemeral).toBe(true);
    expect(answer.message.embeds[0]?.title).toBe(rig.engine.fact(factId)?.title);
  });

  it("the Source button shows the quote, privately", async () => {
    const reply = await (
      await rig.emu.sendCommand({ name: "fact", options: { topic: "singpost-stake" } })
    ).final();
    const click = await rig.emu.clickButton({ message: reply, customId: "source:singpost-stake" });
    const source = await click.final();
    expect(source.ephemeral).toBe(true);
    expect(source.message.embeds[0]?.description).toContain("14.4 percent");
  });

  it("a forged or stale button gets a polite ephemeral note", async () => {
    const reply = await (await rig.emu.sendCommand({ name: "fact", options: { topic: "taobao" } })).final();
    for (const customId of ["fact:no-such-fact", "topics:all:99", "admin:delete-everything"]) {
      const click = await rig.emu.clickButton({ message: reply, customId, force: true });
      const note = await click.final();
      expect(note.ephemeral).toBe(true);
      expect(note.message.content).toMatch(/out of date/);
    }
  });

  it("/source quotes the edition with its title, publisher and date", async () => {
    const reply = await (
      await rig.emu.sendCommand({ name: "source", options: { topic: "singpost-stake" } })
    ).final();
    const all = text(reply);
    expect(all).toContain("14.4 percent");
    expect(all).toContain("Alibaba Tracker");
    expect(all).toContain("PYMNTS.com");
    expect(all).toContain("January 2017");
  });

  it("/topics pages with Next and Prev, editing the message in place", async () => {
    const first = await (await rig.emu.sendCommand({ name: "topics" })).final();
    expect(first.message.embeds[0]?.footer?.text).toMatch(/^Page 1\/\d/);
    const next = buttons(first.message).find((b) => b.label?.startsWith("Next"));
    expect(next?.custom_id).toBe("topics:all:1");

    const click = await rig.emu.clickButton({ message: first, customId: "topics:all:1" });
    expect((await click.response()).type).toBe(7);
    const second = await click.final();
    expect(second.message.id).toBe(first.message.id);
    expect(second.message.embeds[0]?.footer?.text).toMatch(/^Page 2\//);
    expect(buttons(second.message).find((b) => b.label?.includes("Prev"))?.disabled).toBe(false);

    const filtered = await (
      await rig.emu.sendCommand({ name: "topics", options: { category: "singpost-logistics" } })
    ).final();
    expect(filtered.message.embeds[0]?.description).toContain("`singpost-stake`");
  });

  it("/help is ephemeral and lists the commands", async () => {
    const reply = await (await rig.emu.sendCommand({ name: "help" })).final();
    expect(reply.ephemeral).toBe(true);
    for (const name of ["/ask", "/fact", "/topics", "/source", "/help"]) expect(text(reply)).toContain(name);
  });
});

describe("free-text questions", () => {
  it("answers a mention with a reply that pings nobody", async () => {
    const question = await rig.emu.sendMessage({
      channelId: GENERAL,
      content: `<@${rig.botId}> ${STAKE_QUESTION}`,
    });
    const reply = await rig.emu.waitForChannelMessage(repliesTo(question.message.id));
    expect(reply.message.embeds[0]?.description).toContain("14.4%");
    expect(buttons(reply.message).map((b) => b.custom_id)).toContain("source:singpost-stake");
    expect(reply.allowedMentions).toEqual({ parse: [], replied_user: false });
  });

  it("a question carrying @everyone, a role and a user mention pings nobody", async () => {
    const role = rig.emu.guilds()[0]?.botRoleId ?? "400000000000000000";
    const victim = rig.emu.createUser({ username: "victim" });
    const question = await rig.emu.sendMessage({
      channelId: GENERAL,
      content: `<@${rig.botId}> @everyone @here <@&${role}> <@${victim.id}> ${STAKE_QUESTION}`,
    });
    const reply = await rig.emu.waitForChannelMessage(repliesTo(question.message.id));
    expect(reply.allowedMentions).toEqual({ parse: [], replied_user: false });
    expect(reply.message.mention_everyone).toBe(false);
    expect(reply.message.mentions).toEqual([]);
    expect(reply.message.mention_roles).toEqual([]);
    expect(text(reply)).not.toMatch(/@everyone|@here|<@[!&]?\d/);
  });

  it("a gibberish mention still gets an answer (the engine's words), never a live mention", async () => {
    const question = await rig.emu.sendMessage({ channelId: GENERAL, content: `<@${rig.botId}> @everyone` });
    const reply = await rig.emu.waitForChannelMessage(repliesTo(question.message.id));
    expect(text(reply)).not.toMatch(/@everyone/);
    expect(reply.allowedMentions).toEqual({ parse: [], replied_user: false });
  });

  it("ignores bots, even when they mention it", async () => {
    await rig.emu.sendMessage({
      channelId: GENERAL,
      bot: true,
      content: `<@${rig.botId}> ${STAKE_QUESTION}`,
    });
    await rig.emu.expectNoMessage(800);
  });

  it("ignores questions in other channels that do not mention it", async () => {
    await rig.emu.sendMessage({ channelId: GENERAL, content: STAKE_QUESTION });
    await rig.emu.expectNoMessage(800);
  });

  it("answers a DM", async () => {
    const dm = await rig.emu.sendMessage({ dm: true, content: "what is taobao?" });
    const reply = await rig.emu.waitForChannelMessage(repliesTo(dm.message.id));
    expect(reply.message.embeds[0]?.title).toBe(rig.engine.fact("taobao")?.title);
    expect(reply.allowedMentions).toEqual({ parse: [], replied_user: false });
  });

  it("answers a reply to one of its answers", async () => {
    const answer = await rig.emu.waitForChannelMessage((m) => m.channel_id === GENERAL);
    const followUp = await rig.emu.sendMessage({
      channelId: GENERAL,
      content: "what is singpost",
      referencedMessage: answer,
    });
    const reply = await rig.emu.waitForChannelMessage(repliesTo(followUp.message.id));
    expect(reply.allowedMentions).toEqual({ parse: [], replied_user: false });
    expect(reply.message.embeds[0]?.title).toBe(rig.engine.fact("singpost")?.title);
  });

  it("in a listen channel answers confident questions once, and is silent on chatter", async () => {
    const question = await rig.emu.sendMessage({ channelId: LISTEN, content: STAKE_QUESTION });
    const reply = await rig.emu.waitForChannelMessage(repliesTo(question.message.id));
    expect(reply.message.embeds[0]?.description).toContain("14.4%");

    await rig.emu.sendMessage({ channelId: LISTEN, content: "anyone up for lunch?" });
    await rig.emu.sendMessage({ channelId: LISTEN, content: "hello everyone" });
    // The same fact again soon after: already answered in this channel.
    await rig.emu.sendMessage({ channelId: LISTEN, content: "what is alibaba's stake in singpost?" });
    await rig.emu.expectNoMessage(1000);
  });
});

describe("gateway", () => {
  it("answers the next question after a dropped connection", async () => {
    const resumes = rig.emu.resumes.length;
    rig.emu.dropConnection(4000);
    await rig.emu.waitFor(
      () => rig.emu.resumes.length > resumes || rig.emu.identifies.length > 1,
      10_000,
      "reconnect",
    );
    const question = await rig.emu.sendMessage({
      channelId: GENERAL,
      content: `<@${rig.botId}> what is taobao`,
    });
    const reply = await rig.emu.waitForChannelMessage(repliesTo(question.message.id), 10_000);
    expect(reply.message.embeds[0]?.title).toBe(rig.engine.fact("taobao")?.title);
  });

  it("logged in with the free-text intents and a presence telling how to ask", () => {
    const identify = rig.emu.identifies[0];
    const MESSAGE_CONTENT = 1 << 15;
    const GUILD_MESSAGES = 1 << 9;
    const DIRECT_MESSAGES = 1 << 12;
    expect((identify?.intents ?? 0) & (MESSAGE_CONTENT | GUILD_MESSAGES | DIRECT_MESSAGES)).toBe(
      MESSAGE_CONTENT | GUILD_MESSAGES | DIRECT_MESSAGES,
    );
    expect(JSON.stringify(identify?.presence)).toContain("/ask or @mention me");
  });
});

describe("cooldown", () => {
  let limited: Rig;
  beforeAll(async () => {
    limited = await startRig({ userLimit: 2 });
  });
  afterAll(async () => {
    await limited?.stop();
  });

  it("answers a flood up to the limit, then reacts ⏳ once instead of replying", async () => {
    const asks = [];
    for (let i = 0; i < 4; i++) {
      asks.push(
        await limited.emu.sendMessage({ channelId: GENERAL, content: `<@${limited.botId}> what is taobao` }),
      );
    }
    await limited.emu.waitFor(
      () => limited.emu.channelMessages(GENERAL).filter((m) => m.source === "channel").length >= 2,
      5000,
      "two answers",
    );
    await limited.emu.waitFor(
      () => limited.emu.requests.some((r) => r.method === "PUT" && r.route.includes("/reactions/")),
      5000,
      "a reaction",
    );
    await limited.emu.expectNoMessage(800);
    const reactions = limited.emu.requests.filter(
      (r) => r.method === "PUT" && r.route.includes("/reactions/"),
    );
    expect(reactions).toHaveLength(1);
    expect(decodeURIComponent(reactions[0]?.route ?? "")).toContain("⏳");
    expect(limited.emu.botMessages().filter((m) => m.source === "channel")).toHaveLength(2);
    expect(asks).toHaveLength(4);
  });
});

describe("shutdown", () => {
  it("stop() finishes a reply in flight, then disconnects", async () => {
    const own = await startRig();
    try {
      own.emu.failNext({ method: "POST", path: "/channels/:id/messages", delayMs: 700 });
      const question = await own.emu.sendMessage({
        channelId: GENERAL,
        content: `<@${own.botId}> what is taobao`,
      });
      await own.emu.waitFor(
        () => own.emu.requests.some((r) => r.route.endsWith("/messages") && r.method === "POST") || undefined,
      );
      await own.bot.stop();
      expect(
        own.emu.botMessages().some((m) => m.message.message_reference?.message_id === question.message.id),
      ).toBe(true);
      await own.emu.waitFor(() => own.emu.connections === 0 || undefined, 3000, "the socket closed");
    } finally {
      await own.emu.close();
    }
  });
});
