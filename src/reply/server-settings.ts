import { ButtonStyle } from "discord-api-types/v10";
import type { Engine } from "../engine/types.js";
import type { EffectiveSettings, SettingsDefaults } from "../store/settings.js";
import type { GuildStore } from "../store/types.js";
import { DEFAULT_RETENTION } from "../store/types.js";
import { openQuestions } from "../store/unanswered.js";
import { customIdOf } from "./custom-id.js";
import { truncate } from "./limits.js";
import { button, row } from "./render.js";
import type { Reply } from "./types.js";

const SETTINGS_COLOR = 0x5865f2;
/** Questions per /unanswered page. */
export const UNANSWERED_PAGE_SIZE = 10;

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
        ],
        footer: { text: "Change with /settings listen|mode|confidence|cooldown|record-unanswered" },
      },
    ],
  };
}

const dayOf = (ms: number) => `<t:${Math.floor(ms / 1000)}:R>`;

/**
 * One page of `/unanswered` for a server, most asked first, without the questions the current fact base now
 * answers; undefined for a page past the end (a stale button).
 */
export async function unansweredReply(
  store: GuildStore,
  engine: Engine,
  guildId: string,
  page: number,
  recording: boolean,
): Promise<Reply | undefined> {
  const questions = await openQuestions(store, engine, guildId);
  const pages = Math.max(1, Math.ceil(questions.length / UNANSWERED_PAGE_SIZE));
  if (page >= pages) return undefined;
  const shown = questions.slice(page * UNANSWERED_PAGE_SIZE, (page + 1) * UNANSWERED_PAGE_SIZE);
  const lines = shown.map(
    (q, i) =>
      `${page * UNANSWERED_PAGE_SIZE + i + 1}. **${q.count}×** ${truncate(q.question, 300)} — last ${dayOf(q.lastSeen)}`,
  );
  const note = recording
    ? ""
    : "\n\nRecording is **off** for this server; turn it on with `/settings record-unanswered enabled:true`.";
  const description =
    questions.length === 0
      ? `Nothing recorded that the tracker still cannot answer.${note}`
      : `${lines.join("\n")}${note}`;
  const last = pages - 1;
  const components =
    last === 0
      ? []
      : [
          row(
            button(
              customIdOf({ kind: "unanswered", page: Math.max(page - 1, 0) }),
              "◀ Prev",
              ButtonStyle.Secondary,
              page === 0,
            ),
            button(
              customIdOf({ kind: "unanswered", page: Math.min(page + 1, last) }),
              "Next ▶",
              ButtonStyle.Secondary,
              page === last,
            ),
          ),
        ];
  return {
    ephemeral: true,
    embeds: [
      {
        color: SETTINGS_COLOR,
        title: `Questions the tracker could not answer (${questions.length})`,
        description,
        footer: {
          text: `Page ${page + 1}/${pages} · questions the fact base now answers are hidden · npm run unanswered -- --csv exports them`,
        },
      },
    ],
    components,
  };
}
