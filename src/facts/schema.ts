import { z } from "zod";

/**
 * The single definition of a tracker edition file (`data/*.json`).
 * Types are inferred from these schemas; `npm run facts:schema` writes the JSON Schema editors use.
 */

const nonEmpty = z.string().trim().min(1);

/** An ISO date or a coarser period: `2017`, `2017-Q1`, `2017-02`, `2017-02-28`. */
export const IsoDateSchema = z
  .string()
  .regex(
    /^\d{4}(-(Q[1-4]|\d{2}(-\d{2})?))?$/,
    "expected an ISO date or period such as 2017, 2017-Q1, 2017-02 or 2017-02-28",
  );

/** The unit of a structured value; `percent` values are written as 14.4, not 0.144. */
export const UnitSchema = z.enum([
  "percent",
  "count",
  "people",
  "usd",
  "year",
  "years",
  "cities",
  "provinces",
  "regions",
]);

export const ValueSchema = z
  .object({
    /** Stable key within the fact, e.g. `after`, `before`, `arrests`. */
    key: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, "use lower-case letters, digits and dashes")
      .describe("Stable key within the fact, e.g. after, before, arrests."),
    /** What the number measures, in words: "Alibaba's stake in SingPost after the increase". */
    measures: nonEmpty.describe("What the number measures, in words."),
    number: z.number().finite(),
    unit: UnitSchema,
    /** Set when the text hedges the figure: "more than 300", "about 150 million". */
    qualifier: z.enum(["more than", "about", "over", "up to"]).optional(),
    /** When the value holds, if it differs from the fact's own as-of date (a planned or earlier value). */
    asOf: IsoDateSchema.optional(),
  })
  .strict();

/** The kinds of question a fact answers; the engine prefers facts whose kind fits the question's wh-word. */
export const AnswerKindSchema = z.enum([
  "count",
  "percent",
  "money",
  "date",
  "person",
  "organization",
  "place",
  "reason",
  "description",
]);

const Slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "use lower-case words joined by dashes");

/** What kind of thing an entity is; a "who" question wants a person, a "where" question a place. */
export const EntityKindSchema = z.enum([
  "company",
  "organization",
  "person",
  "place",
  "product",
  "event",
  "plan",
]);

/**
 * Something the tracker names: a company, a person, a place, a product, an operation. Questions are read
 * for these names, so a question about an entity the facts do not cover (another company, another city)
 * is declined rather than answered with the nearest fact.
 */
export const EntitySchema = z
  .object({
    id: Slug,
    kind: EntityKindSchema,
    /** How the tracker names it, the usual name first ("Singapore Post", "SingPost"). */
    names: z.array(nonEmpty).min(1).describe("How the tracker names it, the usual name first."),
    /** Other ways people say it: short forms and descriptions ("SG", "the city-state's postal operator"). */
    aliases: z.array(nonEmpty).default([]).describe("Short forms and descriptions people use for it."),
    /** The larger entity it is part of (Alibaba Cloud → Alibaba): a question about the whole may be about it. */
    partOf: Slug.optional().describe("The entity it belongs to, e.g. Alibaba Cloud is part of Alibaba."),
  })
  .strict();

/** Words that mean the same thing in this tracker's facts ("stake", "shareholding", "share"). */
export const TermSchema = z
  .object({
    id: Slug,
    words: z.array(nonEmpty).min(2).describe("Words and phrases that mean the same thing here."),
  })
  .strict();

/** An edition's own vocabulary: the names it uses and its synonyms, so the engine itself names nothing. */
export const VocabularySchema = z
  .object({
    entities: z.array(EntitySchema).default([]),
    terms: z.array(TermSchema).default([]),
  })
  .strict();

export const FactSchema = z
  .object({
    /**
     * Keyed by what it measures: a later edition that states the same thing reuses the id,
     * and the engine answers with the newest edition's value and keeps the earlier ones as history.
     */
    id: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "use lower-case words joined by dashes")
      .describe("Keyed by what it measures: a later edition that restates the fact reuses the id."),
    category: nonEmpty,
    /** Short, for menus and autocomplete (Discord allows 100 characters per choice). */
    title: nonEmpty.max(100).describe("Short, for menus and autocomplete."),
    /** One sentence; the figure in **bold** markdown. */
    answer: nonEmpty.max(400).describe("One sentence; the figure in **bold**."),
    kinds: z.array(AnswerKindSchema).min(1),
    values: z.array(ValueSchema).default([]),
    /** When the fact holds: an ISO date or period. */
    asOf: IsoDateSchema,
    /** The same, in words, as a reader would say it ("end of February 2017"). */
    asOfText: nonEmpty.optional(),
    /** Verbatim from the edition's text; the loader checks it. */
    quote: nonEmpty.describe("Verbatim from the edition's text."),
    /** How people ask about it; at least one. */
    phrasings: z.array(nonEmpty).min(1, "needs at least one phrasing").describe("How people ask about it."),
    /** Words and names that point at this fact (entities, synonyms). */
    keywords: z.array(nonEmpty).default([]).describe("Names and synonyms that point at this fact."),
    /**
     * The entities (vocabulary ids) the fact is about. Without it, they are the entities its title, answer,
     * quote and keywords name.
     */
    entities: z
      .array(Slug)
      .optional()
      .describe("Entity ids the fact is about; by default those its title, answer, quote and keywords name."),
    /**
     * Set by `npm run facts:draft` on every candidate it proposes; an editor removes it once the fact is
     * checked. The loader refuses a draft fact in `data/`, so nothing unconfirmed is ever answered.
     */
    draft: z
      .literal(true)
      .optional()
      .describe("Proposed by facts:draft and not yet confirmed; remove once checked. Refused in data/."),
  })
  .strict();

export const EditionMetaSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    title: nonEmpty,
    publisher: nonEmpty,
    /** Publication date or period; decides which edition is newest. */
    date: IsoDateSchema,
    /** The date in words, for footers ("January 2017"). */
    dateText: nonEmpty,
  })
  .strict();

export const EditionFileSchema = z
  .object({
    $schema: z.string().optional(),
    edition: EditionMetaSchema,
    /** The edition's text, one paragraph per entry: every quote must be found in it. */
    text: z.array(nonEmpty).min(1),
    vocabulary: VocabularySchema.default({ entities: [], terms: [] }),
    facts: z.array(FactSchema).min(1),
  })
  .strict();

export type IsoDate = z.infer<typeof IsoDateSchema>;
export type Unit = z.infer<typeof UnitSchema>;
export type Value = z.infer<typeof ValueSchema>;
export type AnswerKind = z.infer<typeof AnswerKindSchema>;
export type Fact = z.infer<typeof FactSchema>;
export type Entity = z.infer<typeof EntitySchema>;
export type EntityKind = z.infer<typeof EntityKindSchema>;
export type Term = z.infer<typeof TermSchema>;
export type Vocabulary = z.infer<typeof VocabularySchema>;
export type EditionMeta = z.infer<typeof EditionMetaSchema>;
export type EditionFile = z.infer<typeof EditionFileSchema>;
