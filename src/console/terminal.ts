import type { EngineAnswer } from "../engine/types.js";

/** Discord markdown made readable in a terminal: bold kept as ANSI bold on a TTY, markers dropped otherwise. */
export function markdownForTerminal(text: string, tty: boolean): string {
  const bold = tty ? "\u001b[1m$1\u001b[22m" : "$1";
  const italic = tty ? "\u001b[2m$1\u001b[22m" : "$1";
  return text
    .replace(/\*\*(.+?)\*\*/g, bold)
    .replace(/(?<![\w*])_(.+?)_(?![\w*])/g, italic)
    .replace(/`([^`]+)`/g, "$1");
}

/** What the console prints for a plain question: the bot's words, then the source quote when it answered. */
export function answerForTerminal(answer: EngineAnswer, tty: boolean): string {
  const lines = [markdownForTerminal(answer.text, tty)];
  if (answer.fact && answer.answered) lines.push(`  Source: “${answer.fact.quote}”`);
  return lines.join("\n");
}
