import type { APIEmbed } from "discord-api-types/v10";
import { fitToDiscordLimits } from "./limits.js";
import { allowedMentionsFor, neutraliseMentions } from "./mentions.js";
import type { ButtonRow, FinalReply, Reply } from "./types.js";

/** What a reply with nothing in it says instead of failing to send. */
const NOTHING_TO_SAY = "I have nothing to say to that. Try `/help` to see what I can answer.";

function neutraliseEmbed(embed: APIEmbed): APIEmbed {
  const n = neutraliseMentions;
  return {
    ...embed,
    ...(embed.title !== undefined && { title: n(embed.title) }),
    ...(embed.description !== undefined && { description: n(embed.description) }),
    ...(embed.footer && { footer: { ...embed.footer, text: n(embed.footer.text) } }),
    ...(embed.author && { author: { ...embed.author, name: n(embed.author.name) } }),
    ...(embed.fields && { fields: embed.fields.map((f) => ({ ...f, name: n(f.name), value: n(f.value) })) }),
  };
}

function neutraliseRows(rows: ButtonRow[]): ButtonRow[] {
  return rows.map((row) => ({
    ...row,
    components: row.components.map((b) =>
      b.label === undefined ? b : { ...b, label: neutraliseMentions(b.label) },
    ),
  }));
}

/**
 * The one way a Reply reaches the wire: every text neutralised (no echoed `@everyone` or `<@id>` can
 * render as a mention), then the `mention` user's ping added, then Discord's limits applied.
 */
export function finaliseReply(reply: Reply): FinalReply {
  const ephemeral = reply.ephemeral === true;
  // An ephemeral message cannot notify anyone else, so a mention there would only be noise.
  const mention = ephemeral ? undefined : reply.mention;
  const text = reply.content === undefined ? undefined : neutraliseMentions(reply.content);
  const content = mention ? [`<@${mention}>`, text].filter(Boolean).join(" ") : text;
  const final: FinalReply = {
    embeds: (reply.embeds ?? []).map(neutraliseEmbed),
    components: neutraliseRows(reply.components ?? []),
    ephemeral,
    allowedMentions: allowedMentionsFor(mention),
    files: reply.files ?? [],
  };
  if (content) final.content = content;
  // Discord refuses a message with nothing in it (blank content, no embeds).
  if (!final.content?.trim() && final.embeds.length === 0) final.content = NOTHING_TO_SAY;
  return fitToDiscordLimits(final);
}
