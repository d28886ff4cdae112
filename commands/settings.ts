import {
  type APIApplicationCommandChannelOption,
  ApplicationCommandOptionType,
  ChannelType,
} from "discord-api-types/v10";
import { z } from "zod";
import { SETTINGS_COLOR } from "#format/discord.js";
import { defineCommand, Snowflake } from "#framework/command.js";
import { issueList } from "#framework/issues.js";
import { truncate } from "#framework/limits.js";
import type { Reply } from "#framework/types.js";
import {
  BUILT_IN_DEFAULTS,
  type EffectiveSettings,
  effectiveSettings,
  type SettingsDefaults,
} from "#store/settings.js";
import {
  DEFAULT_RETENTION,
  LISTEN_MODES,
  MAX_FOLLOW_UP_SECONDS,
  MAX_LISTEN_CHANNELS,
  NO_SETTINGS,
} from "#store/types.js";

const mark = (custom: boolean) => (custom ? "" : " _(default)_");

export function channelList(ids: readonly string[]): string {
  return ids.length > 0 ? ids.map((id) => `<#${id}>`).join(", ") : "none";
}

export function cooldownText(settings: EffectiveSettings, defaults: SettingsDefaults): string {
  if (settings.cooldownSeconds === null) {
    return `at most ${defaults.userLimit} answers per ${defaults.userWindowSeconds} s per member`;
  }
  if (settings.cooldownSeconds === 0) return "off (no limit per member)";
  return `one answer per ${settings.cooldownSeconds} s per member`;
}

export function followUpText(seconds: number): string {
  if (seconds === 0) return "off — every question is read alone, replies to my answers included";
  return `a member's next question within ${seconds} s in the same channel (or a reply to one of my answers) follows up on their earlier ones`;
}

/** `/settings show`: every setting in force, marking the ones that are the bot's defaults. */
export function settingsReply(settings: EffectiveSettings, defaults: SettingsDefaults): Reply {
  const { custom } = settings;
  const listenNote =
    settings.mode === "mentions" && settings.listenChannelIds.length > 0
      ? " (unused in `mentions` mode)"
      : "";
  const recording = settings.recordUnanswered
    ? `on${mark(custom.recordUnanswered)} — the question's text only, never who asked; kept ${DEFAULT_RETENTION.maxAgeDays} days, at most ${DEFAULT_RETENTION.maxPerGuild}. See \`/unanswered\`.`
    : `off${mark(custom.recordUnanswered)}`;
  return {
    ephemeral: true,
    embeds: [
      {
        color: SETTINGS_COLOR,
        title: "Settings for this server",
        fields: [
          {
            name: "Mode",
            value: `\`${settings.mode}\`${mark(custom.mode)} — ${settings.mode === "mentions" ? "answers only when asked (mention, reply, DM)" : "also answers unprompted in listen channels when sure"}`,
            inline: false,
          },
          {
            name: "Listen channels",
            value: `${truncate(channelList(settings.listenChannelIds), 900)}${mark(custom.listenChannelIds)}${listenNote}`,
            inline: false,
          },
          {
            name: "Confidence to answer unprompted",
            value: `${settings.confidence.toFixed(2)}${mark(custom.confidence)}`,
            inline: true,
          },
          {
            name: "Cooldown",
            value: `${cooldownText(settings, defaults)}${mark(custom.cooldownSeconds)}`,
            inline: true,
          },
          { name: "Record unanswered questions", value: recording, inline: false },
          {
            name: "Follow-ups",
            value: `${followUpText(settings.followUpSeconds)}${mark(custom.followUpSeconds)}`,
            inline: false,
          },
        ],
        footer: {
          text: "Change with /settings listen|mode|confidence|cooldown|record-unanswered|follow-ups",
        },
      },
    ],
  };
}

const CHANNEL_TYPES: APIApplicationCommandChannelOption["channel_types"] = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildForum,
];

const channelOption = (description: string): APIApplicationCommandChannelOption => ({
  type: ApplicationCommandOptionType.Channel,
  name: "channel",
  description,
  required: true,
  channel_types: CHANNEL_TYPES,
});

/** Each subcommand's own options; the command-level schema only lets them through to be checked here. */
const Subcommands = {
  "listen add": z.object({ channel: Snowflake }),
  "listen remove": z.object({ channel: Snowflake }),
  "listen list": z.object({}),
  mode: z.object({ value: z.enum(LISTEN_MODES as ["mentions", "mentions+listen"]) }),
  confidence: z.object({ value: z.number().min(0.5).max(1) }),
  cooldown: z.object({ seconds: z.number().int().min(0).max(3600) }),
  "record-unanswered": z.object({ enabled: z.boolean() }),
  "follow-ups": z.object({ seconds: z.number().int().min(0).max(MAX_FOLLOW_UP_SECONDS) }),
  show: z.object({}),
  reset: z.object({}),
} as const;
type Path = keyof typeof Subcommands;

const isPath = (path: string): path is Path => Object.hasOwn(Subcommands, path);
const note = (content: string): Reply => ({ content, ephemeral: true });

export default defineCommand({
  data: {
    name: "settings",
    description: "Where and how the bot answers in this server (server managers only)",
    options: [
      {
        type: ApplicationCommandOptionType.SubcommandGroup,
        name: "listen",
        description: "Channels where the bot answers questions nobody asked it directly",
        options: [
          {
            type: ApplicationCommandOptionType.Subcommand,
            name: "add",
            description: "Answer unprompted questions in a channel (when sure enough)",
            options: [channelOption("The channel to listen in")],
          },
          {
            type: ApplicationCommandOptionType.Subcommand,
            name: "remove",
            description: "Stop answering unprompted questions in a channel",
            options: [channelOption("The channel to stop listening in")],
          },
          {
            type: ApplicationCommandOptionType.Subcommand,
            name: "list",
            description: "The channels the bot listens in",
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "mode",
        description: "Answer only when asked, or also unprompted in listen channels",
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: "value",
            description: "mentions: only when mentioned, replied to or DMed",
            required: true,
            choices: [
              { name: "mentions only", value: "mentions" },
              { name: "mentions and listen channels", value: "mentions+listen" },
            ],
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "confidence",
        description: "How sure the bot must be to answer unprompted (0.5–1.0)",
        options: [
          {
            type: ApplicationCommandOptionType.Number,
            name: "value",
            description: "0.5 answers more often, 1.0 only when certain",
            required: true,
            min_value: 0.5,
            max_value: 1,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "cooldown",
        description: "Seconds between free-text answers to the same member (0 = none)",
        options: [
          {
            type: ApplicationCommandOptionType.Integer,
            name: "seconds",
            description: "0–3600",
            required: true,
            min_value: 0,
            max_value: 3600,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "record-unanswered",
        description: "Keep the questions the tracker cannot answer (text only) for /unanswered",
        options: [
          {
            type: ApplicationCommandOptionType.Boolean,
            name: "enabled",
            description: "On by default",
            required: true,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "follow-ups",
        description: "How long a member's next question follows up on their earlier ones (0 = off)",
        options: [
          {
            type: ApplicationCommandOptionType.Integer,
            name: "seconds",
            description: `0–${MAX_FOLLOW_UP_SECONDS} (0 = off)`,
            required: true,
            min_value: 0,
            max_value: MAX_FOLLOW_UP_SECONDS,
          },
        ],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: "show", description: "The settings in force" },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "reset",
        description: "Back to the bot's defaults (recorded questions are kept)",
      },
    ],
  },
  requires: "manageServer",
  ephemeral: true,
  // Checked per subcommand in execute.
  options: z.record(z.string(), z.unknown()),
  async execute(options, request, context) {
    const { store } = context;
    const guildId = request.guildId;
    if (!store || !guildId) return note("Server settings aren't available here.");
    const path = [request.subcommandGroup, request.subcommand].filter(Boolean).join(" ");
    if (!isPath(path)) return note("Try `/settings show`.");
    const parsed = Subcommands[path].safeParse(options);
    if (!parsed.success) return note(`That setting isn't valid (${issueList(parsed.error)}).`);
    const args = parsed.data as Record<string, unknown>;
    const defaults = context.settingsDefaults ?? BUILT_IN_DEFAULTS;
    const current = effectiveSettings(await store.getSettings(guildId), defaults);
    const unusedInMode =
      current.mode === "mentions"
        ? "\nThe mode is `mentions`, so listen channels are not used until `/settings mode value:mentions+listen`."
        : "";

    switch (path) {
      case "show":
        return settingsReply(current, defaults);
      case "listen list":
        return note(
          `Listen channels: ${channelList(current.listenChannelIds)}${current.custom.listenChannelIds ? "" : " (default)"}.${unusedInMode}`,
        );
      case "listen add": {
        const channel = String(args.channel);
        if (current.listenChannelIds.includes(channel)) return note(`I already listen in <#${channel}>.`);
        if (current.listenChannelIds.length >= MAX_LISTEN_CHANNELS) {
          return note(`A server can have at most ${MAX_LISTEN_CHANNELS} listen channels; remove one first.`);
        }
        await store.updateSettings(guildId, { listenChannelIds: [...current.listenChannelIds, channel] });
        return note(
          `I'll answer questions in <#${channel}> when I'm sure (confidence ≥ ${current.confidence.toFixed(2)}).${unusedInMode}`,
        );
      }
      case "listen remove": {
        const channel = String(args.channel);
        if (!current.listenChannelIds.includes(channel)) return note(`<#${channel}> isn't a listen channel.`);
        const rest = current.listenChannelIds.filter((id) => id !== channel);
        await store.updateSettings(guildId, { listenChannelIds: rest });
        return note(`I no longer listen in <#${channel}>. Listen channels: ${channelList(rest)}.`);
      }
      case "mode": {
        const mode = args.value as (typeof LISTEN_MODES)[number];
        await store.updateSettings(guildId, { mode });
        return note(
          mode === "mentions"
            ? "I'll answer only when mentioned, replied to or DMed."
            : `I'll also answer unprompted in ${channelList(current.listenChannelIds)} when I'm sure.`,
        );
      }
      case "confidence": {
        const confidence = args.value as number;
        await store.updateSettings(guildId, { confidence });
        return note(`I'll answer unprompted only when at least ${confidence.toFixed(2)} sure.`);
      }
      case "cooldown": {
        const cooldownSeconds = args.seconds as number;
        const next = effectiveSettings(await store.updateSettings(guildId, { cooldownSeconds }), defaults);
        return note(`Cooldown: ${cooldownText(next, defaults)}.`);
      }
      case "record-unanswered": {
        const recordUnanswered = args.enabled as boolean;
        await store.updateSettings(guildId, { recordUnanswered });
        return note(
          recordUnanswered
            ? "I'll record the questions I can't answer (their text only, never who asked). See `/unanswered`."
            : "I'll stop recording unanswered questions. The ones already recorded expire on their own.",
        );
      }
      case "follow-ups": {
        const followUpSeconds = args.seconds as number;
        await store.updateSettings(guildId, { followUpSeconds });
        return note(`Follow-ups: ${followUpText(followUpSeconds)}.`);
      }
      case "reset": {
        const next = effectiveSettings(await store.updateSettings(guildId, { ...NO_SETTINGS }), defaults);
        return { ...settingsReply(next, defaults), content: "Back to the defaults." };
      }
    }
  },
});
