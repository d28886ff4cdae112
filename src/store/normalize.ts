/** Longest question text kept. */
export const MAX_QUESTION_LENGTH = 300;

/**
 * A question as it is recorded: lower-case, mentions (users, roles, channels, @everyone/@here) and custom
 * emoji removed, whitespace collapsed, trailing `?`/`!`/`.` dropped (so "What is X?" and "what is x" count
 * together), cut to 300 characters. No ids of anyone survive it. Empty when nothing is left.
 */
export function normalizeQuestion(text: string): string {
  const cleaned = text
    .normalize("NFKC")
    .replace(/<(?:@[!&]?|#)\d+>/g, " ")
    .replace(/<a?:\w+:\d+>/g, " ")
    .replace(/<\/[^:>]+:\d+>/g, " ")
    .replace(/@(?:everyone|here)\b/gi, " ")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\s?!.]+$/u, "");
  let cut = cleaned.slice(0, MAX_QUESTION_LENGTH);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut.trim();
}
