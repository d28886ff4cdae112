import type { AllowedMentions } from "./types.js";

const ZWSP = "\u200b";

/**
 * Text that can never render as a ping: `@everyone`, `@here`, `<@id>`, `<@!id>`, `<@&id>` get a zero-width
 * space after the `@`. allowedMentions already stops the ping; this also stops the blue "mention" look
 * and keeps echoed user input from being pasted elsewhere as a live mention.
 */
export function neutraliseMentions(text: string): string {
  // No word boundary after everyone/here: Discord pings on "@everyonewhat" too.
  return text.replace(/@(everyone|here)/gi, `@${ZWSP}$1`).replace(/<@([!&]?\d)/g, `<@${ZWSP}$1`);
}

/** Nobody, or only the one user named by a `mention` option. */
export function allowedMentionsFor(mentionUserId?: string): AllowedMentions {
  return mentionUserId ? { parse: [], users: [mentionUserId] } : { parse: [] };
}
