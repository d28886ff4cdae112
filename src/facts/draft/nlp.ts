import nlp from "compromise";
import datesPlugin, { type DatesMethods } from "compromise-dates";
import { z } from "zod";

/**
 * The one place that talks to compromise: sentences, terms with their tags, numbers, dates and names of a
 * paragraph, with offsets into the paragraph so that every quote is cut from the text itself (verbatim).
 * compromise's `.json()` is untyped, so its output is parsed with zod here and nowhere else.
 */

nlp.plugin(datesPlugin);

const OffsetSchema = z.object({ start: z.number().int().min(0), length: z.number().int().min(0) });

const TermSchema = z.object({
  text: z.string(),
  normal: z.string(),
  pre: z.string(),
  post: z.string(),
  tags: z.array(z.string()),
  /** compromise's chunker: `Noun`, `Verb`, `Pivot`, … */
  chunk: z.string().nullish(),
  offset: OffsetSchema,
});

const SpanSchema = z.object({ text: z.string(), offset: OffsetSchema });

const NumberSchema = SpanSchema.extend({
  number: z.object({ num: z.number(), suffix: z.string().optional(), unit: z.string().optional() }),
  terms: z.array(TermSchema),
});

const DateSchema = SpanSchema.extend({
  dates: z
    .object({ start: z.string().nullable(), end: z.string().nullable(), unit: z.string().optional() })
    .optional(),
});

export interface Term {
  text: string;
  /** Lower-cased, typographic apostrophes folded. */
  normal: string;
  /** Punctuation and space before and after the word. */
  pre: string;
  post: string;
  tags: ReadonlySet<string>;
  chunk: string | undefined;
  /** Offsets into the paragraph. */
  start: number;
  end: number;
}

export interface NumberMention {
  text: string;
  number: number;
  percent: boolean;
  /** The terms compromise read as the number. */
  terms: Term[];
  start: number;
  end: number;
}

export interface DateSpan {
  text: string;
  /** ISO instants as compromise-dates resolved them, in UTC; null when it recognised but could not place it. */
  startIso: string | null;
  endIso: string | null;
  unit: string | undefined;
  start: number;
  end: number;
}

export interface NameMention {
  text: string;
  kind: "person" | "organization" | "place";
  start: number;
}

export interface Sentence {
  /** Exactly `paragraph.slice(start, end)`. */
  text: string;
  paragraph: number;
  /** Position of the sentence in its paragraph. */
  index: number;
  start: number;
  end: number;
  terms: Term[];
  numbers: NumberMention[];
  dates: DateSpan[];
  names: NameMention[];
}

function termOf(raw: z.infer<typeof TermSchema>): Term {
  return {
    text: raw.text,
    normal: raw.normal.replace(/[’‘]/g, "'"),
    pre: raw.pre,
    post: raw.post,
    tags: new Set(raw.tags),
    chunk: raw.chunk ?? undefined,
    start: raw.offset.start,
    end: raw.offset.start + raw.offset.length,
  };
}

type Doc = ReturnType<typeof nlp<DatesMethods>>;

const NameSpanSchema = SpanSchema.extend({ terms: z.array(TermSchema) });

/** Words compromise may take for names at the start of a sentence, and demonyms ("Chinese"), which name no one. */
const NOT_A_NAME = /^(our|we|us|you|they|it|its|this|these|those|there|here|what|i|he|she|his|her|their|my)$/;

function isNameWord(term: Term): boolean {
  return !term.tags.has("Demonym") && !term.tags.has("Pronoun") && !NOT_A_NAME.test(term.normal);
}

/** A capitalised word just before a name that belongs to it: "Southeast" Asia, "SB" Cloud, not "Alibaba’s" Taobao. */
function extendsName(term: Term): boolean {
  return (
    /^\p{Lu}/u.test(term.text) &&
    /^[ -]$/.test(term.post) && // "Five-Year Plan" is one name
    isNameWord(term) &&
    !term.tags.has("Possessive") &&
    !term.tags.has("Determiner") &&
    // A sentence's first word is tagged a plain noun even when it is a name ("Alibaba Cloud is …").
    ["ProperNoun", "Adjective", "Acronym", "Noun"].some((tag) => term.tags.has(tag))
  );
}

/**
 * A library span cut into names: split where the text does (a dash or a comma between two names,
 * "Ant Financial — Alibaba Group"), trimmed of words that are no names, and extended to the capitalised words
 * just before it that compromise tags as adjectives ("Southeast Asia").
 */
function namesInSpan(
  terms: Term[],
  all: Term[],
  paragraph: string,
  kind: NameMention["kind"],
): NameMention[] {
  const parts: Term[][] = [[]];
  for (const term of terms) {
    parts.at(-1)?.push(term);
    if (/[,;:—–()]|\s-\s/.test(term.post)) parts.push([]);
  }
  return parts.flatMap((part) => {
    let words = part;
    while (words[0] && !isNameWord(words[0])) words = words.slice(1);
    while (words.at(-1) && !isNameWord(words.at(-1) as Term)) words = words.slice(0, -1);
    const first = words[0];
    const last = words.at(-1);
    if (!first || !last) return [];
    let startTerm = first;
    for (let i = all.findIndex((t) => t.start === first.start) - 1; i >= 0; i--) {
      const previous = all[i] as Term;
      if (!extendsName(previous)) break;
      startTerm = previous;
    }
    const text = cleanName(paragraph.slice(startTerm.start, last.end));
    return text.length > 1 ? [{ text, kind, start: startTerm.start }] : [];
  });
}

/** People, organisations and places: compromise's named entities, then its remaining proper nouns. */
function namesOf(sentence: Doc, all: Term[], paragraph: string): NameMention[] {
  const found: NameMention[] = [];
  const add = (view: Doc, kind: NameMention["kind"]) => {
    for (const raw of z.array(NameSpanSchema).parse(view.json({ offset: true, terms: { offset: true } }))) {
      for (const name of namesInSpan(raw.terms.map(termOf), all, paragraph, kind)) {
        const clash = found.findIndex((n) => overlaps(n.start, n.text.length, name.start, name.text.length));
        const first = found[clash];
        if (!first) found.push(name);
        // The longer reading wins ("Five-Year Plan" over "Five"), keeping what the first one said it is.
        else if (name.text.length > first.text.length && name.text.includes(first.text)) {
          found[clash] = { ...name, kind: first.kind };
        }
      }
    }
  };
  add(sentence.people() as unknown as Doc, "person");
  add(sentence.places() as unknown as Doc, "place");
  add(sentence.organizations() as unknown as Doc, "organization");
  // compromise names only the organisations it knows or whose names end like one ("Inc", "Group"); a
  // newsletter's other proper nouns (Alibaba, SingPost, Lazada) are mostly companies and brands.
  add(sentence.match("#ProperNoun+ (of the? #ProperNoun+)?") as Doc, "organization");
  return found.sort((a, b) => a.start - b.start);
}

function overlaps(a: number, aLength: number, b: number, bLength: number): boolean {
  return a < b + bLength && b < a + aLength;
}

/** Trailing punctuation, possessive "’s" and a leading article off a name as compromise returns it. */
export function cleanName(text: string): string {
  return text
    .replace(/[“”"]/g, "") // quotes around part of a name: Operation “Cloud Sword”
    .replace(/^[(‘']+|[)’',;:]+$/g, "")
    .replace(/[’']s$/u, "")
    .replace(/^(the|a|an)\s+/i, "")
    .replace(/(?<!\b\p{Lu})\.$/u, "") // "UAE." loses its full stop; "U.S." keeps it
    .replace(/[,;:]+$/g, "")
    .trim();
}

function sentenceOf(view: Doc, paragraphText: string, paragraph: number, index: number, today: string) {
  const [json] = z
    .array(SpanSchema.extend({ terms: z.array(TermSchema) }))
    .parse(view.json({ offset: true, terms: { offset: true } }));
  if (!json) return undefined;
  const start = json.offset.start;
  const end = start + json.offset.length;
  const numbers = z
    .array(NumberSchema)
    .parse(view.numbers().json({ offset: true, terms: { offset: true } }))
    .map(
      (n): NumberMention => ({
        text: n.text,
        number: n.number.num,
        percent: n.number.unit === "percent" || n.number.suffix === "%",
        terms: n.terms.map(termOf),
        start: n.offset.start,
        end: n.offset.start + n.offset.length,
      }),
    );
  const dates = z
    .array(DateSchema)
    .parse(view.dates({ today, timezone: "UTC" }).json({ offset: true }))
    .map(
      (d): DateSpan => ({
        text: d.text,
        startIso: d.dates?.start ?? null,
        endIso: d.dates?.end ?? null,
        unit: d.dates?.unit,
        start: d.offset.start,
        end: d.offset.start + d.offset.length,
      }),
    );
  const terms = json.terms.map(termOf);
  return {
    text: paragraphText.slice(start, end),
    paragraph,
    index,
    start,
    end,
    terms,
    numbers,
    dates,
    names: namesOf(view, terms, paragraphText),
  } satisfies Sentence;
}

/**
 * The sentences of one paragraph. `today` anchors relative dates ("last month", "this year") and is the
 * edition's publication date.
 */
export function sentencesOf(paragraphText: string, paragraph: number, today: string): Sentence[] {
  const doc = nlp<DatesMethods>(paragraphText);
  const sentences: Sentence[] = [];
  doc.sentences().forEach((view) => {
    const sentence = sentenceOf(view as Doc, paragraphText, paragraph, sentences.length, today);
    if (sentence?.text.trim()) sentences.push(sentence);
  });
  return sentences;
}

/** Paragraphs as a newsletter is pasted: blank-line separated, or one per line when there are no blank lines. */
export function paragraphsOf(raw: string): string[] {
  const text = raw
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .trim();
  const blocks = /\n[ \t]*\n/.test(text) ? text.split(/\n[ \t]*\n/) : text.split("\n");
  return blocks.map((block) => block.replace(/\s*\n\s*/g, " ").trim()).filter((block) => block.length > 0);
}
