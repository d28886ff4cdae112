import { dateInWords, previousPeriod, yearBefore } from "../iso-date.js";
import type { EditionFile, EditionMeta, Fact, IsoDate, Value } from "../schema.js";
import type { DateMention } from "./dates.js";
import type { Figure } from "./figures.js";
import { paragraphsOf } from "./nlp.js";
import {
  contentWords,
  indexEarlierFacts,
  matchStatement,
  matchValue,
  nearestCategory,
  type ReuseIndex,
} from "./reuse.js";
import {
  dateAfter,
  readStatements,
  relationWords,
  type Statement,
  saysAYearEarlier,
  subjectOf,
} from "./statements.js";
import { answerOf, idFor, keyOf, keywordsOf, kindsOf, measuresOf, phrasingsOf, titleOf } from "./wording.js";

/**
 * `facts:draft`'s core, pure: an edition's text and metadata in, a draft edition out, with one candidate fact
 * per statement that carries a figure, a date or period, or a named organisation or person. Every candidate is
 * `draft: true` until an editor confirms it.
 */

export interface DraftInput {
  /** The edition's raw text, paragraphs as pasted. */
  text: string;
  edition: EditionMeta;
  /** Facts of earlier editions (the fact base's newest versions), whose ids a restatement reuses. */
  earlier: readonly Fact[];
}

/**
 * A value's own as-of date: one period before for an inferred "before", the edition's for a "current" one or
 * the start of a future change, a year before for "a year earlier", a date written right after it, else the
 * statement's.
 */
function valueDate(statement: Statement, figure: Figure, edition: EditionMeta): IsoDate {
  if (figure.role === "before" && figure.inferred) return previousPeriod(statement.asOf);
  if (figure.role === "before" && (figure.current || statement.target)) return edition.date;
  if (figure.role === "before" && saysAYearEarlier(statement, figure)) return yearBefore(statement.asOf);
  return dateAfter(statement, figure)?.asOf ?? statement.asOf;
}

/**
 * The category for a candidate: the nearest earlier fact's, else the name its paragraph mentions most (places
 * count half, and the publication's own subject, "Alibaba" in the Alibaba Tracker, not at all).
 */
function categoryOf(
  statement: Statement,
  statements: Statement[],
  index: ReuseIndex,
  edition: EditionMeta,
): string {
  const words = contentWords(`${statement.sentence.text} ${subjectOf(statement.sentence)}`);
  const near = nearestCategory(index, words);
  if (near) return near;
  const counts = new Map<string, number>();
  for (const s of statements) {
    if (s.sentence.paragraph !== statement.sentence.paragraph) continue;
    for (const n of s.names) {
      if (edition.title.includes(n.text)) continue;
      counts.set(n.text, (counts.get(n.text) ?? 0) + (n.kind === "place" ? 0.5 : 1));
    }
  }
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0];
  return top?.[0] ?? "Uncategorised";
}

interface Group {
  figures: Figure[];
  /** The earlier fact these figures restate, with the key each figure takes there. */
  reuse?: { factId: string; keys: Map<Figure, string>; score: number };
  date?: DateMention;
}

/** Figures that restate different earlier facts become separate candidates; the new ones stay together. */
function groupFigures(statement: Statement, index: ReuseIndex): Group[] {
  const words = contentWords(statement.sentence.text);
  const byFact = new Map<string, Group>();
  const fresh: Figure[] = [];
  for (const figure of statement.figures) {
    const match = matchValue(index, figure.unit, new Set([...words, ...contentWords(figure.noun)]));
    if (!match) {
      fresh.push(figure);
      continue;
    }
    const group: Group = byFact.get(match.factId) ?? {
      figures: [],
      reuse: { factId: match.factId, keys: new Map(), score: match.score },
    };
    group.figures.push(figure);
    group.reuse?.keys.set(figure, match.key);
    byFact.set(match.factId, group);
  }
  return [...(fresh.length > 0 ? [{ figures: fresh }] : []), ...byFact.values()];
}

/** A statement's candidates: by the facts its figures restate, else one per date it names, else one for its names. */
function groupsOf(statement: Statement, index: ReuseIndex): Group[] {
  if (statement.figures.length > 0) return groupFigures(statement, index);
  const dated = statement.dates.filter((d) => !d.years);
  if (dated.length > 1) return dated.map((date) => ({ figures: [], date }));
  if (dated[0]) return [{ figures: [], date: dated[0] }];
  return statement.names.some((n) => n.kind !== "place") ? [{ figures: [] }] : [];
}

/** Keeps ids and keys unique: a second `foo` becomes `foo-2`. */
function unique(wanted: string, taken: Set<string>): string {
  let id = wanted || "statement";
  for (let n = 2; taken.has(id); n++) id = `${wanted || "statement"}-${n}`;
  taken.add(id);
  return id;
}

interface Proposal {
  fact: Fact;
  /** The id it gets if it does not reuse one. */
  fresh: string;
  reuse?: { factId: string; score: number };
}

function proposalOf(
  statement: Statement,
  group: Group,
  statements: Statement[],
  index: ReuseIndex,
  edition: EditionMeta,
) {
  const { figures, date } = group;
  const title = titleOf(statement, figures, date);
  const asOf = date?.asOf ?? statement.asOf;
  const keys = new Set<string>();
  const values = figures.map((figure): Value => {
    const valueAsOf = valueDate(statement, figure, edition);
    return {
      key: unique(group.reuse?.keys.get(figure) ?? keyOf(figure), keys),
      measures: measuresOf(statement, figure),
      number: figure.number,
      unit: figure.unit,
      ...(figure.qualifier ? { qualifier: figure.qualifier } : {}),
      ...(valueAsOf !== asOf ? { asOf: valueAsOf } : {}),
    };
  });
  const reuse =
    group.reuse ?? (figures.length === 0 ? matchStatement(index, statement.sentence.text) : undefined);
  const fresh = idFor(statement, figures, title);
  const fact: Fact = {
    id: reuse?.factId ?? fresh,
    category: categoryOf(statement, statements, index, edition),
    title,
    answer: answerOf(statement, figures),
    kinds: kindsOf(statement, figures, date !== undefined || statement.dates.length > 0),
    values,
    asOf,
    asOfText: date ? `${relationWords(date)}${dateInWords(date.asOf)}` : statement.asOfText,
    quote: statement.sentence.text,
    phrasings: phrasingsOf(statement, figures, title),
    keywords: keywordsOf(statement, figures),
    draft: true,
  };
  return { fact, fresh, ...(reuse ? { reuse: { factId: reuse.factId, score: reuse.score } } : {}) };
}

/** A reused id is claimed once per file: the closest restatement keeps it, the others get ids of their own. */
function settleIds(proposals: Proposal[]): Fact[] {
  const claimed = new Map<string, number>();
  proposals.forEach((p, i) => {
    if (!p.reuse) return;
    const other = claimed.get(p.reuse.factId);
    if (other === undefined || (proposals[other]?.reuse?.score ?? 0) < p.reuse.score)
      claimed.set(p.reuse.factId, i);
  });
  const taken = new Set<string>(claimed.keys());
  return proposals.map((p, i) =>
    p.reuse && claimed.get(p.reuse.factId) === i ? p.fact : { ...p.fact, id: unique(p.fresh, taken) },
  );
}

export function draftEdition({ text, edition, earlier }: DraftInput): EditionFile {
  const paragraphs = paragraphsOf(text);
  const statements = readStatements(paragraphs, edition);
  const index = indexEarlierFacts(earlier);
  const proposals = statements.flatMap((statement) =>
    groupsOf(statement, index).map((group) => proposalOf(statement, group, statements, index, edition)),
  );
  // Names and synonyms are the editor's to add: the engine reads them from `vocabulary`.
  return { edition, text: paragraphs, vocabulary: { entities: [], terms: [] }, facts: settleIds(proposals) };
}
