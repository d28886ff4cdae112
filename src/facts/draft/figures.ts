import type { Unit, Value } from "../schema.js";
import type { DateMention } from "./dates.js";
import type { NumberMention, Sentence, Term } from "./nlp.js";

/**
 * The figures of a sentence: compromise finds and parses the numbers ("3.6 million" → 3,600,000); what they
 * count, their unit in the schema's terms and how the text hedges them are read from the words around them.
 */

export type Role = "value" | "after" | "before" | "change" | "rank" | "start" | "end";

export interface Figure {
  number: number;
  unit: Unit;
  qualifier?: Value["qualifier"];
  /** What it counts, from the words after it: "counterfeit gang member suspects". */
  noun: string;
  role: Role;
  /** "its current 10.23 percent": the value holds at the edition's date. */
  current: boolean;
  /** A figure the text implies without writing it (the count before "bringing the total to 14"). */
  inferred?: boolean;
  text: string;
  start: number;
  end: number;
}

/** Head nouns that count people; the schema's `people` unit. */
const PEOPLE =
  /^(people|persons|suspects|customers|consumers|users|shoppers|members|employees|staff|workers|residents|inhabitants|citizens|buyers|sellers|merchants|subscribers|visitors|students|viewers|readers|individuals|adults|children|farmers|drivers|travell?ers|tourists|passengers|population)$/;

/** The schema's other counted units, by the noun that counts them. */
const UNIT_NOUNS: [RegExp, Unit][] = [
  [/^(cities|towns|municipalities)$/, "cities"],
  [/^provinces$/, "provinces"],
  [/^(regions|(economic|data) cent(er|re)s|availability zones)$/, "regions"],
  [/^years?$/, "years"],
];

const QUALIFIERS: [RegExp, NonNullable<Value["qualifier"]>][] = [
  [/\b(more than|in excess of)$/, "more than"],
  [/\b(over|above|exceeding)$/, "over"],
  [/\bup to$/, "up to"],
  [/\b(about|around|approximately|roughly|nearly|almost|some|an estimated|close to|circa)$/, "about"],
];

/** Words that end the noun phrase after a number (compromise mis-tags some nouns as verbs, so not tags alone). */
const PHRASE_STOP = new Set([
  "Preposition",
  "Conjunction",
  "Determiner",
  "Copula",
  "Modal",
  "Auxiliary",
  "Adverb",
  "QuestionWord",
  "Pronoun",
  "Value",
]);
const STOP_WORDS =
  /^(is|are|was|were|be|been|has|have|had|will|would|that|which|who|where|when|while|as|than)$/;

export const CHANGE_VERB =
  /^(rise|rises|rose|risen|rising|increase[sd]?|increasing|grow|grows|grew|grown|growing|climb(s|ed)?|jump(s|ed)?|reach(es|ed)?|go|goes|went|gone|fall|falls|fell|fallen|drop(s|ped)?|decline[sd]?|raise[sd]?|raising|cut|reduce[sd]?|expand(s|ed)?|bring(s|ing)?|brought|take[sn]?|taking|took)$/;

/** Money written with a dollar sign, read by hand: compromise drops "US$" prefixes and reads "US$5.5 million" as 1 million. */
const DOLLARS =
  /(?:US\s?\$|\$)\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s?(thousand|million|billion|trillion|bn|mn|m|k)\b)?/gi;
const SCALE: Record<string, number> = {
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  mn: 1e6,
  m: 1e6,
  billion: 1e9,
  bn: 1e9,
  trillion: 1e12,
};

function termsBefore(sentence: Sentence, position: number, count: number): Term[] {
  return sentence.terms.filter((t) => t.end <= position).slice(-count);
}

function termsAfter(sentence: Sentence, position: number): Term[] {
  return sentence.terms.filter((t) => t.start >= position);
}

function wordsBefore(sentence: Sentence, position: number, count: number): string {
  return termsBefore(sentence, position, count)
    .map((t) => t.normal)
    .join(" ");
}

function qualifierBefore(sentence: Sentence, position: number): Value["qualifier"] {
  const before = wordsBefore(sentence, position, 3);
  return QUALIFIERS.find(([pattern]) => pattern.test(before))?.[1];
}

/** The noun phrase a number counts: "300 counterfeit gang member suspects in …" → "counterfeit gang member suspects". */
function nounAfter(sentence: Sentence, position: number): string {
  const words: string[] = [];
  for (const term of termsAfter(sentence, position)) {
    if (words.length === 0 && /^(percent|per|cent|pct)$/.test(term.normal)) continue;
    if ([...term.tags].some((tag) => PHRASE_STOP.has(tag)) || STOP_WORDS.test(term.normal)) break;
    // "14, including …": a gerund or a past tense starts a clause, not the counted noun.
    if (term.tags.has("Gerund") || term.tags.has("PastTense")) break;
    words.push(term.text.replace(/[”"’)]+$/, ""));
    if (words.length >= 5 || /[,.;:!?)—–]/.test(term.post) || term.tags.has("Plural")) break;
  }
  return words.join(" ");
}

/** "the total number of economic centers where …" → "economic centers", for a figure written after its noun. */
function numberOfNoun(sentence: Sentence): string {
  const at = /\bnumber of\s+/i.exec(sentence.text);
  return at ? nounAfter(sentence, sentence.start + at.index + at[0].length) : "";
}

export function unitOfNoun(noun: string): Unit {
  const head = noun.toLowerCase().split(/\s+/).at(-1) ?? "";
  const tail = noun.toLowerCase().split(/\s+/).slice(-2).join(" ");
  if (PEOPLE.test(head)) return "people";
  return UNIT_NOUNS.find(([pattern]) => pattern.test(tail) || pattern.test(head))?.[1] ?? "count";
}

/** "a city of 3.6 million", "its population of over 620 million": a bare number that is a population. */
function isPopulation(sentence: Sentence, position: number): boolean {
  return /\b(population|city|country|nation|region|town|province|home) (of|to)( (over|about|around|some|nearly|more than|almost))?$/.test(
    wordsBefore(sentence, position, 5),
  );
}

/** "will rise to 14.4 percent, up from its current 10.23 percent": which side of a change a figure is. */
function roleOf(sentence: Sentence, position: number): { role: Role; current: boolean } {
  const before = termsBefore(sentence, position, 4).map((t) => t.normal);
  const current = before.includes("current") || before.includes("currently");
  const near = before.join(" ");
  if (/\bfrom\b|\bcompared (with|to)\b|\bversus\b|\bvs\b/.test(near)) return { role: "before", current };
  const to = before.lastIndexOf("to");
  if (to >= 0) {
    const verbs = termsBefore(sentence, position, 15).map((t) => t.normal);
    if (verbs.some((w) => CHANGE_VERB.test(w))) return { role: "after", current };
  }
  // "revenue rose 55 percent": a change verb right before a figure gives the change, not the level.
  if (
    CHANGE_VERB.test(before.at(-1) ?? "") &&
    !/^(reach|bring|take|took|brought)/.test(before.at(-1) ?? "")
  ) {
    return { role: "change", current };
  }
  return { role: current ? "before" : "value", current };
}

function inDate(dates: DateMention[], start: number, end: number): boolean {
  return dates.some((d) => d.start < end && start < d.end);
}

/** A spelled-out number counts only when it counts something plural ("three new regions"), not "one would assume". */
function isSpelledCount(number: NumberMention, sentence: Sentence): boolean {
  if (/\d/.test(number.text)) return true;
  const next = termsAfter(sentence, number.end).slice(0, 3);
  return next.some((t) => t.tags.has("Plural")) && !number.terms.some((t) => t.normal === "few");
}

/**
 * "SingPost’s second-largest shareholder": an ordinal before a superlative is a rank, and its noun is the whole
 * phrase; other ordinals name things ("13th Five-Year Plan").
 */
function rankOf(number: NumberMention, sentence: Sentence): Figure | undefined {
  const next = termsAfter(sentence, number.end)[0];
  if (!next?.tags.has("Superlative")) return undefined;
  const owner = termsBefore(sentence, number.start, 1)[0];
  const from = owner?.tags.has("Possessive") ? owner.start : number.start;
  const noun = nounAfter(sentence, next.end);
  const to = noun
    ? sentence.text.indexOf(noun, next.end - sentence.start) + noun.length
    : next.end - sentence.start;
  return {
    number: number.number,
    unit: "count",
    noun: sentence.text.slice(from - sentence.start, to),
    role: "rank",
    current: false,
    text: number.text,
    start: number.start,
    end: next.end,
  };
}

function dollarFigures(sentence: Sentence): Figure[] {
  return [...sentence.text.matchAll(DOLLARS)].map((m) => {
    const amount = Number((m[1] ?? "0").replace(/,/g, ""));
    const scale = SCALE[(m[2] ?? "").toLowerCase()] ?? 1;
    const start = sentence.start + (m.index ?? 0);
    const end = start + m[0].length;
    const qualifier = qualifierBefore(sentence, start);
    return {
      number: Math.round(amount * scale * 100) / 100,
      unit: "usd" as const,
      ...(qualifier ? { qualifier } : {}),
      noun: nounAfter(sentence, end),
      ...roleOf(sentence, start),
      text: m[0],
      start,
      end,
    };
  });
}

/** "bringing the total … to 14" after launching in one place: the count before was one fewer. */
function countBefore(sentence: Sentence, after: Figure): Figure | undefined {
  if (after.unit === "percent" || after.unit === "usd") return undefined;
  const text = sentence.text;
  const total = /\b(bringing|brings|brought|taking|takes|took) (the|its) total\b/i.exec(text);
  const launch = /\b(launched|opened|added|entered|started)\b/i.exec(text);
  if (!total || !launch || launch.index > total.index) return undefined;
  const from = sentence.start + launch.index;
  const to = sentence.start + total.index;
  const places = sentence.names.filter((n) => n.kind === "place" && n.start >= from && n.start < to);
  if (places.length !== 1) return undefined;
  return { ...after, number: after.number - 1, role: "before", inferred: true };
}

/** compromise reads "1 million" as two numbers, 1 and 1,000,000: a number followed by its multiple is one. */
function joinMultiples(numbers: NumberMention[]): NumberMention[] {
  const joined: NumberMention[] = [];
  for (const number of numbers) {
    const previous = joined.at(-1);
    const multiple = number.terms.length === 1 && number.terms[0]?.tags.has("Multiple");
    if (previous && multiple && number.start - previous.end <= 1 && /^\d/.test(previous.text)) {
      joined[joined.length - 1] = {
        ...previous,
        text: `${previous.text} ${number.text}`,
        number: previous.number * number.number,
        terms: [...previous.terms, ...number.terms],
        end: number.end,
      };
    } else joined.push(number);
  }
  return joined;
}

/** Every figure of a sentence, in text order. Dates are passed in so that years are not read as figures. */
export function figuresOf(sentence: Sentence, dates: DateMention[]): Figure[] {
  const money = dollarFigures(sentence);
  const figures: Figure[] = [...money];
  for (const number of joinMultiples(sentence.numbers)) {
    if (inDate(dates, number.start, number.end)) continue;
    if (money.some((m) => m.start < number.end && number.start < m.end)) continue;
    if (number.terms.some((t) => t.tags.has("Ordinal"))) {
      const rank = rankOf(number, sentence);
      if (rank) figures.push(rank);
      continue;
    }
    if (!isSpelledCount(number, sentence)) continue;
    const hedge = qualifierBefore(sentence, number.start);
    const closed = /[,;:!?]|\.\s/.test(number.terms.at(-1)?.post ?? "");
    const noun = closed ? "" : nounAfter(sentence, number.end);
    const percent =
      number.percent ||
      /^(percent|per cent|pct|%)/i.test(sentence.text.slice(number.end - sentence.start).trim());
    const population = !percent && !noun && isPopulation(sentence, number.start);
    const counted = noun || (percent || population ? "" : numberOfNoun(sentence));
    // "over five years" is a span of time, not more than five.
    const qualifier = hedge === "over" && unitOfNoun(counted) === "years" ? undefined : hedge;
    const unitWord = percent
      ? /^\s*(percent|per cent|pct)\b/i.exec(sentence.text.slice(number.end - sentence.start))
      : null;
    const figure: Figure = {
      number: number.number,
      unit: percent ? "percent" : population ? "people" : unitOfNoun(counted),
      ...(qualifier ? { qualifier } : {}),
      noun: population ? "population" : counted,
      ...roleOf(sentence, number.start),
      text: number.text.replace(/[,.;:]+$/, ""),
      start: number.start,
      end: number.end + (unitWord?.[0].length ?? 0),
    };
    figures.push(figure);
    const before = figure.role === "after" ? countBefore(sentence, figure) : undefined;
    if (before) figures.push(before);
  }
  for (const date of dates) {
    if (!date.years) continue;
    const base = {
      unit: "year" as const,
      noun: "",
      current: false,
      text: date.text,
      start: date.start,
      end: date.end,
    };
    figures.push(
      { ...base, number: date.years.from, role: "start" },
      { ...base, number: date.years.to, role: "end" },
    );
  }
  return figures.sort((a, b) => a.start - b.start);
}
