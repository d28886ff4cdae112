import { compareIso, dateInWords } from "../iso-date.js";
import type { EditionMeta, IsoDate } from "../schema.js";
import { type DateMention, datesOf, isFutureTense, isPastTense, referenceDay } from "./dates.js";
import { CHANGE_VERB, type Figure, figuresOf } from "./figures.js";
import { cleanName, type NameMention, type Sentence, sentencesOf, type Term } from "./nlp.js";

/** One sentence, read: its dates, figures and names, and the date it speaks of. */
export interface Statement {
  sentence: Sentence;
  dates: DateMention[];
  figures: Figure[];
  names: NameMention[];
  /** The date the statement speaks of: its own, one carried from the sentence before, or the edition's. */
  asOf: IsoDate;
  asOfText: string;
  /** A date after the edition that a future change ("will rise to") aims at, from its sentence or the next. */
  target?: DateMention;
  /** The last place named earlier in the paragraph, for "the region" and "its population". */
  placeBefore?: string;
}

export function relationWords(date: DateMention): string {
  return date.relation === "since" ? "since " : date.relation === "by" ? "by " : "";
}

function isAfterEdition(date: DateMention, edition: EditionMeta): boolean {
  return compareIso(date.asOf, edition.date) > 0;
}

/**
 * compromise cannot tell a capitalised first word from a name ("Lazada now operates …" is tagged a plain
 * noun); a first word the text names elsewhere is that name.
 */
function withKnownNames(statements: Statement[]): Statement[] {
  const known = new Map<string, NameMention["kind"]>();
  for (const s of statements) for (const n of s.names) if (!/\s/.test(n.text)) known.set(n.text, n.kind);
  return statements.map((s) => {
    const first = s.sentence.terms[0];
    const word = first?.text.replace(/[’']s$/, "");
    const kind = word ? known.get(word) : undefined;
    if (!first || !word || !kind || s.names.some((n) => n.start === first.start)) return s;
    return { ...s, names: [{ text: word, kind, start: first.start }, ...s.names] };
  });
}

/** Reads every sentence of the text and settles the date each one speaks of. */
export function readStatements(paragraphs: string[], edition: EditionMeta): Statement[] {
  return withKnownNames(readSentences(paragraphs, edition));
}

function readSentences(paragraphs: string[], edition: EditionMeta): Statement[] {
  const today = referenceDay(edition.date);
  return paragraphs.flatMap((paragraphText, p) => {
    const read = sentencesOf(paragraphText, p, today).map((sentence) => {
      const dates = datesOf(sentence, paragraphText, edition.date);
      return { sentence, dates, figures: figuresOf(sentence, dates) };
    });
    let carried: DateMention | undefined;
    let placeBefore: string | undefined;
    return read.map(({ sentence, dates, figures }, i): Statement => {
      const own = dates.find((d) => !d.years) ?? dates[0];
      // "Near the end of last month, Ant Financial announced …. Ant Financial reported that it had teamed up
      // with 352 cities": a past-tense sentence without a date of its own tells of the same time.
      const date = own ?? (isPastTense(sentence.terms) ? carried : undefined);
      // "will rise to 14.4 percent …. The rise, targeting completion by the end of February": a future change
      // aims at the first date after the edition, in its sentence or the next.
      const future = isFutureTense(sentence.terms) && figures.some((f) => f.role === "after");
      const target = future
        ? (dates.find((d) => isAfterEdition(d, edition)) ??
          read[i + 1]?.dates.find((d) => isAfterEdition(d, edition)))
        : undefined;
      const shown = target ?? date;
      const statement: Statement = {
        sentence,
        dates,
        figures,
        names: sentence.names,
        asOf: shown?.asOf ?? edition.date,
        asOfText: shown ? `${relationWords(shown)}${dateInWords(shown.asOf)}` : `${edition.dateText} edition`,
        ...(target ? { target } : {}),
        ...(placeBefore ? { placeBefore } : {}),
      };
      if (own && compareIso(own.asOf, edition.date) < 0) carried = own;
      placeBefore = sentence.names.filter((n) => n.kind === "place").at(-1)?.text ?? placeBefore;
      return statement;
    });
  });
}

/** The words of a sentence between two terms, verbatim. */
function between(sentence: Sentence, first: Term, last: Term): string {
  return sentence.text.slice(first.start - sentence.start, last.end - sentence.start);
}

/** What a statement is about, before its verb: "Alibaba’s stake in SingPost will rise …" → "Alibaba’s stake in SingPost". */
export function subjectOf(sentence: Sentence): string {
  let terms = sentence.terms;
  // A leading aside ending in a comma ("Heading eastward,", "As of 2016,", "Near the end of last month,")
  // is not the subject.
  const comma = terms.findIndex((t) => t.post.includes(","));
  const opener = terms[0]?.tags ?? new Set<string>();
  if (
    comma >= 0 &&
    comma < 8 &&
    ["Preposition", "Adverb", "Gerund", "Conjunction", "Date"].some((t) => opener.has(t))
  ) {
    terms = terms.slice(comma + 1);
  }
  const words: Term[] = [];
  for (const term of terms) {
    if (term.chunk === "Verb" || term.tags.has("Verb") || term.tags.has("Copula") || term.pre.includes("("))
      break;
    // compromise tags some verbs as nouns ("revenue rose"); a written figure is never part of the subject.
    const figure = (/^\d/.test(term.text) && !term.tags.has("Ordinal")) || term.text.startsWith("$");
    if (CHANGE_VERB.test(term.normal) || figure) break;
    words.push(term);
    if (/[,;:—–(]/.test(term.post)) break;
  }
  const first = words[0];
  const last = words.at(-1);
  const subject = first && last ? cleanName(between(sentence, first, last)) : "";
  const named = words.some((t) => t.tags.has("Noun") && !t.tags.has("Pronoun"));
  return !named || /^(there|it|this|that|they|we|what|everyone)$/i.test(subject) ? "" : subject;
}

/** The comma-delimited clause of a sentence that holds a span: "… has been in the works since late 2015". */
export function clauseAround(sentence: Sentence, start: number, end: number): string {
  const text = sentence.text;
  const from = start - sentence.start;
  const to = end - sentence.start - 1; // a span may end on the comma that closes its clause
  const open = Math.max(text.lastIndexOf(",", from - 1), text.lastIndexOf("—", from - 1));
  const close = [text.indexOf(",", to), text.indexOf("—", to)].filter((i) => i >= 0);
  return text
    .slice(open + 1, close.length > 0 ? Math.min(...close) : text.length)
    .replace(/[.”"]+$/, "")
    .trim();
}

/** A figure's own date: one written right after it, in its clause ("$14.3 billion in 2015"). */
export function dateAfter(statement: Statement, figure: Figure): DateMention | undefined {
  const next = statement.dates.find((d) => d.start >= figure.end && !d.years);
  if (!next) return undefined;
  const gap = statement.sentence.text.slice(
    figure.end - statement.sentence.start,
    next.start - statement.sentence.start,
  );
  const otherFigure = statement.figures.some(
    (f) => f !== figure && f.start >= figure.end && f.start < next.start,
  );
  return gap.length > 40 || /[,;—–]/.test(gap) || otherFigure ? undefined : next;
}

/** "up from $3.4 billion a year earlier". */
export function saysAYearEarlier(statement: Statement, figure: Figure): boolean {
  return /^\s*(a|one) year (earlier|before|ago)\b/i.test(
    statement.sentence.text.slice(figure.end - statement.sentence.start),
  );
}

/** The name a statement is about: its first person or organisation, else its first place, else its subject. */
export function anchorOf(statement: Statement): string {
  const names = statement.names;
  return names.find((n) => n.kind !== "place")?.text ?? names[0]?.text ?? subjectOf(statement.sentence);
}
