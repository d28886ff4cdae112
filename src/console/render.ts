import { splitCustomId } from "../framework/custom-id.js";
import type { Button, Embed, FinalReply } from "../framework/types.js";

/**
 * The console is a Discord client of its own: it shows the same replies, with embeds as lines, buttons as
 * what to type to "click" them, and Discord's markdown rendered for a terminal.
 */

/** What to type for a button: a number for an offered fact, `n`/`p` for paging, a command otherwise. */
function buttonText(button: Button, factNumber: number | undefined): string {
  const label = button.label ?? "";
  if (button.disabled) return "";
  const id = splitCustomId(button.custom_id);
  if (id?.command === "fact" && factNumber !== undefined) return `[${factNumber}] ${label}`;
  if (id?.command === "source") return `[${label}: /source ${id.args[0]}]`;
  if (/Next/.test(label)) return `[${label}: n]`;
  if (/Prev/.test(label)) return `[${label}: p]`;
  return `[${label}]`;
}

function embedLines(embed: Embed): string[] {
  const lines: string[] = [];
  if (embed.author?.name) lines.push(embed.author.name);
  if (embed.title) lines.push(`== ${embed.title} ==`);
  if (embed.description) lines.push(embed.description);
  // Inline fields side by side, as Discord shows them; others one per block.
  let inline: string[] = [];
  const flush = () => {
    if (inline.length > 0) lines.push(inline.join("   "));
    inline = [];
  };
  for (const field of embed.fields ?? []) {
    if (field.inline) {
      inline.push(`${field.name}: ${field.value}`);
      continue;
    }
    flush();
    lines.push(`${field.name}:`, ...field.value.split("\n").map((l) => `  ${l}`));
  }
  flush();
  if (embed.footer?.text) lines.push(`-- ${embed.footer.text}`);
  return lines;
}

/** The custom ids a reply's buttons offer by what is typed for them: `1`–`5`, `n`, `p`. */
export function typedButtons(reply: FinalReply): Map<string, string> {
  const typed = new Map<string, string>();
  let number = 0;
  for (const button of reply.components.flatMap((row) => row.components)) {
    if (button.disabled) continue;
    const id = splitCustomId(button.custom_id);
    if (id?.command === "fact") typed.set(String(++number), button.custom_id);
    else if (/Next/.test(button.label ?? "")) typed.set("n", button.custom_id);
    else if (/Prev/.test(button.label ?? "")) typed.set("p", button.custom_id);
  }
  return typed;
}

/** A reply as readable text (still in Discord markdown): content, embeds with fields and footer, buttons. */
export function replyAsText(reply: FinalReply): string {
  const lines: string[] = [];
  if (reply.ephemeral) lines.push("(only you can see this)");
  if (reply.content) lines.push(reply.content);
  for (const embed of reply.embeds) lines.push(...embedLines(embed));
  let number = 0;
  for (const row of reply.components) {
    const buttons = row.components
      .map((b) => buttonText(b, splitCustomId(b.custom_id)?.command === "fact" ? ++number : undefined))
      .filter(Boolean);
    if (buttons.length > 0) lines.push(buttons.join(" "));
  }
  if (number > 1) lines.push(`(type 1–${number} to pick)`);
  return lines.join("\n");
}

/**
 * Discord's markdown as a terminal shows it: bold as ANSI bold on a TTY, markers dropped otherwise. This
 * is the console's renderer of Discord markdown (as Discord's own client has one), not a reading of answers.
 */
export function markdownForTerminal(text: string, tty: boolean): string {
  const bold = tty ? "\u001b[1m$1\u001b[22m" : "$1";
  const italic = tty ? "\u001b[2m$1\u001b[22m" : "$1";
  return text
    .replace(/\*\*(.+?)\*\*/g, bold)
    .replace(/(?<![\w*])_(.+?)_(?![\w*])/g, italic)
    .replace(/`([^`]+)`/g, "$1")
    .replace(/\\([*_~`|\\])/g, "$1");
}
