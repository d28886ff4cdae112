import type { Unit, Value } from "../facts/schema.js";

/** Up to `digits` decimals, without trailing zeros: 4.17, 14.4, 24.19. */
export function roundTo(n: number, digits = 2): string {
  const factor = 10 ** digits;
  return String(Math.round(n * factor) / factor);
}

function scaled(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${roundTo(n / 1e9)} billion`;
  if (abs >= 1e6) return `${roundTo(n / 1e6)} million`;
  if (Number.isInteger(n)) return n.toLocaleString("en-US");
  return roundTo(n);
}

const UNIT_NOUN: Partial<Record<string, string>> = {
  people: "",
  count: "",
  cities: "cities",
  provinces: "provinces",
  regions: "regions",
  years: "years",
};

/** A figure as a reader says it: 14.4%, $278 billion, 620 million, 2016, 4.17 percentage points. */
export function formatFigure(n: number, unit: Unit | "points" | "ratio"): string {
  switch (unit) {
    case "percent":
      return `${roundTo(n)}%`;
    case "points":
      return `${roundTo(n)} percentage points`;
    case "usd":
      return `$${scaled(n)}`;
    case "year":
      return String(n);
    case "ratio":
      return roundTo(n);
    default: {
      const noun = UNIT_NOUN[unit] ?? "";
      return noun ? `${scaled(n)} ${noun}` : scaled(n);
    }
  }
}

/** A stored value with its hedge: "more than 300", "about 150 million". */
export function formatValue(value: Value): string {
  const figure = formatFigure(value.number, value.unit);
  return value.qualifier ? `${value.qualifier} ${figure}` : figure;
}

/** "2017-02" → "February 2017", "2017-Q1" → "Q1 2017", "2016" → "2016". */
export function formatPeriod(iso: string): string {
  const [year, part, day] = iso.split("-");
  if (!part) return year ?? iso;
  if (part.startsWith("Q")) return `${part} ${year}`;
  const month = new Date(Date.UTC(Number(year), Number(part) - 1, 1)).toLocaleString("en-US", {
    month: "long",
    timeZone: "UTC",
  });
  return day ? `${Number(day)} ${month} ${year}` : `${month} ${year}`;
}
