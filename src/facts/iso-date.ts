import type { IsoDate } from "./schema.js";

/**
 * The schema's dates and periods (`2017`, `2017-Q1`, `2017-02`, `2017-02-28`) as time: their bounds, order and
 * precision, and how a reader writes them.
 */

export type Precision = "year" | "quarter" | "month" | "day";

export const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

export function precisionOf(iso: IsoDate): Precision {
  if (/^\d{4}$/.test(iso)) return "year";
  if (/-Q\d$/.test(iso)) return "quarter";
  if (/^\d{4}-\d{2}$/.test(iso)) return "month";
  return "day";
}

/** The first and last day of a date or period, as UTC times. */
export function boundsOf(iso: IsoDate): { start: Date; end: Date } {
  const year = Number(iso.slice(0, 4));
  const quarter = /-Q(\d)$/.exec(iso)?.[1];
  if (quarter) {
    const q = Number(quarter);
    return { start: utc(year, (q - 1) * 3, 1), end: utc(year, q * 3, 0) };
  }
  const month = iso.length >= 7 ? Number(iso.slice(5, 7)) : undefined;
  const day = iso.length === 10 ? Number(iso.slice(8, 10)) : undefined;
  if (month === undefined) return { start: utc(year, 0, 1), end: utc(year, 12, 0) };
  if (day === undefined) return { start: utc(year, month - 1, 1), end: utc(year, month, 0) };
  return { start: utc(year, month - 1, day), end: utc(year, month - 1, day) };
}

function utc(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month, day));
}

/** A date written at a precision: `2017`, `2017-Q1`, `2017-02`, `2017-02-28`. */
export function isoAt(date: Date, precision: Precision): IsoDate {
  const year = String(date.getUTCFullYear()).padStart(4, "0");
  const month = date.getUTCMonth() + 1;
  if (precision === "year") return year;
  if (precision === "quarter") return `${year}-Q${Math.ceil(month / 3)}`;
  const mm = String(month).padStart(2, "0");
  if (precision === "month") return `${year}-${mm}`;
  return `${year}-${mm}-${String(date.getUTCDate()).padStart(2, "0")}`;
}

/** The period just before, at the same precision: 2016-12 → 2016-11, 2017-Q1 → 2016-Q4. */
export function previousPeriod(iso: IsoDate): IsoDate {
  const { start } = boundsOf(iso);
  const precision = precisionOf(iso);
  const back = new Date(start);
  if (precision === "year") back.setUTCFullYear(back.getUTCFullYear() - 1);
  else if (precision === "quarter") back.setUTCMonth(back.getUTCMonth() - 3);
  else if (precision === "month") back.setUTCMonth(back.getUTCMonth() - 1);
  else back.setUTCDate(back.getUTCDate() - 1);
  return isoAt(back, precision);
}

/** The same period a year before: 2016-Q3 → 2015-Q3. */
export function yearBefore(iso: IsoDate): IsoDate {
  return `${String(Number(iso.slice(0, 4)) - 1).padStart(4, "0")}${iso.slice(4)}`;
}

/** Negative when `a` ends before `b` starts, positive when it starts after `b` ends, else 0 (they overlap). */
export function compareIso(a: IsoDate, b: IsoDate): number {
  const x = boundsOf(a);
  const y = boundsOf(b);
  if (x.end < y.start) return -1;
  if (x.start > y.end) return 1;
  return 0;
}

/**
 * "January 2017" for `2017-01`, "Q1 2017", "2017", "28 February 2017": how footers and prompts show a date;
 * `short` abbreviates the month for a chart's axis ("Jan 2017").
 */
export function dateInWords(iso: IsoDate, style: "long" | "short" = "long"): string {
  const year = iso.slice(0, 4);
  const precision = precisionOf(iso);
  if (precision === "year") return year;
  if (precision === "quarter") return `${iso.slice(5)} ${year}`;
  const month = MONTHS[Number(iso.slice(5, 7)) - 1] ?? "";
  const name = month.charAt(0).toUpperCase() + (style === "short" ? month.slice(1, 3) : month.slice(1));
  return precision === "month" ? `${name} ${year}` : `${Number(iso.slice(8, 10))} ${name} ${year}`;
}

/** `2017-02` from "February 2017", "Feb 2017", "Q1 2017" or "2017": the edition's date in words, read back. */
export function isoFromWords(text: string): IsoDate | undefined {
  const t = text.trim().toLowerCase();
  const year = /\b((?:19|20)\d{2})\b/.exec(t)?.[1];
  if (!year) return undefined;
  const quarter = /\bq([1-4])\b/.exec(t)?.[1];
  if (quarter) return `${year}-Q${quarter}`;
  const month = MONTHS.findIndex((m) => new RegExp(`\\b${m.slice(0, 3)}`).test(t));
  if (month >= 0) return `${year}-${String(month + 1).padStart(2, "0")}`;
  return t.replace(/\D/g, "") === year ? year : undefined;
}
