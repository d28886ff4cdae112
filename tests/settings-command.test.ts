import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDefaultEngine } from "../src/app/runtime.js";
import type { Engine } from "../src/engine/types.js";
import type { CommandRequest, ResolvedCommand } from "../src/framework/command.js";
import { loadCommands } from "../src/framework/load-commands.js";
import { canManageServer } from "../src/framework/permissions.js";
import { MemoryGuildStore } from "../src/store/memory.js";
import { BUILT_IN_DEFAULTS } from "../src/store/settings.js";
import { testPipeline } from "./fixtures/pipeline.js";

/** /settings, /unanswered and the recording of declined questions, transport-free, on an in-memory store. */

const GUILD = "100000000000000001";
const OTHER_GUILD = "100000000000000002";
const CHANNEL = "200000000000000001";
const DEFAULT_CHANNEL = "200000000000000009";
const USER = "300000000000000001";
const MANAGER = "32";
const PLAIN_MEMBER = ((1n << 10n) | (1n << 11n)).toString();

let engine: Engine;
let commands: Map<string, ResolvedCommand>;
let store: MemoryGuildStore;
let harness: ReturnType<typeof testPipeline>;

beforeAll(async () => {
  engine = createDefaultEngine();
  commands = await loadCommands(engine.base);
});

beforeEach(() => {
  store = new MemoryGuildStore();
  harness = testPipeline(engine, commands, {
    store,
    settingsDefaults: { ...BUILT_IN_DEFAULTS, listenChannelIds: [DEFAULT_CHANNEL] },
  });
});

async function run(
  name: string,
  more: Partial<CommandRequest> & { path?: string } = {},
): Promise<{ content: string; embeds: string; ephemeral: boolean }> {
  const [group, sub] = (more.path ?? "").includes(" ")
    ? (more.path ?? "").split(" ")
    : [undefined, more.path];
  const { path: _path, options = {}, ...actor } = more;
  const reply = await harness.run(name, options, {
    userId: USER,
    guildId: GUILD,
    memberPermissions: MANAGER,
    ...(group && { subcommandGroup: group }),
    ...(sub && { subcommand: sub }),
    ...actor,
  });
  return { content: reply.content ?? "", embeds: JSON.stringify(reply.embeds), ephemeral: reply.ephemeral };
}

/** A button click, as Discord sends it, through the same pipeline. */
const handleComponent = (click: {
  customId: string;
  userId: string;
  guildId: string;
  memberPermissions: string;
}) => harness.click(click.customId, click);

describe("who may", () => {
  it("Manage Server or Administrator, in a server only", () => {
    expect(canManageServer({ guildId: GUILD, memberPermissions: MANAGER })).toBe(true);
    expect(canManageServer({ guildId: GUILD, memberPermissions: (1n << 3n).toString() })).toBe(true);
    expect(canManageServer({ guildId: GUILD, memberPermissions: PLAIN_MEMBER })).toBe(false);
    expect(canManageServer({ guildId: GUILD, memberPermissions: null })).toBe(false);
    expect(canManageServer({ guildId: GUILD })).toBe(false);
    expect(canManageServer({ guildId: GUILD, memberPermissions: "32; DROP TABLE" })).toBe(false);
    expect(canManageServer({ guildId: null, memberPermissions: MANAGER })).toBe(false);
  });

  it("a plain member changes nothing", async () => {
    const reply = await run("settings", {
      path: "confidence",
      options: { value: 0.5 },
      memberPermissions: PLAIN_MEMBER,
    });
    expect(reply).toMatchObject({ ephemeral: true, content: expect.stringMatching(/Manage Server/) });
    expect((await store.getSettings(GUILD)).confidence).toBeNull();
  });
});

describe("/settings", () => {
  it("starts a server's listen list from its default, and can empty it on purpose", async () => {
    expect((await run("settings", { path: "listen list" })).content).toBe(
      `Listen channels: <#${DEFAULT_CHANNEL}> (default).`,
    );
    await run("settings", { path: "listen add", options: { channel: CHANNEL } });
    expect((await store.getSettings(GUILD)).listenChannelIds).toEqual([DEFAULT_CHANNEL, CHANNEL]);
    expect((await run("settings", { path: "listen add", options: { channel: CHANNEL } })).content).toBe(
      `I already listen in <#${CHANNEL}>.`,
    );
    await run("settings", { path: "listen remove", options: { channel: CHANNEL } });
    const removed = await run("settings", { path: "listen remove", options: { channel: DEFAULT_CHANNEL } });
    expect(removed.content).toBe(`I no longer listen in <#${DEFAULT_CHANNEL}>. Listen channels: none.`);
    expect((await store.getSettings(GUILD)).listenChannelIds).toEqual([]);
    expect((await store.getSettings(OTHER_GUILD)).listenChannelIds).toBeNull();
  });

  it("refuses a 26th listen channel", async () => {
    const ids = Array.from({ length: 25 }, (_, i) => `2000000000000001${String(i).padStart(2, "0")}`);
    await store.updateSettings(GUILD, { listenChannelIds: ids });
    const reply = await run("settings", { path: "listen add", options: { channel: CHANNEL } });
    expect(reply.content).toMatch(/at most 25 listen channels/);
  });

  it("checks forged values the client would have refused", async () => {
    for (const [path, options] of [
      ["confidence", { value: 2 }],
      ["confidence", { value: 0.2 }],
      ["cooldown", { seconds: -1 }],
      ["cooldown", { seconds: 1.5 }],
      ["mode", { value: "always" }],
      ["listen add", { channel: "general" }],
      ["record-unanswered", { enabled: "yes" }],
      ["follow-ups", { seconds: 3601 }],
      ["follow-ups", { seconds: -5 }],
      ["follow-ups", { seconds: 2.5 }],
    ] as const) {
      const reply = await run("settings", { path, options });
      expect(reply.content, path).toMatch(/^That setting isn't valid/);
    }
    expect(await store.getSettings(GUILD)).toEqual(await store.getSettings(OTHER_GUILD));
    expect((await run("settings", { path: "nonsense" })).content).toBe("Try `/settings show`.");
  });

  it("says when listen channels are unused in mentions mode, and reset goes back to the defaults", async () => {
    await run("settings", { path: "mode", options: { value: "mentions" } });
    const added = await run("settings", { path: "listen add", options: { channel: CHANNEL } });
    expect(added.content).toMatch(/mode is `mentions`/);
    const show = await run("settings", { path: "show" });
    expect(show.embeds).toContain("(unused in `mentions` mode)");
    const reset = await run("settings", { path: "reset" });
    expect(reset.content).toBe("Back to the defaults.");
    expect(await store.getSettings(GUILD)).toEqual(await store.getSettings(OTHER_GUILD));
  });

  it("follow-ups: a window in seconds, 0 = off, shown with the others and reset to the default", async () => {
    const show = async () => JSON.parse((await run("settings", { path: "show" })).embeds)[0].fields;
    const followUps = async () =>
      (await show()).find((f: { name: string }) => f.name === "Follow-ups")?.value as string;
    expect(await followUps()).toBe(
      "a member's next question within 300 s in the same channel (or a reply to one of my answers) follows up on their earlier ones _(default)_",
    );

    const set = await run("settings", { path: "follow-ups", options: { seconds: 60 } });
    expect(set).toMatchObject({ ephemeral: true, content: expect.stringMatching(/within 60 s/) });
    expect((await store.getSettings(GUILD)).followUpSeconds).toBe(60);
    expect(await followUps()).toMatch(/^a member's next question within 60 s .*ones$/);

    const off = await run("settings", { path: "follow-ups", options: { seconds: 0 } });
    expect(off.content).toBe(
      "Follow-ups: off — every question is read alone, replies to my answers included.",
    );
    expect(await followUps()).toMatch(/^off/);
    expect((await store.getSettings(OTHER_GUILD)).followUpSeconds).toBeNull();

    await run("settings", { path: "reset" });
    expect((await store.getSettings(GUILD)).followUpSeconds).toBeNull();
    expect(await followUps()).toMatch(/within 300 s .*_\(default\)_$/);
  });

  it("without a store says so instead of failing", async () => {
    harness = testPipeline(engine, commands, {
      settingsDefaults: { ...BUILT_IN_DEFAULTS, listenChannelIds: [DEFAULT_CHANNEL] },
    });
    expect((await run("settings", { path: "show" })).content).toBe("Server settings aren't available here.");
  });
});

describe("recording declined questions", () => {
  it("/ask and free-typed /fact record declines and suggestions, not answers nor picked facts", async () => {
    await run("ask", { options: { question: "What is the weather on Mars?" } });
    await run("ask", { options: { question: "what's alibaba's stake in singpost" } });
    await run("fact", { options: { topic: "who is jack ma's favourite cat" } });
    await run("fact", { options: { topic: "singpost-stake" } });
    await run("fact", { options: { topic: "singpost-stakes-gone" } }); // a stale pick, not a question
    await run("ask", { options: { question: "what is the weather on mars" }, guildId: null });
    const rows = await store.listUnanswered("all");
    expect(rows.map((r) => [r.guildId, r.question, r.count]).sort()).toEqual(
      [
        [GUILD, "what is the weather on mars", 1],
        [GUILD, "who is jack ma's favourite cat", 1],
        [null, "what is the weather on mars", 1],
      ].sort(),
    );
  });

  it("a server that turned recording off records nothing", async () => {
    await run("settings", { path: "record-unanswered", options: { enabled: false } });
    await run("ask", { options: { question: "what is the weather on mars" } });
    expect(await store.listUnanswered(GUILD)).toEqual([]);
    const page = await run("unanswered");
    expect(page.embeds).toContain("Recording is **off** for this server");
  });

  it("/unanswered paging is for managers of the clicker's own server", async () => {
    for (let i = 0; i < 11; i++) await store.recordUnanswered(GUILD, `unknowable question number ${i}`);
    const next = await handleComponent({
      customId: "unanswered:1",
      userId: USER,
      guildId: GUILD,
      memberPermissions: MANAGER,
    });
    expect(next.kind).toBe("update");
    expect(JSON.stringify(next.reply.embeds)).toContain("Page 2/2");
    const refused = await handleComponent({
      customId: "unanswered:1",
      userId: USER,
      guildId: GUILD,
      memberPermissions: PLAIN_MEMBER,
    });
    expect(refused).toMatchObject({ kind: "reply", reply: { ephemeral: true } });
    const past = await handleComponent({
      customId: "unanswered:7",
      userId: USER,
      guildId: GUILD,
      memberPermissions: MANAGER,
    });
    expect(past.reply.content).toMatch(/out of date/);
    const elsewhere = await handleComponent({
      customId: "unanswered:0",
      userId: USER,
      guildId: OTHER_GUILD,
      memberPermissions: MANAGER,
    });
    expect(JSON.stringify(elsewhere.reply.embeds)).toContain("Nothing recorded");
  });
});
