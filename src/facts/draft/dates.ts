import { boundsOf, compareIso, isoAt, MONTHS, type Precision, precisionOf } from "../iso-date.js";
import type { IsoDate } from "../schema.js";
import type { DateSpan, Sentence, Term } from "./nlp.js";

/**
 * Dates and periods of a sentence as the schema holds them (`2017`, `2017-Q1`, `2017-02`, `2017-02-28`),
 * resolved against the edition's publication date. compromise-dates reads the phrases; the rules here say
 * what a newsletter means by them, which a general date parser cannot know.
 */

export interface DateMention {
  text: string;
  asOf: IsoDate;
  /** A span of whole years ("2016–2020", "from 2016 to 2020"): its first and last year. */
  years?: { from: number; to: number };
  /** "since late 2015" is when something began; "by 2025" is a target. */
  relation: "at" | "since" | "by";
  start: number;
  end: number;
}

/** The instant relative dates are read from: the middle of the edition's period ("this year", "last month"). */
export function referenceDay(published: IsoDate): string {
  const { start, end } = boundsOf(published);
  const middle = new Date((start.getTime() + end.getTime()) / 2);
  return isoAt(middle, "day");
}

/** A sentence tells of the past when its verbs do and nothing says "will". */
export function isPastTense(terms: Term[]): boolean {
  if (terms.some((t) => t.normal === "will" || t.tags.has("FutureTense"))) return false;
  return terms.some((t) => t.tags.has("PastTense") && !t.tags.has("Passive"));
}

export function isFutureTense(terms: Term[]): boolean {
  return terms.some((t) => t.normal === "will" || t.tags.has("FutureTense"));
}

function precisionOfSpan(span: DateSpan, start: Date, end: Date): Precision | "years" {
  const unit = span.unit;
  if (unit === "year" || unit === "quarter" || unit === "month") return unit;
  if (start.getUTCFullYear() !== end.getUTCFullYear()) return "years";
  const months = end.getUTCMonth() - start.getUTCMonth();
  if (months >= 11) return "year";
  if (months === 2 && start.getUTCMonth() % 3 === 0) return "quarter";
  if (months === 0 && unit === "day") return "day";
  return "month";
}

/** A day is named only when the phrase carries a day number ("December 15"); "end of last month" is a month. */
function namesADay(text: string): boolean {
  return /\b(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?\b(?!\d)/.test(text.replace(/\b(19|20)\d{2}\b/g, ""));
}

const YEAR = /\b((?:19|20)\d{2})\b/;
const MONTH_WORD = new RegExp(`\\b(${MONTHS.map((m) => m.slice(0, 3)).join("|")})`, "i");
const QUARTER_WORD = /\bq[1-4]\b|\bquarter\b/i;

function relationOf(text: string): DateMention["relation"] {
  const lead = /^(by|until|till|since)\b/i.exec(text.trim())?.[1]?.toLowerCase();
  return lead === "since" ? "since" : lead ? "by" : "at";
}

/**
 * compromise-dates reads "by X" as the time from today until just before X; a newsletter's "by 2025" or
 * "by the end of February this year" names X itself, the target.
 */
function targetOf(text: string, end: Date): IsoDate {
  const year = YEAR.exec(text)?.[1];
  if (QUARTER_WORD.test(text)) return isoAt(end, "quarter");
  if (year && !MONTH_WORD.test(text)) return year;
  return isoAt(end, namesADay(text) ? "day" : "month");
}

/** One compromise-dates span, resolved; undefined for what it recognised but could not place ("a few days"). */
function fromSpan(span: DateSpan, sentence: Sentence, published: IsoDate): DateMention | undefined {
  if (!span.startIso || !span.endIso) return undefined;
  const relation = relationOf(span.text);
  const start = new Date(span.startIso);
  const end = new Date(span.endIso);
  const mention = (asOf: IsoDate, years?: DateMention["years"]): DateMention => ({
    text: span.text,
    asOf,
    relation,
    start: span.start,
    end: span.end,
    ...(years ? { years } : {}),
  });
  if (relation === "by") return mention(targetOf(span.text, end));
  const precision = precisionOfSpan(span, start, end);
  if (precision === "years") {
    return mention(String(start.getUTCFullYear()), {
      from: start.getUTCFullYear(),
      to: end.getUTCFullYear(),
    });
  }
  const asOf = isoAt(start, precision === "day" && !namesADay(span.text) ? "month" : precision);
  // compromise-dates places a month named without a year ("in mid-December") in the coming twelve months;
  // in a sentence in the past tense it is the last one before the edition.
  if (!YEAR.test(span.text) && compareIso(asOf, published) > 0 && isPastTense(sentence.terms)) {
    const back = new Date(start);
    back.setUTCFullYear(back.getUTCFullYear() - 1);
    return mention(isoAt(back, precisionOf(asOf)));
  }
  return mention(asOf);
}

/**
 * Phrases compromise-dates does not read, or reads wrongly (checked against compromise-dates 3.9): "late 2015",
 * "early 2016" and "mid-2016" (it drops them), "the third quarter of 2016" (it moves it to the coming year) and
 * "the first half of 2017". The schema holds a year, quarter, month or day, so a part of a year becomes its
 * quarter ("late 2015" → 2015-Q4) and a half or "mid" the year.
 */
const PART_OF_YEAR =
  /\b(?:(?<lead>since|by|in|as of)\s+)?(?:the\s+)?(?:(?<part>early|mid|late|end of|beginning of|start of)[-\s]+(?<year1>(?:19|20)\d{2})|(?<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?<span>quarter|half)\s+of\s+(?<year2>(?:19|20)\d{2}))\b/gi;

const ORDINAL: Record<string, number> = {
  first: 1,
  "1st": 1,
  second: 2,
  "2nd": 2,
  third: 3,
  "3rd": 3,
  fourth: 4,
  "4th": 4,
};

function partsOfYears(sentence: Sentence, paragraph: string): DateMention[] {
  const found: DateMention[] = [];
  for (const m of sentence.text.matchAll(PART_OF_YEAR)) {
    const g = m.groups ?? {};
    const lead = g.lead?.toLowerCase();
    const relation = lead === "since" ? "since" : lead === "by" ? "by" : "at";
    let asOf: IsoDate;
    if (g.year1) {
      const part = g.part?.toLowerCase() ?? "";
      asOf =
        part === "mid" ? g.year1 : /early|beginning|start/.test(part) ? `${g.year1}-Q1` : `${g.year1}-Q4`;
    } else {
      const n = ORDINAL[g.ordinal?.toLowerCase() ?? ""] ?? 1;
      asOf = g.span?.toLowerCase() === "quarter" && n <= 4 ? `${g.year2}-Q${n}` : String(g.year2);
    }
    const start = sentence.start + (m.index ?? 0);
    found.push({
      text: paragraph.slice(start, start + m[0].length),
      asOf,
      relation,
      start,
      end: start + m[0].length,
    });
  }
  return found;
}

/** A month named with early/mid/late and no year ("in late February"): compromise-dates cannot place it. */
function partsOfMonths(sentence: Sentence, published: IsoDate): DateMention[] {
  const found: DateMention[] = [];
  const pattern = new RegExp(
    `\\b(?:early|mid|late)[-\\s]+(${MONTHS.join("|")})\\b(?![-\\s]+(?:19|20)\\d{2})`,
    "gi",
  );
  for (const m of sentence.text.matchAll(pattern)) {
    const month = MONTHS.indexOf(m[1]?.toLowerCase() ?? "");
    const { start: editionStart } = boundsOf(published);
    let year = editionStart.getUTCFullYear();
    const candidate = `${year}-${String(month + 1).padStart(2, "0")}`;
    if (compareIso(candidate, published) > 0 && isPastTense(sentence.terms)) year -= 1;
    const start = sentence.start + (m.index ?? 0);
    found.push({
      text: m[0],
      asOf: `${year}-${String(month + 1).padStart(2, "0")}`,
      relation: "at",
      start,
      end: start + m[0].length,
    });
  }
  return found;
}

/**
 * Years compromise-dates leaves unplaced ("$17.8 billion in 2016" comes back as
 * the span "billion in 2016" with no date): each is its year.
 */
function bareYears(sentence: Sentence, placed: DateMention[]): DateMention[] {
  return sentence.terms.flatMap((term, i): DateMention[] => {
    if (!/^(19|20)\d{2}$/.test(term.normal)) return [];
    if (placed.some((d) => d.start < term.end && term.start < d.end)) return [];
    const lead = sentence.terms[i - 1]?.normal;
    // compromise tags "by 2025." no year at the end of a sentence; a year-like number after a time preposition
    // is one, unless it counts something ("in 2000 stores").
    const afterPreposition = /^(in|by|since|until|during|of|from|before|after|through|to)$/.test(lead ?? "");
    if (!term.tags.has("Year") && !(afterPreposition && !sentence.terms[i + 1]?.tags.has("Plural")))
      return [];
    const relation = lead === "by" || lead === "until" ? "by" : lead === "since" ? "since" : "at";
    return [{ text: term.text, asOf: term.normal, relation, start: term.start, end: term.end }];
  });
}

/** Every date and period of a sentence, in text order; the hand-read phrases win where they overlap. */
export function datesOf(sentence: Sentence, paragraph: string, published: IsoDate): DateMention[] {
  const hand = [...partsOfYears(sentence, paragraph), ...partsOfMonths(sentence, published)];
  const library = sentence.dates
    .filter((span) => !hand.some((h) => h.start < span.end && span.start < h.end))
    .map((span) => fromSpan(span, sentence, published))
    .filter((d): d is DateMention => d !== undefined);
  const placed = [...hand, ...library];
  return [...placed, ...bareYears(sentence, placed)].sort((a, b) => a.start - b.start);
}
