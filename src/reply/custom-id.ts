import { z } from "zod";

/**
 * Button custom ids: `fact:<id>`, `source:<id>`, `topics:<category slug|all>:<page>`, `unanswered:<page>`
 * (the server is the clicker's, never the id's).
 * They come back from Discord on every click, possibly stale (an older fact base) or forged,
 * so they are parsed, never trusted.
 */
const Slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);

const CustomIdParts = z.union([
  z.tuple([z.literal("fact"), Slug]).transform(([, factId]) => ({ kind: "fact" as const, factId })),
  z.tuple([z.literal("source"), Slug]).transform(([, factId]) => ({ kind: "source" as const, factId })),
  z
    .tuple([z.literal("topics"), Slug, z.string().regex(/^\d{1,3}$/)])
    .transform(([, category, page]) => ({ kind: "topics" as const, category, page: Number(page) })),
  z
    .tuple([z.literal("unanswered"), z.string().regex(/^\d{1,3}$/)])
    .transform(([, page]) => ({ kind: "unanswered" as const, page: Number(page) })),
]);

export const CustomIdSchema = z
  .string()
  .max(100)
  .transform((id) => id.split(":"))
  .pipe(CustomIdParts);

export type CustomId = z.output<typeof CustomIdSchema>;

export function parseCustomId(raw: string): CustomId | undefined {
  const parsed = CustomIdSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export function customIdOf(id: CustomId): string {
  switch (id.kind) {
    case "fact":
      return `fact:${id.factId}`;
    case "source":
      return `source:${id.factId}`;
    case "topics":
      return `topics:${id.category}:${id.page}`;
    case "unanswered":
      return `unanswered:${id.page}`;
  }
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
