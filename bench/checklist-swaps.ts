import type { FactBase } from "../src/facts/base.js";
import type { Entity, EntityKind } from "../src/facts/schema.js";
import { pick, seedOf } from "./checklist-edits.js";

/**
 * Directional edits for the CheckList tests: the question's own subject or year swapped for one the
 * tracker does not cover, which must turn a right answer into a decline. The names swapped out are found
 * in the question with the edition's vocabulary (data, not code); the names swapped in come from general
 * lists of well-known companies, places and people, less any the fact base knows or its text mentions.
 */

export interface Swap {
  kind: string;
  variant: string;
}

/** Well-known names of each kind, none chosen with this tracker in mind. */
const OUTSIDERS: Readonly<Record<string, readonly string[]>> = {
  company: ["Walmart", "Samsung", "Siemens", "Toyota", "Netflix", "Nestlé", "JD.com", "Spotify", "Unilever"],
  "cloud provider": ["AWS", "Microsoft Azure", "Google Cloud", "IBM Cloud", "Oracle Cloud"],
  organization: ["WTO", "IMF", "World Bank", "European Commission", "FDA"],
  product: ["eBay", "PayPal", "Etsy", "Venmo", "Craigslist"],
  person: ["Satya Nadella", "Tim Cook", "Mary Barra", "Sundar Pichai", "Elon Musk"],
  place: ["Brazil", "Canada", "Kenya", "Norway", "Lisbon", "Toronto", "Chile", "Poland"],
};

/** Vocabulary kinds a swap applies to; events and plans have no general stand-in. */
function outsiderKindOf(entity: Entity): string | undefined {
  const kinds: Partial<Record<EntityKind, string>> = {
    company: entity.names.some((n) => /\bcloud\b/i.test(n)) ? "cloud provider" : "company",
    organization: "organization",
    product: "product",
    person: "person",
    place: "place",
  };
  return kinds[entity.kind];
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Whether a name, as written, is found in lower-cased chat too. An all-capitals short form ("US", "SEA")
 * is also an everyday word in lower case ("tell us", "by sea"), so it is matched only as written.
 */
const matchesAnyCase = (name: string): boolean => !/^[A-Z]{2,5}$/.test(name);

/** Descriptions ("the e-commerce giant", "Alibaba's cloud arm") are not names to swap. */
const isName = (alias: string): boolean => !/^(the|a|an)\s/i.test(alias) && !/['’]s\s/.test(alias);

interface Mention {
  entity: Entity;
  start: number;
  end: number;
}

/** The vocabulary's names found in a question, the longest first where they overlap ("Alibaba Cloud", not "Alibaba"). */
export function entityMentions(question: string, entities: readonly Entity[]): Mention[] {
  const found: Mention[] = [];
  for (const entity of entities) {
    for (const name of [...entity.names, ...entity.aliases.filter(isName)]) {
      const pattern = new RegExp(
        `(?<![\\p{L}\\p{N}])${escapeRegExp(name).replace(/['’]/g, "['’]?")}(?![\\p{L}\\p{N}])`,
        matchesAnyCase(name) ? "giu" : "gu",
      );
      for (const m of question.matchAll(pattern)) {
        const start = m.index ?? 0;
        found.push({ entity, start, end: start + m[0].length });
      }
    }
  }
  const longestFirst = found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Mention[] = [];
  for (const m of longestFirst) {
    if (!kept.some((k) => m.start < k.end && k.start < m.end)) kept.push(m);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Every word the fact base could answer for: its names, aliases and text. */
function knownText(base: FactBase): string {
  const names = base.vocabulary.entities.flatMap((e) => [...e.names, ...e.aliases]);
  return [...names, ...base.texts.flatMap((t) => t.paragraphs)].join("\n").toLowerCase();
}

/** The outsiders of a kind the fact base says nothing about. */
function unknownOutsiders(kind: string, known: string): string[] {
  return (OUTSIDERS[kind] ?? []).filter(
    (name) => !new RegExp(`(?<![\\p{L}])${escapeRegExp(name.toLowerCase())}(?![\\p{L}])`, "u").test(known),
  );
}

/** Years the tracker speaks of: in its text, its facts' dates and values. */
function coveredYears(base: FactBase): Set<number> {
  const years = new Set<number>();
  const add = (text: string) => {
    for (const m of text.matchAll(/\b(1[89]|20)\d{2}\b/g)) years.add(Number(m[0]));
  };
  for (const t of base.texts) add(t.paragraphs.join(" "));
  for (const fact of base.facts) {
    add(fact.asOf);
    for (const value of fact.values) {
      add(value.asOf ?? "");
      if (value.unit === "year") years.add(value.number);
    }
  }
  return years;
}

/** A year a few before the given one that the tracker does not speak of. */
export function uncoveredYear(year: number, covered: ReadonlySet<number>): number {
  let other = year - 3;
  while (covered.has(other)) other--;
  return other;
}

/** Builds the swaps of one fact base once; `swapsOf(question)` then gives each question's directional variants. */
export function directionalSwaps(base: FactBase): (question: string) => Swap[] {
  const known = knownText(base);
  const years = coveredYears(base);
  const outsiders = new Map(Object.keys(OUTSIDERS).map((kind) => [kind, unknownOutsiders(kind, known)]));
  return (question) => {
    const seed = seedOf(question);
    const byEntity = new Map<string, Mention[]>();
    for (const m of entityMentions(question, base.vocabulary.entities)) {
      byEntity.set(m.entity.id, [...(byEntity.get(m.entity.id) ?? []), m]);
    }
    const swaps: Swap[] = [];
    for (const mentions of byEntity.values()) {
      const entity = (mentions[0] as Mention).entity;
      const kind = outsiderKindOf(entity);
      const [first, ...rest] = kind ? (outsiders.get(kind) ?? []) : [];
      if (!kind || first === undefined) continue;
      const outsider = pick([first, ...rest], seed);
      // Every mention of the entity goes, so the question names only the outsider.
      const variant = mentions.reduceRight(
        (text, m) => `${text.slice(0, m.start)}${outsider}${text.slice(m.end)}`,
        question,
      );
      swaps.push({ kind: `${kind} swapped`, variant });
    }
    const year = /\b(?:19|20)\d{2}\b/.exec(question);
    if (year) {
      const other = uncoveredYear(Number(year[0]), years);
      swaps.push({ kind: "year swapped", variant: question.replace(year[0], String(other)) });
    }
    return swaps;
  };
}
