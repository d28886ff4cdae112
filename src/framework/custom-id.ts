import { z } from "zod";

/**
 * Button custom ids name the command that owns the button, then its arguments: `fact:<id>`, `source:<id>`,
 * `topics:<category slug|all>:<page>`, `unanswered:<page>`. The pipeline routes a click to that command,
 * whose `button.args` schema parses the rest (a custom id comes back possibly stale or forged).
 */
export const CUSTOM_ID_MAX = 100;

/** A fact id or category slug inside a custom id or an autocomplete pick. */
export const Slug = z
  .string()
  .max(100)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);

export function customIdOf(command: string, ...args: (string | number)[]): string {
  return [command, ...args.map(String)].join(":");
}

/** `topics:all:2` → { command: "topics", args: ["all", "2"] }; undefined when it cannot be one of ours. */
export function splitCustomId(customId: string): { command: string; args: string[] } | undefined {
  if (customId.length > CUSTOM_ID_MAX) return undefined;
  const [command, ...args] = customId.split(":");
  return command && /^[a-z][a-z0-9-]*$/.test(command) ? { command, args } : undefined;
}

/** The facts a message of ours is about, read back from its buttons (`source:` first, then `fact:`). */
export function factIdsOfCustomIds(customIds: readonly string[]): { answered: string[]; offered: string[] } {
  const answered: string[] = [];
  const offered: string[] = [];
  for (const id of customIds) {
    const parts = splitCustomId(id);
    const arg = Slug.safeParse(parts?.args.length === 1 ? parts.args[0] : undefined);
    if (!parts || !arg.success) continue;
    if (parts.command === "source") answered.push(arg.data);
    else if (parts.command === "fact") offered.push(arg.data);
  }
  return { answered, offered };
}

/** Category names are free text ("SingPost & logistics"); ids carry this slug instead. */
export function categorySlug(category: string): string {
  return (
    category
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "category"
  );
}
