import type { KnownFact } from "./base.js";
import { boundsOf } from "./iso-date.js";
import type { EditionMeta, Fact, IsoDate, Unit, Value } from "./schema.js";

/**
 * A fact over time: the versions the editions give of it, and its figure's values by date. What charts draw,
 * and what "what was it before?" and "how has it changed?" are answered from (pure, no engine needed).
 */

/** One edition's version of a fact. */
export interface FactVersion {
  edition: EditionMeta;
  fact: Fact;
}

/** A value of the figure at one date, with the edition that states it. */
export interface FigurePoint {
  date: IsoDate;
  value: Value;
  edition: EditionMeta;
}

/** The versions of a fact, oldest edition first; the last is the one answered from. */
export function versionsOf(fact: KnownFact): FactVersion[] {
  return [...fact.history.toReversed(), { edition: fact.edition, fact }];
}

/** When a value holds: its own as-of date (a planned or earlier value), else its fact's. */
export function dateOfValue(value: Value, fact: Pick<Fact, "asOf">): IsoDate {
  return value.asOf ?? fact.asOf;
}

/** Where a date sits on a time line: the middle of its period, in milliseconds. */
export function timeOf(iso: IsoDate): number {
  const { start, end } = boundsOf(iso);
  return (start.getTime() + end.getTime()) / 2;
}

/**
 * The values of one unit a fact has held, oldest first, one per date: across editions (its history) and
 * within one (before and after a change). At a date two editions give, the newer edition's value wins (it
 * corrects or confirms the older); within an edition, the first value listed at that date.
 */
export function figureOverTime(fact: KnownFact, unit: Unit): FigurePoint[] {
  const byDate = new Map<IsoDate, FigurePoint>();
  for (const version of versionsOf(fact)) {
    const seen = new Set<IsoDate>();
    for (const value of version.fact.values) {
      const date = dateOfValue(value, version.fact);
      if (value.unit !== unit || seen.has(date)) continue;
      seen.add(date);
      byDate.set(date, { date, value, edition: version.edition });
    }
  }
  return [...byDate.values()].sort((a, b) => timeOf(a.date) - timeOf(b.date));
}
