import type { APIEmbed } from "discord-api-types/v10";
import type { Button, ButtonRow, FinalReply } from "./types.js";

/** Discord's message limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
  rows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  files: 10,
} as const;

/** Discord rejects empty field names and values; a zero-width space is the accepted placeholder. */
const BLANK = "\u200b";

/** `text` cut to `max` characters (code units), ending in an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never leave half of a surrogate pair before the ellipsis.
  let cut = text.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function nonBlank(text: string | undefined, max: number): string {
  const trimmed = (text ?? "").trim();
  return trimmed ? truncate(trimmed, max) : BLANK;
}

/** Characters of an embed that count towards the 6,000 total. */
export function embedSize(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

function fitEmbed(embed: APIEmbed): APIEmbed {
  const fitted: APIEmbed = { ...embed };
  if (embed.title !== undefined) fitted.title = truncate(embed.title, DISCORD_LIMITS.embedTitle);
  if (embed.description !== undefined) {
    fitted.description = truncate(embed.description, DISCORD_LIMITS.embedDescription);
  }
  if (embed.footer)
    fitted.footer = { ...embed.footer, text: truncate(embed.footer.text, DISCORD_LIMITS.footerText) };
  if (embed.author)
    fitted.author = { ...embed.author, name: truncate(embed.author.name, DISCORD_LIMITS.authorName) };
  if (embed.fields) {
    fitted.fields = embed.fields.slice(0, DISCORD_LIMITS.embedFields).map((field) => ({
      ...field,
      name: nonBlank(field.name, DISCORD_LIMITS.fieldName),
      value: nonBlank(field.value, DISCORD_LIMITS.fieldValue),
    }));
  }
  return fitted;
}

/** Embeds whose combined size fits 6,000: trailing fields go first, then description text, then embeds. */
function fitEmbedTotal(embeds: APIEmbed[]): APIEmbed[] {
  const out = embeds.map((e) => ({ ...e, fields: e.fields ? [...e.fields] : undefined }));
  const total = () => out.reduce((sum, e) => sum + embedSize(e), 0);
  while (total() > DISCORD_LIMITS.embedTotal) {
    const withFields = out.findLast((e) => (e.fields?.length ?? 0) > 0);
    if (withFields?.fields) {
      withFields.fields.pop();
      continue;
    }
    const last = out.at(-1);
    if (!last) break;
    const excess = total() - DISCORD_LIMITS.embedTotal;
    const description = last.description ?? "";
    if (description.length > excess + 1) {
      last.description = truncate(description, description.length - excess);
    } else {
      out.pop();
    }
  }
  return out.map(({ fields, ...rest }) => (fields ? { ...rest, fields } : rest));
}

/** Buttons regrouped into at most 5 rows of 5, without over-long or duplicate custom ids. */
function fitComponents(rows: ButtonRow[]): ButtonRow[] {
  const seen = new Set<string>();
  const fittedRows: ButtonRow[] = [];
  for (const row of rows) {
    const buttons: Button[] = [];
    for (const button of row.components) {
      // A cut custom id would point somewhere else; drop the button instead.
      if (button.custom_id.length > DISCORD_LIMITS.customId || seen.has(button.custom_id)) continue;
      seen.add(button.custom_id);
      buttons.push({ ...button, label: nonBlank(button.label, DISCORD_LIMITS.buttonLabel) });
    }
    for (let i = 0; i < buttons.length; i += DISCORD_LIMITS.buttonsPerRow) {
      fittedRows.push({ ...row, components: buttons.slice(i, i + DISCORD_LIMITS.buttonsPerRow) });
    }
  }
  return fittedRows.slice(0, DISCORD_LIMITS.rows);
}

/** The reply cut to everything Discord enforces, so a send never fails on size. */
export function fitToDiscordLimits(reply: FinalReply): FinalReply {
  const fitted: FinalReply = {
    ...reply,
    embeds: fitEmbedTotal(reply.embeds.slice(0, DISCORD_LIMITS.embeds).map(fitEmbed)),
    components: fitComponents(reply.components),
    files: reply.files.slice(0, DISCORD_LIMITS.files),
  };
  if (reply.content !== undefined) fitted.content = truncate(reply.content, DISCORD_LIMITS.content);
  return fitted;
}
