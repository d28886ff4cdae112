import { parseCustomId } from "./custom-id.js";
import type { Button, Embed, FinalReply } from "./types.js";

/** The console equivalent of a button, since a terminal cannot click. */
function buttonText(button: Button): string {
  const id = parseCustomId(button.custom_id);
  const label = button.label ?? "";
  if (button.disabled) return `(${label})`;
  if (id?.kind === "fact") return `[${label}: /fact ${id.factId}]`;
  if (id?.kind === "source") return `[${label}: /source ${id.factId}]`;
  return `[${label}]`;
}

function embedText(embed: Embed): string[] {
  const lines: string[] = [];
  if (embed.author?.name) lines.push(embed.author.name);
  if (embed.title) lines.push(`== ${embed.title} ==`);
  if (embed.description) lines.push(embed.description);
  const fields = embed.fields ?? [];
  // Inline fields side by side, as Discord shows them; others one per block.
  let inline: string[] = [];
  const flush = () => {
    if (inline.length > 0) lines.push(inline.join("   "));
    inline = [];
  };
  for (const field of fields) {
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

/** A reply as readable terminal text: content, embeds with fields and footer, buttons as `[Label]`. */
export function replyAsText(reply: FinalReply): string {
  const lines: string[] = [];
  if (reply.ephemeral) lines.push("(only you can see this)");
  if (reply.content) lines.push(reply.content);
  for (const embed of reply.embeds) lines.push(...embedText(embed));
  for (const row of reply.components) lines.push(row.components.map(buttonText).join(" "));
  return lines.join("\n");
}
