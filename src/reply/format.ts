import type { FactBase } from "../facts/base.js";
import type { EditionMeta, Fact, Value } from "../facts/schema.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `2017-02` → "Feb 2017", `2017-Q1` → "Q1 2017", `2017-02-28` → "28 Feb 2017", `2017` → "2017". */
export function formatPeriod(iso: string): string {
  const [year, part, day] = iso.split("-");
  if (!part) return iso;
  if (part.startsWith("Q")) return `${part} ${year}`;
  const month = MONTHS[Number(part) - 1] ?? part;
  return day ? `${Number(day)} ${month} ${year}` : `${month} ${year}`;
}

function scaled(n: number): string {
  const round = (x: number) => String(Number(x.toFixed(2)));
  if (Math.abs(n) >= 1e9) return `${round(n / 1e9)} billion`;
  if (Math.abs(n) >= 1e6) return `${round(n / 1e6)} million`;
  return n.toLocaleString("en-US");
}

/** A structured value as a reader says it: "14.4%", "more than 300 people", "$278 billion", "352 cities". */
export function formatValue(value: Pick<Value, "number" | "unit" | "qualifier">): string {
  const { number: n, unit } = value;
  const figure = (() => {
    switch (unit) {
      case "percent":
        return `${n}%`;
      case "usd":
        return `$${scaled(n)}`;
      case "year":
        return String(n);
      case "years":
        return `${n} years`;
      case "count":
        return scaled(n);
      default:
        return `${scaled(n)} ${unit}`;
    }
  })();
  return value.qualifier ? `${value.qualifier} ${figure}` : figure;
}

/** `after` → "After", `digital-customers` → "Digital customers". */
export function labelOfKey(key: string): string {
  const words = key.replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "Alibaba Tracker · PYMNTS.com · January 2017". */
export function editionLine(edition: EditionMeta): string {
  return `${edition.title} · ${edition.publisher} · ${edition.dateText}`;
}

/** When the fact holds, in words; undefined when that is just "as of this edition". */
export function asOfWords(fact: Pick<Fact, "asOf" | "asOfText">): string | undefined {
  if (fact.asOfText && /\bedition\b/i.test(fact.asOfText)) return undefined;
  return fact.asOfText ?? formatPeriod(fact.asOf);
}

/** Footer of an answer: the edition it comes from and when the fact holds. */
export function answerFooter(fact: Pick<Fact, "asOf" | "asOfText">, edition: EditionMeta): string {
  const asOf = asOfWords(fact);
  if (!asOf) return editionLine(edition);
  // "as of end of February 2017" reads well; "as of projected for 2025" does not.
  const datelike =
    /^(\d|Q[1-4]|end|mid|late|early|(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b)/i.test(asOf);
  return `${editionLine(edition)} · ${datelike ? `as of ${asOf}` : asOf}`;
}

/** "Counterfeits & the USTR, Smart cities in China, …" in bold, for declines and help. */
export function categoryList(base: FactBase): string {
  return base.categories.map((c) => `**${c}**`).join(", ");
}
