import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type APIMessage, REST, Routes } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../src/app/config.js";
import { createDefaultEngine } from "../src/app/runtime.js";
import { type BotHandle, startBot } from "../src/discord/client.js";
import { commandsPayload } from "../src/discord/registration.js";
import type { Engine } from "../src/engine/types.js";
import { loadCommands } from "../src/framework/load-commands.js";
import { quietLog } from "./e2e-rig.js";
import {
  type CommandInput,
  type DiscordEmulator,
  type MessageRecord,
  startEmulator,
} from "./emulator/index.js";
import { ROOT } from "./processes.js";

/**
 * Server settings and unanswered questions end to end: two servers, one SQLite file in a temporary directory,
 * the real bot over the emulator, restarted in the middle.
 */

const GUILD_A = "500000000000000001";
const GUILD_B = "500000000000000002";
const A_GENERAL = "510000000000000001";
const A_LISTEN = "510000000000000002";
const A_OTHER = "510000000000000003";
const B_GENERAL = "520000000000000001";
const B_LISTEN = "520000000000000002";
const MANAGE_GUILD = "32";

let dir: string;
let emu: DiscordEmulator;
let engine: Engine;
let bot: BotHandle | undefined;
let config: Config;
let botId: string;

async function startTheBot(): Promise<void> {
  bot = await startBot(config, engine, { log: quietLog([emu.token]).logger, freeText: { userLimit: 1000 } });
  botId = bot.client.user.id;
}

async function restartTheBot(): Promise<void> {
  await bot?.stop();
  await startTheBot();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tracker-bot-e2e-settings-"));
  emu = await startEmulator({
    log: false,
    guilds: [
      {
        id: GUILD_A,
        name: "Server A",
        channels: [
          { id: A_GENERAL, name: "general" },
          { id: A_LISTEN, name: "ask-alibaba" },
          { id: A_OTHER, name: "trackers" },
        ],
      },
      {
        id: GUILD_B,
        name: "Server B",
        channels: [
          { id: B_GENERAL, name: "general" },
          { id: B_LISTEN, name: "ask-alibaba" },
        ],
      },
    ],
  });
  engine = createDefaultEngine();
  const body = commandsPayload((await loadCommands(engine.base)).values());
  await new REST({ api: emu.apiUrl })
    .setToken(emu.token)
    .put(Routes.applicationCommands(emu.applicationId), { body });
  config = {
    token: emu.token,
    apiUrl: emu.apiUrl,
    // The deployment's default: one listen channel in each server.
    listenChannelIds: [A_LISTEN, B_LISTEN],
    messageContent: true,
    databasePath: join(dir, "var", "tracker-bot.sqlite"),
  };
  await startTheBot();
});

afterAll(async () => {
  await bot?.stop();
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

const owner = () => emu.ownerUser;
const member = () => emu.defaultUser;

async function command(input: CommandInput): Promise<MessageRecord> {
  return (await emu.sendCommand(input)).final();
}

function asOwner(guildId: string, name: string, more: Partial<CommandInput> = {}): Promise<MessageRecord> {
  return command({ name, guildId, user: owner(), ...more });
}

const all = (record: MessageRecord) =>
  JSON.stringify({ c: record.message.content, e: record.message.embeds });
const repliesTo = (id: string) => (message: APIMessage) => message.message_reference?.message_id === id;

function buttonIds(message: APIMessage): string[] {
  return (message.components ?? []).flatMap((row) =>
    "components" in row ? (row.components as { custom_id: string }[]).map((b) => b.custom_id) : [],
  );
}

/** A question the engine answers, but not with full confidence: volunteered at 0.75, not at 1.0. */
function fairlySureQuestion(): string {
  const candidates = [
    "what does alibaba own of lazada",
    "how much of singpost does alibaba own",
    "alibaba singpost share",
    "how big is alibaba's stake in lazada",
  ];
  const found = candidates.find((q) => {
    const answer = engine.ask(q);
    return answer.outcome === "answer" && answer.confidence >= 0.8 && answer.confidence < 1;
  });
  if (!found)
    throw new Error("no question with a confidence between 0.8 and 1 any more; update the candidates");
  return found;
}

let askers = 0;
/** A new member each time, so per-member cooldowns stay out of the way. */
function newMember() {
  askers += 1;
  return emu.createUser({ username: `asker-${askers}` });
}

/** Whether the bot answers `question` posted (without mentioning it) in `channelId`. */
async function listens(channelId: string, question: string): Promise<boolean> {
  const asked = await emu.sendMessage({ channelId, content: question, author: newMember() });
  try {
    await emu.waitForChannelMessage(repliesTo(asked.message.id), 1500);
    return true;
  } catch {
    return false;
  }
}

describe("/settings", () => {
  it("settings made in one server survive a restart and never reach the other", async () => {
    // Defaults first: each server sees only its own channel of LISTEN_CHANNEL_IDS.
    const before = await asOwner(GUILD_A, "settings", { subcommand: "show" });
    expect(before.ephemeral).toBe(true);
    expect(all(before)).toContain(`<#${A_LISTEN}> _(default)_`);
    expect(all(before)).not.toContain(B_LISTEN);

    const added = await asOwner(GUILD_A, "settings", {
      subcommandGroup: "listen",
      subcommand: "add",
      options: { channel: A_OTHER },
    });
    expect(added.ephemeral).toBe(true);
    expect(added.message.content).toContain(`<#${A_OTHER}>`);
    await asOwner(GUILD_A, "settings", { subcommand: "confidence", options: { value: 1 } });
    const cooldown = await asOwner(GUILD_A, "settings", { subcommand: "cooldown", options: { seconds: 60 } });
    expect(cooldown.message.content).toBe("Cooldown: one answer per 60 s per member.");
    await asOwner(GUILD_A, "settings", { subcommand: "follow-ups", options: { seconds: 0 } });

    await restartTheBot();

    const a = await asOwner(GUILD_A, "settings", { subcommand: "show" });
    const aFields = Object.fromEntries((a.message.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(aFields["Listen channels"]).toBe(`<#${A_LISTEN}>, <#${A_OTHER}>`);
    expect(aFields["Confidence to answer unprompted"]).toBe("1.00");
    expect(aFields.Cooldown).toBe("one answer per 60 s per member");
    expect(aFields["Record unanswered questions"]).toMatch(/^on _\(default\)_ — the question's text only/);
    expect(aFields["Follow-ups"]).toMatch(/^off — every question is read alone/);

    const b = await asOwner(GUILD_B, "settings", { subcommand: "show" });
    const bFields = Object.fromEntries((b.message.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(bFields["Listen channels"]).toBe(`<#${B_LISTEN}> _(default)_`);
    expect(bFields["Confidence to answer unprompted"]).toBe("0.75 _(default)_");
    expect(bFields.Cooldown).toBe("at most 1000 answers per 30 s per member _(default)_");
    expect(bFields["Follow-ups"]).toMatch(/^a member's next question within 300 s .*_\(default\)_$/);

    const list = await asOwner(GUILD_B, "settings", { subcommandGroup: "listen", subcommand: "list" });
    expect(list.message.content).toBe(`Listen channels: <#${B_LISTEN}> (default).`);
  });

  it("free-text decisions follow each server's settings at once", async () => {
    const fairlySure = fairlySureQuestion();
    // A wants certainty (1.0); B keeps the default 0.75.
    expect(await listens(A_LISTEN, fairlySure)).toBe(false);
    expect(await listens(B_LISTEN, fairlySure)).toBe(true);
    // A's added channel listens; B never heard of it.
    expect(await listens(A_OTHER, "what is taobao")).toBe(true);

    // B goes quiet unless asked; A is unaffected.
    await asOwner(GUILD_B, "settings", { subcommand: "mode", options: { value: "mentions" } });
    expect(await listens(B_LISTEN, "what is singpost")).toBe(false);
    expect(await listens(A_LISTEN, "what is singpost")).toBe(true);
    const mention = await emu.sendMessage({
      channelId: B_GENERAL,
      content: `<@${botId}> what is alibaba cloud`,
      author: newMember(),
    });
    await emu.waitForChannelMessage(repliesTo(mention.message.id));

    // A's 60 s cooldown: a second question from the same member within it gets ⏳, not an answer.
    const reactionsBefore = emu.requests.filter(
      (r) => r.method === "PUT" && r.route.includes("/reactions/"),
    ).length;
    const flooder = newMember();
    const first = await emu.sendMessage({
      channelId: A_GENERAL,
      content: `<@${botId}> what is tmall`,
      author: flooder,
    });
    await emu.waitForChannelMessage(repliesTo(first.message.id));
    await emu.sendMessage({ channelId: A_GENERAL, content: `<@${botId}> what is taobao`, author: flooder });
    await emu.waitFor(
      () =>
        emu.requests.filter((r) => r.method === "PUT" && r.route.includes("/reactions/")).length >
          reactionsBefore || undefined,
      3000,
      "the ⏳ reaction",
    );
    // B has no cooldown of its own: the same member is answered there straight away.
    const inB = await emu.sendMessage({
      channelId: B_GENERAL,
      content: `<@${botId}> what is taobao`,
      author: flooder,
    });
    await emu.waitForChannelMessage(repliesTo(inB.message.id));

    const reset = await asOwner(GUILD_A, "settings", { subcommand: "cooldown", options: { seconds: 0 } });
    expect(reset.message.content).toBe("Cooldown: off (no limit per member).");
  });
});

describe("/unanswered", () => {
  const victim = "599999999999999999";

  it("lists the declined questions of this server only, most asked first, without user ids", async () => {
    emu.createUser({ id: victim, username: "victim" });
    await asOwner(GUILD_B, "settings", { subcommand: "record-unanswered", options: { enabled: false } });

    const ask = (guildId: string, question: string) =>
      command({ name: "ask", guildId, options: { question } });
    await ask(GUILD_A, "What is the weather on Mars?");
    await ask(GUILD_A, "what is the weather on mars");
    await command({ name: "fact", guildId: GUILD_A, options: { topic: "who is jack ma's favourite cat" } });
    await ask(GUILD_B, "what is the price of tea in china");
    // Asked by mention (recorded, mentions stripped) and overheard in a listen channel (never recorded).
    const mentioned = await emu.sendMessage({
      channelId: A_LISTEN,
      content: `<@${botId}> <@${victim}> who designs alibaba's logo`,
      author: newMember(),
    });
    await emu.waitForChannelMessage(repliesTo(mentioned.message.id));
    await emu.sendMessage({
      channelId: A_LISTEN,
      content: "who will win the world cup in 2090",
      author: newMember(),
    });
    const dm = await emu.sendMessage({ dm: true, content: "what colour is jack ma's car" });
    await emu.waitForChannelMessage(repliesTo(dm.message.id));
    await emu.expectNoMessage(500, (m) => m.channel_id === A_LISTEN);

    const page = await asOwner(GUILD_A, "unanswered");
    expect(page.ephemeral).toBe(true);
    const text = page.message.embeds[0]?.description ?? "";
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^1\. \*\*2×\*\* what is the weather on mars — last <t:\d+:R>$/);
    expect(text).toContain("who is jack ma's favourite cat");
    expect(text).toContain("who designs alibaba's logo");
    expect(text).not.toContain("world cup");
    expect(text).not.toContain("tea in china");
    expect(text).not.toContain("colour");
    for (const id of [victim, owner().id, member().id, botId]) expect(all(page)).not.toContain(id);

    const inB = await asOwner(GUILD_B, "unanswered");
    expect(inB.message.embeds[0]?.description).toContain("Recording is **off** for this server");
    expect(inB.message.embeds[0]?.description).not.toContain("tea in china");
  });

  it("pages 10 at a time with Prev/Next, editing the message in place", async () => {
    let recorded = 0;
    for (let n = 1; recorded < 12 && n < 40; n++) {
      const question = `what was alibaba's revenue on mars in year ${3000 + n}`;
      if (engine.ask(question).outcome === "answer") continue;
      await command({ name: "ask", guildId: GUILD_A, options: { question } });
      recorded++;
    }
    expect(recorded).toBe(12);
    const first = await asOwner(GUILD_A, "unanswered");
    expect(first.message.embeds[0]?.description?.split("\n")).toHaveLength(10);
    expect(first.message.embeds[0]?.footer?.text).toMatch(/^Page 1\/2 /);
    expect(buttonIds(first.message)).toEqual(["unanswered:0", "unanswered:1"]);

    const click = await emu.clickButton({ message: first, customId: "unanswered:1", user: owner() });
    expect((await click.response()).type).toBe(7);
    const second = await click.final();
    expect(second.message.id).toBe(first.message.id);
    expect(second.message.embeds[0]?.footer?.text).toMatch(/^Page 2\/2 /);
    expect(second.message.embeds[0]?.description).toMatch(/^11\. /);

    // Someone else clicking (a forged click on the manager's message) is refused, privately.
    const forged = await emu.clickButton({ message: first, customId: "unanswered:0", user: member() });
    const refusal = await forged.final();
    expect(refusal.ephemeral).toBe(true);
    expect(refusal.message.content).toMatch(/Manage Server/);
  });

  it("npm run unanswered -- --csv exports them with a header and proper quoting, without user ids", async () => {
    await command({
      name: "ask",
      guildId: GUILD_A,
      options: { question: 'What is Alibaba\'s plan for Mars, Venus and "Pluto"?' },
    });
    const cli = join(ROOT, "src/store/unanswered-cli.ts");
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", cli, ...args], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, DATABASE_PATH: config.databasePath },
      });
    const { stdout } = await run(["--csv"]);
    const rows = stdout.trimEnd().split("\r\n");
    expect(rows[0]).toBe("guild_id,question,count,first_seen,last_seen");
    expect(rows).toContainEqual(
      expect.stringMatching(/^500000000000000001,what is the weather on mars,2,\d{4}-/),
    );
    expect(rows).toContainEqual(expect.stringMatching(/^dm,what colour is jack ma's car,1,/));
    expect(rows).toContainEqual(
      expect.stringMatching(/^500000000000000001,"what is alibaba's plan for mars, venus and ""pluto""",1,/),
    );
    expect(stdout).not.toContain("tea in china");
    for (const id of [victim, owner().id, member().id, botId]) expect(stdout).not.toContain(id);

    const onlyA = await run(["--csv", "--guild", GUILD_A]);
    const guilds = new Set(
      onlyA.stdout
        .trimEnd()
        .split("\r\n")
        .slice(1)
        .map((line) => line.split(",")[0]),
    );
    expect([...guilds]).toEqual([GUILD_A]);

    const table = await run(["--guild", GUILD_A]);
    expect(table.stdout.split("\n")[0]).toMatch(/^Asked\s+Last asked\s+Server\s+Question$/);
    expect(table.stdout).toMatch(
      /\n2\s+\d{4}-\d\d-\d\d\s+500000000000000001\s+what is the weather on mars\n/,
    );
  });
});

describe("who may", () => {
  it("members without Manage Server are refused by the handlers", async () => {
    for (const input of [
      { name: "settings", subcommand: "show" },
      { name: "settings", subcommand: "confidence", options: { value: 0.5 } },
      { name: "unanswered" },
    ] as CommandInput[]) {
      const reply = await command({ ...input, guildId: GUILD_A, user: member() });
      expect(reply.ephemeral).toBe(true);
      expect(reply.message.content).toBe(
        `Only members who can manage this server (Manage Server) can use \`/${input.name}\`.`,
      );
    }
    const a = await asOwner(GUILD_A, "settings", { subcommand: "show" });
    expect(all(a)).toContain("1.00"); // the refused change did not happen

    // With Manage Server (and nothing else) a member may.
    const manager = await command({
      name: "settings",
      subcommand: "show",
      guildId: GUILD_A,
      user: member(),
      memberPermissions: MANAGE_GUILD,
    });
    expect(manager.message.embeds[0]?.title).toBe("Settings for this server");

    const inDm = await command({ name: "settings", subcommand: "show", dm: true });
    expect(inDm.message.content).toBe("`/settings` works in a server, not in DMs.");
  });

  it("the registered definitions hide the commands from everyone else and from DMs", () => {
    for (const name of ["settings", "unanswered"]) {
      const registered = emu.commands().find((c) => c.name === name);
      expect(registered?.default_member_permissions).toBe(MANAGE_GUILD);
      expect(registered?.contexts).toEqual([0]);
    }
    expect(emu.commands().find((c) => c.name === "ask")?.default_member_permissions).toBeNull();
  });
});
