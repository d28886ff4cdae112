import { describe, expect, it, vi } from "vitest";
import { parseConfig } from "../src/app/config.js";
import { describeStartupError, GatewayCloseError } from "../src/discord/errors.js";
import {
  mentionsUser,
  questionOf,
  Spacing,
  TurnLimiter,
  triggerOf,
  worthVolunteering,
} from "../src/discord/free-text.js";
import { BOT_PERMISSIONS, commandsPayload, inviteUrl } from "../src/discord/registration.js";
import { createEngine } from "../src/engine/index.js";
import { loadFactBase } from "../src/facts/load.js";
import { loadCommands } from "../src/framework/load-commands.js";
import { COMMAND_NAMES, MANAGER_COMMANDS } from "./fixtures/commands.js";

const ID = "123456789012345678";

describe("config", () => {
  it("defaults: nothing required, message content on, no listen channels", () => {
    expect(parseConfig({})).toEqual({ ok: true, config: { listenChannelIds: [], messageContent: true } });
  });

  it("one line per invalid variable, never the token's value", () => {
    const result = parseConfig({
      DISCORD_TOKEN: "Bot secret-token-value",
      DISCORD_CLIENT_ID: "12",
      LISTEN_CHANNEL_IDS: `${ID},general`,
      DISCORD_API_URL: "ftp://x",
      MESSAGE_CONTENT: "maybe",
      FOLLOW_UP_SECONDS: "3601",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.split(":")[0])).toEqual([
      "DISCORD_TOKEN",
      "DISCORD_CLIENT_ID",
      "LISTEN_CHANNEL_IDS (entry 2)",
      "DISCORD_API_URL",
      "MESSAGE_CONTENT",
      "FOLLOW_UP_SECONDS",
    ]);
    expect(result.problems.join("\n")).not.toContain("secret-token-value");
  });

  it("names missing required variables; blank means unset", () => {
    const result = parseConfig({ DISCORD_TOKEN: "  ", DISCORD_GUILD_ID: "" }, [
      "DISCORD_TOKEN",
      "DISCORD_CLIENT_ID",
    ]);
    expect(result).toEqual({
      ok: false,
      problems: ["DISCORD_TOKEN: is not set", "DISCORD_CLIENT_ID: is not set"],
    });
  });

  it("parses a full configuration", () => {
    const result = parseConfig({
      DISCORD_TOKEN: "abc.def.ghi",
      DISCORD_CLIENT_ID: ID,
      DISCORD_GUILD_ID: ID,
      LISTEN_CHANNEL_IDS: ` ${ID} , 223456789012345678 `,
      DISCORD_API_URL: "http://127.0.0.1:8080/api/",
      MESSAGE_CONTENT: "false",
      FOLLOW_UP_SECONDS: " 0 ",
    });
    expect(result).toEqual({
      ok: true,
      config: {
        followUpSeconds: 0,
        token: "abc.def.ghi",
        clientId: ID,
        guildId: ID,
        listenChannelIds: [ID, "223456789012345678"],
        apiUrl: "http://127.0.0.1:8080/api",
        messageContent: false,
      },
    });
  });
});

describe("startup errors", () => {
  it("explains close 4014 with both ways out", () => {
    const line = describeStartupError(new GatewayCloseError(4014));
    expect(line).toContain("Message Content");
    expect(line).toContain("MESSAGE_CONTENT=false");
    expect(line).not.toContain("\n");
  });

  it("explains a rejected token", () => {
    expect(
      describeStartupError(
        Object.assign(new Error("An invalid token was provided."), { code: "TokenInvalid" }),
      ),
    ).toContain("DISCORD_TOKEN");
  });
});

describe("registration", () => {
  it("registers every command for guild installs: answering ones in guilds and DMs, managers' ones in guilds", async () => {
    const payload = commandsPayload((await loadCommands(createEngine(loadFactBase()).base)).values());
    expect(payload.map((c) => c.name).sort()).toEqual(COMMAND_NAMES);
    for (const command of payload) {
      // Manage Server (1 << 5): Discord shows these to server managers only, and never in DMs.
      expect(command.contexts).toEqual(MANAGER_COMMANDS.includes(command.name) ? [0] : [0, 1]);
      expect(command.default_member_permissions).toBe(
        MANAGER_COMMANDS.includes(command.name) ? "32" : undefined,
      );
      expect(command.integration_types).toEqual([0]);
      expect(command.name).toMatch(/^[-_\p{L}\p{N}]{1,32}$/u);
      expect((command.description ?? "").length).toBeLessThanOrEqual(100);
      expect((command.options ?? []).length).toBeLessThanOrEqual(25);
    }
  });

  it("builds the invite URL with the needed permissions", () => {
    const url = new URL(inviteUrl(ID));
    expect(url.searchParams.get("client_id")).toBe(ID);
    expect(url.searchParams.get("scope")).toBe("bot applications.commands");
    expect(url.searchParams.get("permissions")).toBe(BOT_PERMISSIONS.toString());
    // View Channel, Send Messages, Send Messages in Threads, Embed Links, Read Message History, Add Reactions.
    expect(BOT_PERMISSIONS).toBe(1024n + 2048n + 274877906944n + 16384n + 65536n + 64n);
  });
});

describe("free text", () => {
  it("answers when asked directly, listens only in listen channels", () => {
    const none = { isDM: false, mentionsBot: false, repliesToBot: false, inListenChannel: false };
    expect(triggerOf(none)).toBeUndefined();
    expect(triggerOf({ ...none, isDM: true })).toBe("prompted");
    expect(triggerOf({ ...none, mentionsBot: true, inListenChannel: true })).toBe("prompted");
    expect(triggerOf({ ...none, repliesToBot: true })).toBe("prompted");
    expect(triggerOf({ ...none, inListenChannel: true })).toBe("listen");
  });

  it("strips the bot's mentions from the question", () => {
    expect(mentionsUser(`<@!${ID}> hi`, ID)).toBe(true);
    expect(mentionsUser("<@999999999999999999> hi", ID)).toBe(false);
    expect(questionOf(`<@${ID}>  what is  taobao <@!${ID}>`, ID)).toBe("what is taobao");
  });

  it("volunteers only confident answers", () => {
    const answer = { outcome: "answer" as const, factId: "taobao", confidence: 0.9 };
    expect(worthVolunteering(answer)).toBe(true);
    expect(worthVolunteering({ ...answer, confidence: 0.5 })).toBe(false);
    expect(worthVolunteering({ ...answer, outcome: "suggest" })).toBe(false);
  });

  it("limits each user to N per window and reports the first refusal only", () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const limiter = new TurnLimiter(3, 30_000);
      const at = (t: number) => vi.setSystemTime(t);
      expect(
        [0, 1, 2].map((t) => {
          at(t);
          return limiter.take("u").allowed;
        }),
      ).toEqual([true, true, true]);
      at(3);
      expect(limiter.take("u")).toEqual({ allowed: false, firstRefusal: true });
      at(4);
      expect(limiter.take("u")).toEqual({ allowed: false, firstRefusal: false });
      at(5);
      expect(limiter.take("v").allowed).toBe(true);
      at(30_001);
      expect(limiter.take("u").allowed).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("spaces out repeats of a key", () => {
    const start = 1_000_000;
    const clock = { t: start, now: () => clock.t };
    const spacing = new Spacing(600_000, clock);
    expect(spacing.tryMark("c:f")).toBe(true);
    clock.t = start + 599_999;
    expect(spacing.tryMark("c:f")).toBe(false);
    expect(spacing.tryMark("c:g")).toBe(true);
    clock.t = start + 600_001;
    expect(spacing.tryMark("c:f")).toBe(true);
  });
});
