import { z } from "zod";
import type { KnownFact } from "../facts/base.js";
import { figureOverTime } from "../facts/history.js";
import { dateInWords } from "../facts/iso-date.js";
import { IsoDateSchema, type Unit, UnitSchema } from "../facts/schema.js";

/**
 * A figure over time, ready to draw: the values of one unit that a fact has held, across editions (its history)
 * and within one (before and after a change, "the stake 10.23% → 14.4%"), one point per as-of date.
 */

export const ChartPointSchema = z.object({
  date: IsoDateSchema,
  /** The date as the axis shows it: "Dec 2016", "Q1 2017", "2025". */
  label: z.string().min(1),
  value: z.number().finite(),
  /** The value as the chart labels it: "14.4%", "$278B", "620M". */
  valueText: z.string().min(1),
  /** The edition that stated it. */
  edition: z.string().min(1),
});

export const ChartSeriesSchema = z.object({
  factId: z.string().min(1),
  title: z.string().min(1),
  unit: UnitSchema,
  /** The y axis's title, with the unit: "percent (%)", "regions". */
  axisLabel: z.string().min(1),
  /** The edition the fact is answered from, in words ("June 2017"): its points are marked. */
  newestEdition: z.object({ id: z.string().min(1), dateText: z.string().min(1) }),
  /** Oldest first; two at least, each at its own date. */
  points: z.array(ChartPointSchema).min(2),
});

export type ChartPoint = z.infer<typeof ChartPointSchema>;
export type ChartSeries = z.infer<typeof ChartSeriesSchema>;

/** Years are dates, not figures over time: a plan's first and last year make no line. */
const CHARTED_UNITS = new Set<Unit>([
  "percent",
  "count",
  "people",
  "usd",
  "years",
  "cities",
  "provinces",
  "regions",
]);

const AXIS_LABELS: Record<Unit, string> = {
  percent: "percent (%)",
  count: "count",
  people: "people",
  usd: "US dollars ($)",
  year: "year",
  years: "years",
  cities: "cities",
  provinces: "provinces",
  regions: "regions",
};

function compact(n: number): string {
  const scales: [number, string][] = [
    [1e12, "T"],
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "K"],
  ];
  for (const [size, suffix] of scales) {
    if (Math.abs(n) >= size) return `${Number((n / size).toPrecision(3))}${suffix}`;
  }
  return String(Number(n.toPrecision(4)));
}

/** A value as a chart labels it: "14.4%", "$278B", "620M", "14". */
export function valueText(value: number, unit: Unit): string {
  if (unit === "percent") return `${Number(value.toPrecision(4))}%`;
  if (unit === "usd") return `$${compact(value)}`;
  return compact(value);
}

/**
 * The chart of a fact's figure, or null when there is nothing to draw over time: no figure, one date only, or
 * a figure that is itself a date. The unit is the newest version's first charted one; values in other units
 * are left out (see `figureOverTime` for which value a date shows).
 */
export function chartSeriesOf(fact: KnownFact): ChartSeries | null {
  const unit = fact.values.find((v) => CHARTED_UNITS.has(v.unit))?.unit;
  if (!unit) return null;
  const points: ChartPoint[] = figureOverTime(fact, unit).map(({ date, value, edition }) => ({
    date,
    label: dateInWords(date, "short"),
    value: value.number,
    valueText: valueText(value.number, unit),
    edition: edition.id,
  }));
  if (points.length < 2) return null;
  return ChartSeriesSchema.parse({
    factId: fact.id,
    title: fact.title,
    unit,
    axisLabel: AXIS_LABELS[unit],
    newestEdition: { id: fact.edition.id, dateText: fact.edition.dateText },
    points,
  });
}
