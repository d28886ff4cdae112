import type { Quantity } from "../engine/types.js";
import { MONTHS as MONTH_NAMES } from "../facts/iso-date.js";
import type { EditionMeta, Fact, Value } from "../facts/schema.js";

/**
 * Every number and date the bot shows is written here, so an answer reads the same in an embed, the
 * console, `ask --json` and a log: "14.4%", "$278 billion", "over 620 million people", "February 2017".
 */

/** Up to `digits` decimals, without trailing zeros: 4.17, 14.4, 24.19. */
export function roundTo(n: number, digits = 2): string {
  const factor = 10 ** digits;
  return String(Math.round(n * factor) / factor);
}

/** A count as a reader says it: 3.6 million, $278 billion, 164, 1,000. */
function scaled(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e12) return `${roundTo(n / 1e12)} trillion`;
  if (abs >= 1e9) return `${roundTo(n / 1e9)} billion`;
  if (abs >= 1e6) return `${roundTo(n / 1e6)} million`;
  if (Number.isInteger(n)) return n.toLocaleString("en-US");
  return roundTo(n);
}

/** A ratio with sensible precision: 1.83, 14.08, 0.000539. */
function ratio(n: number): string {
  return Math.abs(n) >= 1 ? roundTo(n) : String(Number(n.toPrecision(3)));
}

const SCALE_NAMES: Readonly<Record<number, string>> = {
  1e12: "trillion",
  1e9: "billion",
  1e6: "million",
  1e3: "thousand",
};

/** The noun after a count of this unit; none for a bare count. */
const UNIT_NOUNS: Readonly<Partial<Record<Quantity["unit"], string>>> = {
  people: "people",
  cities: "cities",
  provinces: "provinces",
  regions: "regions",
  years: "years",
  months: "months",
};

/** A figure without its hedge: 14.4%, $278 billion, 620 million people, 2016, 4.17 percentage points. */
export function formatFigure(q: Pick<Quantity, "number" | "unit" | "scale">): string {
  const { number: n, unit } = q;
  if (q.scale === 1) return `${unit === "usd" ? "$" : ""}${Math.round(n).toLocaleString("en-US")}`;
  if (q.scale) {
    return `${unit === "usd" ? "$" : ""}${ratio(n)} ${SCALE_NAMES[q.scale] ?? `× ${q.scale}`}`;
  }
  switch (unit) {
    case "percent":
      return `${roundTo(n)}%`;
    case "points":
      return `${roundTo(n)} percentage point${Math.abs(n) === 1 ? "" : "s"}`;
    case "usd":
      return `$${scaled(n)}`;
    case "year":
      return String(n);
    case "ratio":
      return ratio(n);
    default: {
      const noun = UNIT_NOUNS[unit];
      const figure = scaled(n);
      if (!noun) return figure;
      return `${figure} ${Math.abs(n) === 1 ? noun.replace(/ies$/, "y").replace(/s$/, "") : noun}`;
    }
  }
}

/** A figure with its hedge: "more than 300 people", "about 150 million people", "14.4%". */
export function formatQuantity(q: Quantity): string {
  const figure = formatFigure(q);
  return q.qualifier ? `${q.qualifier} ${figure}` : figure;
}

/** A stored value as a reader says it. */
export function formatValue(value: Pick<Value, "number" | "unit" | "qualifier">): string {
  return formatQuantity(value);
}

/** Month names as a reader writes them. */
const MONTHS = MONTH_NAMES.map((m) => `${m.charAt(0).toUpperCase()}${m.slice(1)}`);

/** `2017-02` → "February 2017", `2017-Q1` → "Q1 2017", `2017-02-28` → "28 February 2017", `2017` → "2017". */
export function formatPeriod(iso: string): string {
  const [year, part, day] = iso.split("-");
  if (!part) return year ?? iso;
  if (part.startsWith("Q")) return `${part} ${year}`;
  const month = MONTHS[Number(part) - 1] ?? part;
  return day ? `${Number(day)} ${month} ${year}` : `${month} ${year}`;
}

/** `after` → "After", `digital-customers` → "Digital customers". */
export function labelOfKey(key: string): string {
  return capitalise(key.replace(/-/g, " "));
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "Alibaba Tracker · PYMNTS.com · January 2017". */
export function editionLine(edition: EditionMeta): string {
  return `${edition.title} · ${edition.publisher} · ${edition.dateText}`;
}

/** "Alibaba Tracker, January 2017". */
export function editionName(edition: EditionMeta): string {
  return `${edition.title}, ${edition.dateText}`;
}

/** When the fact holds, in words; undefined when that is just "as of this edition". */
export function asOfWords(fact: Pick<Fact, "asOf" | "asOfText">): string | undefined {
  if (fact.asOfText && /\bedition\b/i.test(fact.asOfText)) return undefined;
  return fact.asOfText ?? formatPeriod(fact.asOf);
}

/**
 * When a fact holds as a phrase: "as of end of February 2017" for a point in time, the tracker's own words
 * otherwise ("projected for 2025", "a few days before the USTR blacklisting"); undefined for "this edition".
 */
export function asOfPhrase(fact: Pick<Fact, "asOf" | "asOfText">): string | undefined {
  const words = asOfWords(fact);
  if (!words) return undefined;
  const pointInTime =
    /^(\d|Q[1-4]|end|the end|mid|late|early|(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b)/i;
  return pointInTime.test(words) ? `as of ${words}` : words;
}
