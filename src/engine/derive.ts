import { type FigurePoint, figureOverTime } from "../facts/history.js";
import type { AnswerKind, Unit } from "../facts/schema.js";
import type { IndexedValue } from "./fact-index.js";
import { isFunctionWord } from "./lexicon.js";
import type { ScoredFact } from "./match.js";
import { comparisonDirection } from "./operations.js";
import { type Reading, type ReadTerm, SCALES } from "./read.js";
import { stem } from "./text.js";
import type { DatePoint, Derivation, Operand, Qualifier } from "./types.js";

/**
 * Units whose figures can be added, subtracted and compared. Within one fact any counts combine ("cities
 * minus provinces"); across facts only like with like (people with people, not people with provinces).
 */
function family(unit: Unit, sameFact = true): string {
  if (unit === "percent" || unit === "usd" || unit === "year" || unit === "years") return unit;
  return sameFact || unit === "people" ? "count" : unit;
}

/** The kinds of answer a figure gives. */
const FIGURE_KINDS: ReadonlySet<AnswerKind> = new Set(["count", "percent", "money"]);

/** How well a value matches what the question names: how many of the question's terms describe it. */
function relevance(question: Reading, value: IndexedValue): number {
  return question.terms.filter((t) => value.terms.has(t.term)).length;
}

function operand(v: IndexedValue): Operand {
  return { factId: v.factId, value: v.value, ...(v.edition && { edition: v.edition }) };
}

/** A result computed from hedged figures is itself only "about" right. */
function hedgeOf(values: readonly IndexedValue[]): { qualifier?: Qualifier } {
  return values.some((v) => v.value.qualifier) ? { qualifier: "about" } : {};
}

/** The facts the operands come from, each once. */
function factsOf(values: readonly IndexedValue[]): string[] {
  return [...new Set(values.map((v) => v.factId))];
}

/** A value's date, for ordering a fact's values in time. */
function dateOf(v: IndexedValue, factAsOf: string): string {
  return v.value.asOf ?? factAsOf;
}

/**
 * Two values of a fact's figure at different times, earlier first: the latest and the one before it, or with
 * `whole` the first the tracker gave and the latest. Across editions (the fact's history) and within one
 * (before and after a change).
 */
function timeline(fact: ScoredFact, whole = false): [IndexedValue, IndexedValue] | null {
  const known = fact.entry.fact;
  for (const unit of new Set(fact.entry.values.map((v) => v.value.unit))) {
    const points = figureOverTime(known, unit);
    if (points.length < 2) continue;
    const indexed = (point: FigurePoint): IndexedValue => {
      const own =
        fact.entry.values.find((v) => v.value === point.value) ??
        fact.entry.values.find((v) => v.value.key === point.value.key && v.value.unit === unit) ??
        (fact.entry.values.find((v) => v.value.unit === unit) as IndexedValue);
      return {
        ...own,
        value: { ...point.value, asOf: point.date },
        ...(point.edition.id !== known.edition.id && { edition: point.edition }),
      };
    };
    const later = points.at(-1) as FigurePoint;
    const earlier = (whole ? points[0] : points.at(-2)) as FigurePoint;
    return [indexed(earlier), indexed(later)];
  }
  return null;
}

/**
 * The two values a two-operand question is about: a pair inside the best fact when it has one,
 * else the best fact's most relevant value and the most relevant value of another matching fact.
 */
function pairOperands(
  question: Reading,
  ranked: readonly ScoredFact[],
  sameFamily: boolean,
): [IndexedValue, IndexedValue] | null {
  const top = ranked[0];
  if (!top) return null;
  const inTop = top.entry.values;
  if (inTop.length >= 2) {
    const sorted = [...inTop].sort((a, b) => relevance(question, b) - relevance(question, a));
    const [a, b] = sorted as [IndexedValue, IndexedValue];
    if (!sameFamily || family(a.value.unit) === family(b.value.unit)) return [a, b];
  }
  const first = [...inTop].sort((a, b) => relevance(question, b) - relevance(question, a))[0];
  if (!first) return null;
  let best: { value: IndexedValue; rank: number } | null = null;
  for (const other of ranked.slice(1, 6)) {
    if (other.score < top.score * 0.25) break;
    for (const value of other.entry.values) {
      if (sameFamily && family(value.value.unit, false) !== family(first.value.unit, false)) continue;
      const related = relevance(question, value);
      if (related === 0) continue;
      // Prefer a value that names something the question asked and the first operand does not.
      const adds = question.terms.filter((t) => value.terms.has(t.term) && !first.core.has(t.term)).length;
      const rank = related + 2 * adds + other.score;
      if (!best || rank > best.rank) best = { value, rank };
    }
  }
  return best ? [first, best.value] : null;
}

/**
 * Numerator first: the operand the question names before "per" / "divided by" / "than" ("arrests per
 * investigation", "population than its digital customers"); failing that, the larger one.
 */
function namedFirst(question: Reading, a: IndexedValue, b: IndexedValue): [IndexedValue, IndexedValue] {
  const sentence = question.words.join(" ");
  const pivot = sentence.search(/\b(per|for each|for every|divided by|over|than|to one)\b/);
  const firstMention = (v: IndexedValue) => {
    const positions = [...v.core]
      .map((t) => sentence.search(new RegExp(`\\b${t.slice(0, 5).replace(/[^a-z0-9]/g, "")}`)))
      .filter((p) => p >= 0);
    return positions.length > 0 ? Math.min(...positions) : Number.POSITIVE_INFINITY;
  };
  if (pivot >= 0) {
    const [ma, mb] = [firstMention(a), firstMention(b)];
    if (ma < pivot && !(mb < pivot)) return [a, b];
    if (mb < pivot && !(ma < pivot)) return [b, a];
  }
  return a.value.number >= b.value.number ? [a, b] : [b, a];
}

function yearsIn(question: Reading): number[] {
  return question.numbers.filter((n) => Number.isInteger(n) && n >= 1900 && n <= 2100);
}

/** Years a fact states: its date and any values in years. */
function yearsOf(fact: ScoredFact): number[] {
  return [
    yearOf(fact.entry.fact.asOf),
    ...fact.entry.values.filter((v) => v.value.unit === "year").map((v) => v.value.number),
  ];
}

/**
 * The other end of a span when the question names one year: a year value of a matching fact that the
 * question points at ("the start of the plan"), that fact's own date, or else the edition's date.
 */
function otherYear(
  question: Reading,
  ranked: readonly ScoredFact[],
  asked: number,
): { year: number; fact?: ScoredFact } {
  const top = ranked[0];
  if (!top) return { year: asked };
  // "How many years are left after 2017" looks forward; otherwise the year the question names matters.
  const forward = /\b(left|remaining|remain|until|till|to go|after)\b/.test(question.words.join(" "));
  for (const fact of ranked.slice(0, 3)) {
    if (fact.score < top.score * 0.3) break;
    const named = fact.entry.values
      .filter((v) => v.value.unit === "year" && v.value.number !== asked)
      .sort(
        (a, b) =>
          relevance(question, b) - relevance(question, a) ||
          (forward ? Number(b.value.number > asked) - Number(a.value.number > asked) : 0),
      )[0];
    if (named) return { year: named.value.number, fact };
    const year = yearOf(fact.entry.fact.asOf);
    if (year !== asked) return { year, fact };
  }
  return { year: yearOf(top.entry.fact.edition.date) };
}

/** Words that ask for a distance to a figure: "short of 200", "how far from 400", "the gap to 20%". */
const DISTANCE =
  /\b(short of|away from|far from|how far|gap|to hit|get to)\b|\bpoints? (?:to|until|till|before) \d/;

/**
 * How far a figure is from one the question names: "how many more points to get to 20%" → 20 − 14.4.
 * Only for a percentage and a number written with a percent sign or word.
 */
function differenceToTarget(question: Reading, fact: ScoredFact): Derivation | null {
  const sentence = question.words.join(" ");
  const towards = DISTANCE.test(sentence) || /\b(more|less|need|needs|reach|difference)\b/.test(sentence);
  const pair = timeline(fact);
  const value = pair ? pair[1] : fact.entry.values.find((v) => v.value.unit === "percent");
  if (!towards || value?.value.unit !== "percent") return null;
  // "…will own more than 15%, right?" claims a level; it asks for no distance to it.
  if (question.form === "yesno" && !DISTANCE.test(sentence) && !/\b(need|needs|reach)\b/.test(sentence))
    return null;
  // The target is a percentage the question names other than the figure itself ("beyond 14.4% to reach 15%").
  // ("40% more" is a relative change, not a level to reach.)
  const target = [...sentence.matchAll(/\b(\d+(?:\.\d+)?) percent\b(?! (?:more|bigger|larger|higher|up)\b)/g)]
    .map((m) => Number(m[1]))
    .find((n) => n !== value.value.number);
  if (target === undefined) return null;
  return {
    operation: "target",
    result: { number: target - value.value.number, unit: "points" as const },
    operands: [operand(value)],
    factIds: [value.factId],
    inputs: [target],
    value: operand(value),
    target,
  };
}

/** Words that ask how far one figure is from another, more or less than it. */
const GAP_CUE = /\b(more|less|fewer|above|below|over|under|beyond|difference|diff|than|to reach)\b/;

/**
 * How far a count is from one the question names: "ant financial cities gap to 400" → 400 − 352, "how many
 * more digital customers than 100 million" → 150 million − 100 million. The number given is the question's
 * own (not a year, not one of the fact's figures).
 */
function differenceToGiven(
  question: Reading,
  fact: ScoredFact,
  ranked: readonly ScoredFact[],
): Derivation | null {
  const words = question.words;
  const sentence = words.join(" ");
  if (question.operation !== "difference" || !(DISTANCE.test(sentence) || GAP_CUE.test(sentence)))
    return null;
  const given = askersNumber(question, fact, ranked)?.number;
  const value = fact.entry.values
    .filter((v) => v.value.unit !== "percent" && v.value.unit !== "year")
    .sort((a, b) => relevance(question, b) - relevance(question, a))[0];
  if (given === undefined || !value) return null;
  return {
    operation: "target",
    result: { number: given - value.value.number, unit: value.value.unit, ...hedgeOf([value]) },
    operands: [operand(value)],
    factIds: [value.factId],
    inputs: [given],
    value: operand(value),
    target: given,
  };
}

/**
 * A number the asker gives, not a year, not a percentage and not one of the tracker's figures restated ("of the
 * 620-odd million people…"), with the word it counts ("660 *cities*", "2 billion *shares*").
 */
function askersNumber(
  question: Reading,
  fact: ScoredFact,
  ranked: readonly ScoredFact[],
): { number: number; noun: string | undefined } | undefined {
  const words = question.words;
  const close = ranked.filter((s) => s.score >= 0.5 * fact.score);
  const tracker = close.flatMap((s) => s.entry.values.map((v) => v.value.number));
  const restated = (n: number) => tracker.some((t) => Math.abs(t - n) <= 0.05 * Math.abs(t));
  return words
    .flatMap((w, i) => {
      if (!/^\d+(?:\.\d+)?$/.test(w) || /^(percent|pct|points?)$/.test(words[i + 1] ?? "")) return [];
      const scale = words.slice(i + 1, i + 3).find((x) => SCALES[x] !== undefined);
      const number = Number(w) * (scale ? (SCALES[scale] as number) : 1);
      const noun = words.slice(i + 1, i + 4).find((x) => SCALES[x] === undefined && !isFunctionWord(x));
      return Number.isInteger(number) && number >= 1900 && number <= 2100 ? [] : [{ number, noun }];
    })
    .find((n) => !restated(n.number));
}

/**
 * "China has 660 cities: what share of those has Ant Financial signed?" → 352 / 660; "if SingPost had 2 billion
 * shares, how many would Alibaba hold?" → 14.4% of 2 billion. The asker's number is what the figure is set
 * against: for a share, one that counts what the figure counts; for a part, any count the percentage is of.
 */
function ofGiven(question: Reading, fact: ScoredFact, ranked: readonly ScoredFact[]): Derivation | null {
  const given = askersNumber(question, fact, ranked);
  if (!given || given.number <= 0) return null;
  const noun = given.noun ? stem(given.noun) : undefined;
  const share = question.operation === "share" && question.wants === "percent";
  if (!share && (question.wants !== "count" || /\b(percent|share|stake)\b/.test(given.noun ?? "")))
    return null;
  const pair = timeline(fact);
  const value = share
    ? fact.entry.values.find(
        (v) =>
          v.value.unit !== "percent" &&
          noun !== undefined &&
          (stem(v.value.unit) === noun || v.core.has(noun)),
      )
    : pair
      ? pair[question.pick === "earlier" ? 0 : 1]
      : fact.entry.values.find((v) => v.value.unit === "percent");
  if (!value || (!share && value.value.unit !== "percent")) return null;
  return {
    operation: "of-given",
    result: share
      ? { number: (100 * value.value.number) / given.number, unit: "percent" }
      : { number: (value.value.number / 100) * given.number, unit: "count", ...hedgeOf([value]) },
    operands: [operand(value)],
    factIds: [value.factId],
    inputs: [given.number],
    value: operand(value),
    given: given.number,
    as: share ? "share" : "part",
  };
}

/** A date or period as a month count: "2017-02" → Feb 2017, "2015-Q4" → November 2015, "2016" → mid-2016. */
function monthIndex(iso: string): number {
  const [year, part] = iso.split("-");
  const y = Number(year) * 12;
  if (!part) return y + 6;
  if (part.startsWith("Q")) return y + (Number(part.slice(1)) - 1) * 3 + 1;
  return y + Number(part) - 1;
}

/** Whether a date says its month or quarter ("2016-12", "2015-Q4"), not just its year. */
const monthPrecise = (iso: string) => /^\d{4}-(\d\d|Q[1-4])/.test(iso);

/** Where in its month a date's own words put it ("mid-December", "the end of February"), as a share of it. */
function partOfMonth(text: string | undefined): number | null {
  if (!text) return null;
  if (/\b(mid|middle)\b/i.test(text)) return 0.5;
  if (/\b(end|late)\b/i.test(text)) return 1;
  if (/\b(early|beginning|start)\b/i.test(text)) return 0;
  return null;
}

/** Months between the dates of the two best-matching facts that have different, month-precise dates. */
function monthsBetween(ranked: readonly ScoredFact[]): Derivation | null {
  // A fact dated only by its edition ("January 2017 edition") says nothing of when its event was.
  const dated = (s: ScoredFact) =>
    monthPrecise(s.entry.fact.asOf) && !/\bedition\b/i.test(s.entry.fact.asOfText ?? "");
  const best = ranked[0];
  if (!best) return null;
  // The two dated facts that together cover most of the names and terms the question gives ("between the
  // Japan launch and the SingPost stake increase": one fact each).
  const candidates = ranked.slice(0, 6).filter((s) => dated(s) && s.score >= best.score * 0.3);
  const named = (s: ScoredFact) => s.covered.filter((t) => /^[@~]/.test(t));
  let pair: [ScoredFact, ScoredFact] | undefined;
  let pairValue = 0;
  for (const [i, a] of candidates.entries()) {
    for (const b of candidates.slice(i + 1)) {
      if (monthIndex(a.entry.fact.asOf) === monthIndex(b.entry.fact.asOf)) continue;
      // The names and tracker terms both cover count first; their scores break ties.
      const value = new Set([...named(a), ...named(b)]).size + (a.score + b.score) / 2;
      if (value > pairValue) [pair, pairValue] = [[a, b], value];
    }
  }
  if (!pair) return null;
  const [early, late] = [...pair].sort(
    (a, b) => monthIndex(a.entry.fact.asOf) - monthIndex(b.entry.fact.asOf),
  ) as [ScoredFact, ScoredFact];
  // "Mid-December" to "the end of February" is two and a half months: where both dates say where in the
  // month they fall, the span is counted to the half month.
  const within = [early, late].map((s) => partOfMonth(s.entry.fact.asOfText));
  const [from, to] = within as [number | null, number | null];
  const whole = monthIndex(late.entry.fact.asOf) - monthIndex(early.entry.fact.asOf);
  const months =
    from !== null &&
    to !== null &&
    /^\d{4}-\d\d/.test(early.entry.fact.asOf) &&
    /^\d{4}-\d\d/.test(late.entry.fact.asOf)
      ? Math.round((whole + to - from) * 2) / 2
      : whole;
  const point = (s: ScoredFact): DatePoint => ({
    iso: s.entry.fact.asOf,
    factId: s.entry.fact.id,
    ...(s.entry.fact.asOfText && { text: s.entry.fact.asOfText }),
  });
  return {
    operation: "span",
    result: { number: months, unit: "months", qualifier: "about" },
    operands: [],
    factIds: [early.entry.fact.id, late.entry.fact.id],
    inputs: [],
    from: point(early),
    to: point(late),
    inclusive: false,
  };
}

/** What is left of a percentage: "what percent of SingPost will Alibaba *not* own" → 100 − 14.4. */
function complementOf(question: Reading, fact: ScoredFact): Derivation | null {
  const percents = fact.entry.values.filter((v) => v.value.unit === "percent");
  if (percents.length === 0) return null;
  const pair = timeline(fact);
  // "Currently" is the tracker's own "current" stake: the earlier value of a figure that is changing.
  const earlier =
    question.pick === "earlier" || /\b(current|currently|now|today|before)\b/.test(question.words.join(" "));
  const value = pair ? pair[earlier ? 0 : 1] : (percents[0] as IndexedValue);
  return {
    operation: "complement",
    result: { number: 100 - value.value.number, unit: "percent" },
    operands: [operand(value)],
    factIds: [value.factId],
    inputs: [],
    of: operand(value),
  };
}

function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}

/**
 * A figure computed from the matched facts' structured values, or null when the question asks
 * for no computation or its operands are not in the fact base.
 */
export function derive(question: Reading, ranked: readonly ScoredFact[]): Derivation | null {
  const best = ranked[0];
  if (!question.operation || !best) return null;
  // "What will it be useful for?": a "will" that asks why or who picks no figure.
  if (question.operation === "pick" && question.wants !== null && !FIGURE_KINDS.has(question.wants))
    return null;
  // Before/after questions are about a figure that changes: prefer a close runner-up that has one.
  const changing = ranked.slice(0, 3).find((s) => s.score >= best.score * 0.8 && timeline(s));
  const top =
    (question.operation === "pick" ||
      question.operation === "difference" ||
      question.operation === "relative-change") &&
    changing
      ? changing
      : best;
  // "How far from 20%" whatever else the wording suggests (an "after" reads as a pick).
  const target =
    differenceToTarget(question, top) ??
    differenceToGiven(question, top, ranked) ??
    ofGiven(question, top, ranked);
  if (target) return target;
  if ((question.operation === "share" || question.operation === "difference") && question.negated) {
    const complement = complementOf(question, top);
    if (complement) return complement;
  }
  switch (question.operation) {
    case "pick": {
      const pair = timeline(top);
      if (!pair) return null;
      const [earlier, later] = pair;
      // "Now": the newest value that already holds at the edition's date (a raise still to come does not).
      const holdsNow = dateOf(later, top.entry.fact.asOf) <= top.entry.fact.edition.date;
      // "Now" of a figure whose latest value already holds is just the fact: nothing to compute.
      if (question.pick === "current" && holdsNow) return null;
      const chosen =
        question.pick === "earlier" || (question.pick === "current" && !holdsNow) ? earlier : later;
      const other = chosen === earlier ? later : earlier;
      return {
        operation: "pick",
        result: {
          number: chosen.value.number,
          unit: chosen.value.unit,
          ...(chosen.value.qualifier && { qualifier: chosen.value.qualifier }),
        },
        operands: [operand(chosen)],
        factIds: [chosen.factId],
        inputs: [],
        chosen: operand(chosen),
        other: operand(other),
        which: chosen === earlier ? "earlier" : "later",
      };
    }
    case "convert": {
      const value = [...top.entry.values].sort((a, b) => relevance(question, b) - relevance(question, a))[0];
      if (!value || question.scale === null || value.value.unit === "percent" || value.value.unit === "year")
        return null;
      return {
        operation: "convert",
        result: {
          number: value.value.number / question.scale,
          unit: value.value.unit,
          scale: question.scale,
          ...hedgeOf([value]),
        },
        operands: [operand(value)],
        factIds: [value.factId],
        inputs: [],
        value: operand(value),
      };
    }
    case "difference":
    case "relative-change": {
      // How a figure changed: from the first value the tracker gave to the latest.
      const changing = timeline(top, true);
      const pair = changing ?? pairOperands(question, ranked, true);
      if (!pair) return null;
      // A changing figure goes from earlier to later; two others from the smaller to the larger.
      const [from, to] = changing || pair[0].value.number < pair[1].value.number ? pair : [pair[1], pair[0]];
      const diff = to.value.number - from.value.number;
      const values = [from, to];
      const difference = {
        number: diff,
        unit: from.value.unit === "percent" ? ("points" as const) : from.value.unit,
        ...hedgeOf(values),
      };
      const relative = from.value.number !== 0 ? (diff / from.value.number) * 100 : null;
      const common = { operands: values.map(operand), factIds: factsOf(values), inputs: [] };
      if (question.operation === "relative-change" && relative !== null) {
        return {
          operation: "relative-change",
          result: { number: relative, unit: "percent", ...hedgeOf(values) },
          ...common,
          from: operand(from),
          to: operand(to),
          difference,
        };
      }
      return {
        operation: "difference",
        result: difference,
        ...common,
        from: operand(from),
        to: operand(to),
        changing: changing !== null,
        relative,
      };
    }
    case "ratio": {
      const changing = timeline(top);
      const pair = changing ?? pairOperands(question, ranked, false);
      if (!pair) return null;
      const [num, den] = changing ? [pair[1], pair[0]] : namedFirst(question, pair[0], pair[1]);
      if (den.value.number === 0) return null;
      // "Arrests per 100 investigations": a rate per the number the question names.
      const perAsked = Number(/\bper (\d+)\b/.exec(question.words.join(" "))?.[1] ?? 1) || 1;
      const values = [num, den];
      // Dollars per something stay dollars; anything else is a plain ratio.
      const unit = num.value.unit === "usd" && den.value.unit !== "usd" ? "usd" : "ratio";
      return {
        operation: "ratio",
        result: { number: (num.value.number / den.value.number) * perAsked, unit, ...hedgeOf(values) },
        operands: values.map(operand),
        factIds: factsOf(values),
        inputs: perAsked === 1 ? [] : [perAsked],
        numerator: operand(num),
        denominator: operand(den),
        per: perAsked,
      };
    }
    case "share": {
      const pair = pairOperands(question, ranked, true);
      if (!pair || pair[0].value.unit === "percent") return null;
      const [part, whole] = pair[0].value.number <= pair[1].value.number ? pair : [pair[1], pair[0]];
      if (whole.value.number === 0) return null;
      const ratio = (part.value.number / whole.value.number) * 100;
      // "What share are *not* digital customers": the rest of the whole.
      const share = question.negated ? 100 - ratio : ratio;
      const values = [part, whole];
      return {
        operation: "share",
        result: { number: Math.round(share * 10) / 10, unit: "percent", ...hedgeOf(values) },
        operands: values.map(operand),
        factIds: factsOf(values),
        inputs: [],
        part: operand(part),
        whole: operand(whole),
        rest: question.negated,
      };
    }
    case "sum": {
      const pair = pairOperands(question, ranked, true);
      if (!pair) return null;
      const [a, b] = pair;
      return {
        operation: "sum",
        result: { number: a.value.number + b.value.number, unit: a.value.unit, ...hedgeOf(pair) },
        operands: pair.map(operand),
        factIds: factsOf(pair),
        inputs: [],
        parts: [operand(a), operand(b)],
      };
    }
    case "span": {
      if (/\b(months?|weeks?)\b/.test(question.words.join(" "))) return monthsBetween(ranked);
      // Two facts dated to the month or quarter, and close: the span between them in months (a year count
      // would claim a precision the dates do not have: late 2015 to February 2017 is about 15 months).
      // The years a question names may be those two dates' ("from late 2015 to end of feb 2017"): then too.
      const between = monthsBetween(ranked);
      const named = yearsIn(question);
      const sameYears =
        between?.operation === "span" &&
        named.length >= 2 &&
        named.every((y) => [between.from.iso, between.to.iso].some((iso) => yearOf(iso) === y));
      const months = named.length === 0 || sameYears ? between : null;
      if (months && months.result.number < 36) return months;
      const years = top.entry.values.filter((v) => v.value.unit === "year");
      const asked = yearsIn(question);
      let from: number | undefined;
      let to: number | undefined;
      let inclusive = false;
      let sources: ScoredFact[] = [top];
      if (asked.length >= 2) {
        [from, to] = [Math.min(...asked), Math.max(...asked)];
        sources = ranked.slice(0, 5).filter((s) => asked.some((y) => yearsOf(s).includes(y)));
      } else if (asked.length === 1) {
        const year = asked[0] as number;
        const other = otherYear(question, ranked, year);
        [from, to] = [Math.min(other.year, year), Math.max(other.year, year)];
        sources = [top, ...(other.fact && other.fact !== top ? [other.fact] : [])];
      } else if (years.length >= 2) {
        const numbers = years.map((v) => v.value.number);
        [from, to] = [Math.min(...numbers), Math.max(...numbers)];
        inclusive = true; // a plan "2016–2020" runs through both end years
      } else {
        // Two dates of two facts: "how many years after the plan ends is the forecast for".
        const own = years[0]?.value.number ?? yearOf(top.entry.fact.asOf);
        const other = otherYear(question, ranked.slice(1), own);
        if (other.fact) {
          [from, to] = [Math.min(own, other.year), Math.max(own, other.year)];
          sources = [top, other.fact];
        }
      }
      if (from === undefined || to === undefined || from === to) return null;
      return {
        operation: "span",
        result: { number: to - from + (inclusive ? 1 : 0), unit: "years" },
        operands: sources.flatMap((s) => s.entry.values.filter((v) => v.value.unit === "year").map(operand)),
        factIds: sources.map((s) => s.entry.fact.id),
        inputs: asked,
        from: { iso: String(from) },
        to: { iso: String(to) },
        inclusive,
      };
    }
    case "compare":
      return comparison(question, ranked);
    default:
      return null;
  }
}

/** Where a term stands in the question: before "than" (what is compared) or after (what it is compared with). */
function sideOf(question: Reading, term: ReadTerm, pivot: number): "left" | "right" | null {
  const first = term.surface.split(" ")[0] ?? "";
  const at = question.words.indexOf(first);
  if (at < 0) return null;
  return at < pivot ? "left" : "right";
}

/**
 * "Did Cloud Sword make more arrests than investigations?", "is that more than Ant Financial's cities?":
 * the figure named before "than" (or the one "that" stands for) against the one named after it.
 */
function comparison(question: Reading, ranked: readonly ScoredFact[]): Derivation | null {
  const pivot = question.words.indexOf("than");
  if (pivot < 0) return null;
  const top = ranked[0];
  if (!top) return null;
  const candidates = ranked.filter((s) => s.score >= top.score * 0.25).slice(0, 6);
  const values = candidates.flatMap((s) => s.entry.values).filter((v) => v.value.unit !== "year");
  const own = question.terms.filter((t) => !t.fromContext);
  const left = own.filter((t) => sideOf(question, t, pivot) === "left");
  const right = own.filter((t) => sideOf(question, t, pivot) === "right");
  const matches = (terms: readonly ReadTerm[], v: IndexedValue) =>
    terms.filter((t) => v.terms.has(t.term)).length;
  const best = (pool: readonly IndexedValue[], score: (v: IndexedValue) => number) =>
    [...pool].sort((a, b) => score(b) - score(a)).find((v) => score(v) > 0);
  const rightValue = best(values, (v) => matches(right, v));
  if (!rightValue) return null;
  // "Is that more than…": the figure of the fact the conversation was on, as its earlier question put it.
  const antecedent = ranked.find((s) => s.entry.fact.id === question.antecedent);
  // Any two counts compare ("164 investigations is less than 352 cities"); a percentage only with one.
  const leftPool = [...values, ...(antecedent?.entry.values ?? [])].filter(
    (v) => v !== rightValue && family(v.value.unit) === family(rightValue.value.unit),
  );
  const named = best(leftPool, (v) => matches(left, v) * 2 - matches(right, v));
  const leftValue =
    named ??
    best(
      leftPool.filter((v) => v.factId === antecedent?.entry.fact.id),
      (v) => 1 + question.terms.filter((t) => t.fromContext && v.terms.has(t.term)).length,
    );
  if (!leftValue) return null;
  const direction = comparisonDirection(question.words.join(" "));
  const diff = leftValue.value.number - rightValue.value.number;
  const pair = [leftValue, rightValue];
  return {
    operation: "compare",
    result: {
      number: Math.abs(diff),
      unit: leftValue.value.unit === "percent" ? "points" : leftValue.value.unit,
      ...hedgeOf(pair),
    },
    operands: pair.map(operand),
    factIds: factsOf(pair),
    inputs: [],
    left: operand(leftValue),
    right: operand(rightValue),
    direction,
    holds: direction === "more" ? diff > 0 : diff < 0,
  };
}
