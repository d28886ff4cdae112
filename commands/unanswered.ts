import { z } from "zod";
import type { Engine } from "#engine/types.js";
import { pagerRow, SETTINGS_COLOR } from "#format/discord.js";
import { type CommandContext, defineCommand, PageNumber } from "#framework/command.js";
import { customIdOf } from "#framework/custom-id.js";
import { staleButton } from "#framework/dispatch.js";
import { truncate } from "#framework/limits.js";
import type { Reply } from "#framework/types.js";
import { BUILT_IN_DEFAULTS, effectiveSettings } from "#store/settings.js";
import type { GuildStore } from "#store/types.js";
import { openQuestions } from "#store/unanswered.js";

/** Questions per page. */
export const UNANSWERED_PAGE_SIZE = 10;

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
  return {
    ephemeral: true,
    embeds: [
      {
        color: SETTINGS_COLOR,
        title: `Questions the tracker could not answer (${questions.length})`,
        description,
        footer: {
          text: `Page ${page + 1}/${pages} · questions the fact base now answers are hidden · npm run facts:teach reviews them`,
        },
      },
    ],
    components: pagerRow(page, pages, (p) => customIdOf("unanswered", p)),
  };
}

/** The server's page, or nothing where there is no store (the HTTP endpoint) or no server. */
async function pageFor(request: { guildId: string | null }, context: CommandContext, page: number) {
  const { store } = context;
  if (!store || !request.guildId) return undefined;
  const settings = effectiveSettings(
    await store.getSettings(request.guildId),
    context.settingsDefaults ?? BUILT_IN_DEFAULTS,
  );
  return unansweredReply(store, context.engine, request.guildId, page, settings.recordUnanswered);
}

export default defineCommand({
  data: {
    name: "unanswered",
    description: "The questions members asked that the tracker could not answer (server managers only)",
  },
  requires: "manageServer",
  ephemeral: true,
  options: z.object({}),
  async execute(_options, request, context) {
    if (!context.store) return { content: "Unanswered questions aren't available here.", ephemeral: true };
    return (await pageFor(request, context, 0)) ?? { content: "Nothing recorded yet.", ephemeral: true };
  },
  // Paging, for the clicker's own server (never one a custom id names); managers only, checked per click.
  button: {
    updates: true,
    args: z.tuple([PageNumber]),
    async handle([page], request, context) {
      const reply = await pageFor(request, context, page);
      return reply ? { kind: "update", reply } : { kind: "reply", reply: staleButton() };
    },
  },
});
