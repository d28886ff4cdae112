import type { EditionFile, Fact, IsoDate, Unit, Value } from "../schema.js";

/**
 * How a draft compares with the edition as it was shipped: the share of the shipped figures it proposes with
 * the right number, unit and as-of date (recall), the share of its figures that are shipped ones (precision),
 * and whether every quote is verbatim.
 */

interface Figure {
  factId: string;
  key: string;
  quote: string;
  number: number;
  unit: Unit;
  /** The value's own as-of date, else its fact's. */
  asOf: IsoDate;
}

function figuresOf(facts: readonly Fact[]): Figure[] {
  return facts.flatMap((fact) =>
    fact.values.map((value: Value) => ({
      factId: fact.id,
      key: value.key,
      quote: fact.quote,
      number: value.number,
      unit: value.unit,
      asOf: value.asOf ?? fact.asOf,
    })),
  );
}

function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** The same statement: one quote holds the other (a shipped quote may be a clause of the drafted sentence). */
function sameStatement(a: string, b: string): boolean {
  return a.includes(b) || b.includes(a);
}

function matches(drafted: Figure, shipped: Figure): boolean {
  return (
    sameNumber(drafted.number, shipped.number) &&
    drafted.unit === shipped.unit &&
    drafted.asOf === shipped.asOf &&
    sameStatement(drafted.quote, shipped.quote)
  );
}

export interface Evaluation {
  edition: string;
  shippedFigures: number;
  /** Shipped figures the draft proposes with the right number, unit and as-of date. */
  found: number;
  draftedFigures: number;
  /** Drafted figures that are shipped ones. */
  correct: number;
  recall: number;
  precision: number;
  /** Shipped facts whose statement the draft proposes a candidate for. */
  statementsFound: number;
  shippedFacts: number;
  candidates: number;
  /** Candidates whose statement is one of the shipped facts'. */
  candidatesOnShipped: number;
  /** Drafted quotes not found verbatim in the edition's text (should be none). */
  quotesNotVerbatim: string[];
  /** Shipped figures the draft missed, as `fact-id.key: number unit @ date`. */
  missed: string[];
  /** Drafted figures that match no shipped one. */
  extra: string[];
}

function describe(f: Figure): string {
  return `${f.factId}.${f.key}: ${f.number} ${f.unit} @ ${f.asOf}`;
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

export function evaluateDraft(draft: EditionFile, shipped: EditionFile): Evaluation {
  const shippedFigures = figuresOf(shipped.facts);
  const draftedFigures = figuresOf(draft.facts);
  const missed = shippedFigures.filter((s) => !draftedFigures.some((d) => matches(d, s)));
  const extra = draftedFigures.filter((d) => !shippedFigures.some((s) => matches(d, s)));
  const text = draft.text.join("\n");
  const statementsFound = shipped.facts.filter((s) =>
    draft.facts.some((d) => sameStatement(d.quote, s.quote)),
  ).length;
  return {
    edition: shipped.edition.id,
    shippedFigures: shippedFigures.length,
    found: shippedFigures.length - missed.length,
    draftedFigures: draftedFigures.length,
    correct: draftedFigures.length - extra.length,
    recall: ratio(shippedFigures.length - missed.length, shippedFigures.length),
    precision: ratio(draftedFigures.length - extra.length, draftedFigures.length),
    statementsFound,
    shippedFacts: shipped.facts.length,
    candidates: draft.facts.length,
    candidatesOnShipped: draft.facts.filter((d) => shipped.facts.some((s) => sameStatement(d.quote, s.quote)))
      .length,
    quotesNotVerbatim: draft.facts.filter((f) => !text.includes(f.quote)).map((f) => f.id),
    missed: missed.map(describe),
    extra: extra.map(describe),
  };
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The evaluation as the CLI prints it. */
export function formatEvaluation(e: Evaluation): string {
  const lines = [
    `Edition ${e.edition}:`,
    `  figure recall       ${percent(e.recall)} (${e.found} of ${e.shippedFigures} shipped figures, with the right unit and as-of date)`,
    `  figure precision    ${percent(e.precision)} (${e.correct} of ${e.draftedFigures} drafted figures are shipped ones)`,
    `  statement recall    ${percent(ratio(e.statementsFound, e.shippedFacts))} (${e.statementsFound} of ${e.shippedFacts} shipped facts have a candidate on their statement)`,
    `  statement precision ${percent(ratio(e.candidatesOnShipped, e.candidates))} (${e.candidatesOnShipped} of ${e.candidates} candidates are on a shipped fact's statement)`,
    `  quotes verbatim     ${e.candidates - e.quotesNotVerbatim.length} of ${e.candidates}`,
  ];
  for (const m of e.missed) lines.push(`  missed  ${m}`);
  for (const x of e.extra) lines.push(`  extra   ${x}`);
  for (const q of e.quotesNotVerbatim) lines.push(`  not verbatim  ${q}`);
  return lines.join("\n");
}
