/**
 * Text with emphasis, kept as data until the last step: Discord markdown, ANSI for a terminal, or plain.
 * Nothing downstream parses markup back.
 */
export interface Span {
  text: string;
  /** The figure or name that answers. */
  bold?: boolean;
  /** Provenance and asides. */
  muted?: boolean;
  /** A command or id to type (`/topics`). */
  code?: boolean;
}

export type Rich = Span[];

export const plain = (text: string): Span => ({ text });
export const bold = (text: string): Span => ({ text, bold: true });
export const muted = (text: string): Span => ({ text, muted: true });
export const code = (text: string): Span => ({ text, code: true });

/** Spans joined with a separator between them. */
export function joinRich(parts: readonly Rich[], separator: string): Rich {
  return parts.flatMap((part, i) => (i === 0 ? part : [plain(separator), ...part]));
}

/**
 * The fact files write a fact's answer with its figure in `**bold**` (see the schema): that authored
 * sentence becomes spans here, once.
 */
export function richOfAuthored(sentence: string): Rich {
  return sentence
    .split(/(\*\*[^*]+\*\*)/)
    .filter(Boolean)
    .map((part) => (part.startsWith("**") && part.endsWith("**") ? bold(part.slice(2, -2)) : plain(part)));
}

export type TextStyle = "markdown" | "ansi" | "plain";

/** Markdown characters that would change how a span renders on Discord. */
const MARKDOWN_SPECIAL = /([*_~`|\\])/g;

function spanText(span: Span, style: TextStyle): string {
  const { text } = span;
  if (!text) return "";
  switch (style) {
    case "plain":
      return text;
    case "ansi":
      if (span.bold) return `\u001b[1m${text}\u001b[22m`;
      if (span.muted) return `\u001b[2m${text}\u001b[22m`;
      return text;
    case "markdown": {
      if (span.code) return `\`${text.replace(/`/g, "'")}\``;
      // Bold and italic markers go outside the spaces they would otherwise not bind across.
      const [, lead = "", core = "", trail = ""] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text) ?? [];
      const escaped = core.replace(MARKDOWN_SPECIAL, "\\$1");
      if (!core) return text;
      if (span.bold) return `${lead}**${escaped}**${trail}`;
      if (span.muted) return `${lead}_${escaped}_${trail}`;
      return `${lead}${escaped}${trail}`;
    }
  }
}

/** Rich text in one style. */
export function renderRich(rich: Rich, style: TextStyle): string {
  return rich.map((span) => spanText(span, style)).join("");
}
