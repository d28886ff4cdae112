import type { FactBase } from "./base.js";
import { readStatements, type Statement } from "./draft/statements.js";
import type { EditionMeta } from "./schema.js";

/**
 * What an edition says that no fact quotes: every sentence that states a figure, a date or period, or a name,
 * read with the same NLP as `facts:draft`, whose statement no fact's quote covers. A sentence is covered when
 * each of its figures and dates lies inside some fact's quote; a sentence that only names something is
 * covered when a quote takes in any of it (a name alone — "In the report, the USTR wrote:" — is no claim
 * of its own). `facts:check` lists the rest as warnings for the editors: a reader may ask about them.
 */

export interface Uncovered {
  edition: EditionMeta;
  /** Index of the paragraph in the edition's text. */
  paragraph: number;
  sentence: string;
  /** What it states that no quote covers: figures and dates, else its names. */
  figures: string[];
  dates: string[];
  names: string[];
}

interface Span {
  start: number;
  end: number;
}

/**
 * Typographic quotes folded one for one, so offsets stay those of the text; `foldTypography` in the loader
 * matches quotes the same way but also squeezes white space, which would move them.
 */
function foldQuotes(text: string): string {
  return text.replace(/[\u2018\u2019\u201B\u2032]/g, "'").replace(/[\u201C\u201D\u201F\u2033]/g, '"');
}

/** Where each quote stands in the text (paragraphs joined by a newline), every occurrence. */
export function quoteSpans(paragraphs: readonly string[], quotes: readonly string[]): Span[] {
  const text = foldQuotes(paragraphs.join("\n"));
  return quotes.flatMap((quote) => {
    const needle = foldQuotes(quote).trim();
    const spans: Span[] = [];
    for (let at = text.indexOf(needle); needle && at >= 0; at = text.indexOf(needle, at + 1)) {
      spans.push({ start: at, end: at + needle.length });
    }
    return spans;
  });
}

/** The offset of each paragraph in the joined text. */
function paragraphOffsets(paragraphs: readonly string[]): number[] {
  const offsets: number[] = [];
  let at = 0;
  for (const p of paragraphs) {
    offsets.push(at);
    at += p.length + 1;
  }
  return offsets;
}

const inside = (span: Span, spans: readonly Span[]): boolean =>
  spans.some((s) => s.start <= span.start && span.end <= s.end);

const overlaps = (span: Span, spans: readonly Span[]): boolean =>
  spans.some((s) => s.start < span.end && span.start < s.end);

/** A mention as the NLP cut it, without the punctuation it took along ("in February." → "in February"). */
const trimmed = (text: string): string => text.replace(/^[\s(]+|[\s.,;:)]+$/g, "");

/** One statement against the quotes; `undefined` when it states nothing or a quote covers it. */
function uncoveredOf(
  statement: Statement,
  offset: number,
  quotes: readonly Span[],
): Omit<Uncovered, "edition"> | undefined {
  const shift = (s: Span): Span => ({ start: s.start + offset, end: s.end + offset });
  const { sentence } = statement;
  const figures = statement.figures.filter((f) => !inside(shift(f), quotes)).map((f) => trimmed(f.text));
  const dates = statement.dates.filter((d) => !inside(shift(d), quotes)).map((d) => trimmed(d.text));
  const namesOnly = statement.figures.length === 0 && statement.dates.length === 0;
  const unquotedNames = namesOnly && statement.names.length > 0 && !overlaps(shift(sentence), quotes);
  if (figures.length === 0 && dates.length === 0 && !unquotedNames) return undefined;
  return {
    paragraph: sentence.paragraph,
    sentence: sentence.text,
    figures: [...new Set(figures)],
    dates: [...new Set(dates)],
    names: unquotedNames ? [...new Set(statement.names.map((n) => n.text))] : [],
  };
}

/** The quotes of the facts stated in one edition, the newest facts' and the earlier versions' alike. */
function quotesOf(base: FactBase, edition: EditionMeta): string[] {
  return base.facts.flatMap((fact) => [
    ...(fact.edition.id === edition.id ? [fact.quote] : []),
    ...fact.history.filter((h) => h.edition.id === edition.id).map((h) => h.fact.quote),
  ]);
}

/** Every sentence of every edition that states a figure, a date or a name no fact quotes, in text order. */
export function uncoveredSentences(base: FactBase): Uncovered[] {
  return base.texts.flatMap(({ edition, paragraphs }) => {
    const quotes = quoteSpans(paragraphs, quotesOf(base, edition));
    const offsets = paragraphOffsets(paragraphs);
    return readStatements(paragraphs, edition).flatMap((statement) => {
      const found = uncoveredOf(statement, offsets[statement.sentence.paragraph] ?? 0, quotes);
      return found ? [{ edition, ...found }] : [];
    });
  });
}

/** `Alibaba Tracker, January 2017 ¶6: "…" — names: Alibaba, China`. */
export function formatUncovered(u: Uncovered): string {
  const states = [
    u.figures.length > 0 ? `figures: ${u.figures.join(", ")}` : "",
    u.dates.length > 0 ? `dates: ${u.dates.join(", ")}` : "",
    u.names.length > 0 ? `names: ${u.names.join(", ")}` : "",
  ].filter(Boolean);
  return `${u.edition.title}, ${u.edition.dateText} ¶${u.paragraph + 1}: “${u.sentence}” — ${states.join("; ")}`;
}
