import type { KnownFact } from "../facts/base.js";
import type { AnswerKind } from "../facts/schema.js";
import { derive } from "./derive.js";
import type { FactIndex } from "./fact-index.js";
import { AUXILIARIES, reportsWords, STATEMENT_ASKED, TAG_QUESTION } from "./lexicon.js";
import { type Conflict, counts, kindFits, rankFacts, type ScoredFact, weightOf } from "./match.js";
import type { Reading } from "./read.js";
import { stem } from "./text.js";
import type { EngineAnswer, Verdict } from "./types.js";
import { rankOf, stanceOf, stanceWord, verdictOf } from "./verdict.js";

/** "When…", "where…", "who…": a fact that gives no date, place or person does not answer, however close. */
const STRICT_KINDS: ReadonlySet<AnswerKind | null> = new Set(["date", "place", "person"]);
/** Decision thresholds, tuned on the dev split of the labelled questions (`npm run bench`). */
export const THRESHOLDS = {
  /** Confidence needed to answer. */
  answer: 0.5,
  /** Below this nothing is suggested either: the tracker does not say. */
  suggest: 0.34,
  /** A decline still names the closest facts when the best one scores this. */
  closest: 0.2,
  /** A runner-up within this share of the best fact's score makes the engine unsure… */
  margin: 0.04,
  /** …unless the best fact covers the question this well. */
  sure: 0.75,
  /** A conflict this heavy (a named company, a year, a term) means the question is about something else. */
  conflict: 0.6,
  /**
   * Attributes the fact lacks (revenue, founded, price) sink it when they weigh this share of what it covers:
   * "Alibaba's revenue" is about revenue; "the Lazada deal's outcome" is about the deal.
   */
  attributeShare: 0.6,
  /** What the best fact must cover of the question, at least: one rare word, or a name ("what time is it" is not enough). */
  evidence: 1.8,
  /** A best fact this far ahead of every other fact that fits is answered even below `answer`… */
  clearLead: 0.12,
  /** …if it scores at least this. */
  clearFloor: 0.38,
} as const;

/** Which rule settled the answer: what `--explain` shows an editor. */
export type Rule =
  | "smalltalk"
  | "empty"
  | "no match"
  | "computed"
  | "answered"
  | "verdict"
  | "claim the fact cannot settle"
  | "conflict"
  | "wrong kind of answer"
  | "another rank"
  | "role needs a person"
  | "figure needs a value"
  | "figure of another time"
  | "instructions to the bot"
  | "figure about something else"
  | "unsure between facts"
  | "too little in common"
  | "below threshold"
  | "nothing to follow up on";

export interface Decision {
  answer: EngineAnswer;
  rule: Rule;
  ranked: ScoredFact[];
  /** The conflicts that sank the best fact, if any. */
  conflicts: Conflict[];
}

/** How sure the engine is: the best fact's coverage, discounted when a runner-up is close behind. */
function confidenceOf(ranked: readonly ScoredFact[]): number {
  const [top, ...rest] = ranked;
  if (!top) return 0;
  // A runner-up that is about something else than the question (a conflict) is no rival.
  const second = rest.find((s) => heavy(s).length === 0);
  const margin = top.score - (second?.score ?? 0);
  const closeness = Math.min(1, margin / (THRESHOLDS.margin * 2));
  return Math.min(1, top.score * (0.85 + 0.15 * closeness));
}

/** How close to the best fact a statement must be to answer "what did X say…" in its place. */
const STATEMENT_RUNNER_UP = 0.55;

/**
 * "What did the GM say the Tokyo facility would let them do?": the close fact that reports what was said
 * goes first, ahead of one about the same thing that reports nobody's words.
 */
function statementFirst(reading: Reading, ranked: ScoredFact[]): ScoredFact[] {
  const [top] = ranked;
  const says = (s: ScoredFact) => reportsWords(s.entry.fact.answer);
  if (!top || !STATEMENT_ASKED.test(reading.sentence) || says(top)) return ranked;
  const said = ranked.find(
    (s) => says(s) && s.conflicts.length === 0 && s.score >= STATEMENT_RUNNER_UP * top.score,
  );
  return said ? [said, ...ranked.filter((s) => s !== said)] : ranked;
}

/** Share of the question's topic weight (operation cues and given numbers aside) the given facts cover together. */
function jointCoverage(
  reading: Reading,
  index: FactIndex,
  facts: readonly ScoredFact[],
  inputs: readonly number[],
): number {
  const given = new Set(inputs.map((n) => `#${n}`));
  const topic = reading.terms.filter(
    (t) => counts(t) && !reading.cues.includes(t.term) && !given.has(t.term),
  );
  const total = topic.reduce((sum, t) => sum + weightOf(index, t), 0);
  if (total === 0) return 0;
  const covered = topic.filter((t) => facts.some((f) => f.entry.weights.has(t.term)));
  return covered.reduce((sum, t) => sum + weightOf(index, t), 0) / total;
}

/**
 * Whether the best fact shares enough with the question to answer it: a name or one of the tracker's terms
 * in the asking clause, or two words that weigh enough together. "What time is it" shares only "time".
 */
function enoughInCommon(reading: Reading, top: ScoredFact): boolean {
  const shared = reading.terms.filter((t) => (t.core || t.fromContext) && top.entry.weights.has(t.term));
  if (shared.some((t) => t.role === "entity" || t.role === "term")) return true;
  return shared.length >= 2 && top.coveredWeight >= THRESHOLDS.evidence;
}

/** "Who is Alibaba's CEO": the person's fact must name that role (Ethan Yu is a VP, not the CEO). */
function holdsTheRole(reading: Reading, top: ScoredFact): boolean {
  return reading.roles.every((role) => role.every((t) => top.entry.weights.has(t)));
}

/** "What is it worth *now*?" of a projection: every figure the fact gives is for after its edition. */
function onlyAfterTheEdition(top: ScoredFact): boolean {
  const edition = Number(top.entry.fact.edition.date.slice(0, 4));
  const years = top.entry.values.map((v) => Number((v.value.asOf ?? top.entry.fact.asOf).slice(0, 4)));
  return years.length > 0 && years.every((y) => y > edition);
}

function asksForFigure(reading: Reading): boolean {
  return reading.wants === "count" || reading.wants === "money" || reading.wants === "percent";
}

/**
 * A figure answers a question about it only if the places the question names are what the figure is about
 * (in what it measures, or in the fact's title): Ningbo's population does not answer "the population of
 * Zhejiang" or "of China", and the count of regions is not "how many data centers in Germany".
 */
function figureIsAboutWhatWasNamed(reading: Reading, index: FactIndex, top: ScoredFact): boolean {
  const values = top.entry.values;
  if (values.length === 0) return true;
  const measured = values.flatMap((v) => [...v.core]);
  const asksFigure = asksForFigure(reading) || reading.terms.some((t) => t.core && measured.includes(t.term));
  if (!asksFigure) return true;
  return reading.coreEntities.every((id) => {
    const entity = index.vocabulary.entities.get(id);
    if (entity?.kind !== "place") return top.entry.entities.has(id);
    return measured.includes(`@${id}`) || top.entry.titleTerms.has(`@${id}`);
  });
}

function result(partial: Omit<EngineAnswer, "answered">): EngineAnswer {
  return { ...partial, answered: partial.outcome === "answer", confidence: round3(partial.confidence) };
}

function round3(n: number): number {
  return Math.round(Math.max(0, Math.min(1, n)) * 1000) / 1000;
}

/** Up to three facts scoring at least `floor`, best first: the "did you mean" list. */
function likelyFacts(ranked: readonly ScoredFact[], floor: number): KnownFact[] {
  return ranked
    .filter((s) => s.score >= floor)
    .slice(0, 3)
    .map((s) => s.entry.fact);
}

/**
 * The conflicts that say the question is about something else than the fact: any heavy one about a name,
 * a year or a term; attributes only when they outweigh what the fact covers of the question.
 */
function heavy(scored: ScoredFact): Conflict[] {
  const hard = scored.conflicts.filter(
    (c) => (c.kind !== "attribute" || c.asked) && c.weight >= THRESHOLDS.conflict,
  );
  const attributes = scored.conflicts.filter((c) => c.kind === "attribute");
  const attributeWeight = attributes.reduce((sum, c) => sum + c.weight, 0);
  const outweighs =
    attributeWeight >= THRESHOLDS.conflict &&
    attributeWeight >= THRESHOLDS.attributeShare * scored.coveredWeight;
  return outweighs ? [...hard, ...attributes] : hard;
}

/**
 * What to say to one reading of a question: small talk, an answer (a fact, a figure computed from facts,
 * or a yes/no verdict), "did you mean", or a decline that names the closest facts the tracker has.
 */
export function decide(
  reading: Reading,
  index: FactIndex,
  options: { exclude?: ReadonlySet<string> } = {},
): Decision {
  const decision = (
    answer: Omit<EngineAnswer, "answered">,
    rule: Rule,
    ranked: ScoredFact[] = [],
    conflicts: Conflict[] = [],
  ) => ({
    answer: result(answer),
    rule,
    ranked,
    conflicts,
  });
  if (reading.smalltalk) {
    return decision(
      { outcome: "smalltalk", fact: null, confidence: 1, suggestions: [], smalltalk: reading.smalltalk },
      "smalltalk",
    );
  }
  const topical = reading.terms.filter((t) => counts(t) && t.role !== "number");
  if (topical.length === 0) {
    return decision({ outcome: "empty", fact: null, confidence: 0, suggestions: [] }, "empty");
  }
  const off = index.off;
  const yesno = reading.form === "yesno" && !off.has("yes/no verdicts");
  // A yes/no question is matched on what it is about; what it claims (figures, names, attributes) is checked.
  const about = yesno
    ? reading.terms.filter((t) => !t.foreign && !(t.attribute && t.unknown) && t.role !== "number")
    : undefined;
  const exclude = options.exclude;
  const ranked = statementFirst(
    reading,
    rankFacts(reading, index, about && { terms: about }).filter((s) => !exclude?.has(s.entry.fact.id)),
  );
  const top = ranked[0];
  if (!top) {
    return decision({ outcome: "decline", fact: null, confidence: 0, suggestions: [] }, "no match", ranked);
  }
  // A computation may rest on two facts that each cover only part of the question, so it comes first.
  const derivation = off.has("computations") ? null : derive(reading, ranked);
  if (derivation) {
    const sourceIds = new Set(derivation.factIds);
    const operandFacts = ranked.filter((s) => sourceIds.has(s.entry.fact.id));
    const joint = jointCoverage(reading, index, operandFacts, derivation.inputs);
    // What one operand's fact lacks, another may cover ("share of the population who are digital
    // customers"); years the computation took from the question ("from 2016 to 2025") are operands.
    const given = new Set(derivation.inputs);
    const blocking = operandFacts
      .flatMap(heavy)
      .filter(
        (c) =>
          !operandFacts.some((s) => s.entry.weights.has(c.term) || s.entry.entities.has(c.term.slice(1))) &&
          !(c.kind === "year" && given.has(Number(c.term.slice(1)))) &&
          !(yesno && c.kind !== "entity"),
      );
    // An amount of money is computed only from figures of money.
    const moneyMissing =
      reading.asksForMoney && !operandFacts.some((s) => s.entry.fact.kinds.includes("money"));
    // A computation needs the question to name what it is computed from, as an answer does.
    const named = off.has("evidence gate") || operandFacts.some((s) => enoughInCommon(reading, s));
    if (joint >= THRESHOLDS.answer && blocking.length === 0 && !moneyMissing && named) {
      const main = operandFacts[0] ?? top;
      const checked: Verdict | "unsettled" | "unconfirmed" | null =
        derivation.operation === "compare"
          ? { answer: derivation.holds !== (reading.claim?.negated ?? false) ? "yes" : "no", against: [] }
          : yesno
            ? verdictOf(index, reading, main, derivation)
            : null;
      const verdict = typeof checked === "object" ? checked : null;
      // A claim the computation cannot settle either ("past 14.4% later, in 2018?") is declined as one.
      if (checked !== "unsettled")
        return decision(
          {
            outcome: "answer",
            fact: main.entry.fact,
            confidence: joint,
            suggestions: [],
            derivation,
            ...(verdict && { verdict }),
          },
          verdict ? "verdict" : "computed",
          ranked,
        );
    }
  }

  if (top.score < THRESHOLDS.suggest) {
    // A near miss ("cloud regions of AWS") still shows the closest facts the tracker has.
    const closest = top.score >= THRESHOLDS.closest ? likelyFacts(ranked, top.score * 0.6) : [];
    return decision(
      { outcome: "decline", fact: null, confidence: top.score, suggestions: closest },
      "no match",
      ranked,
    );
  }
  const confidence = confidenceOf(ranked);
  const rival = ranked.slice(1).find((s) => heavy(s).length === 0);
  const margin = top.score - (rival?.score ?? 0);
  // One fact clearly fits, even if the question's wording is far from how the facts put it.
  const clearLead =
    !off.has("clear lead") && top.score >= THRESHOLDS.clearFloor && margin >= THRESHOLDS.clearLead;
  const sure =
    (confidence >= THRESHOLDS.answer && (margin >= THRESHOLDS.margin || confidence >= THRESHOLDS.sure)) ||
    clearLead;
  const conflicts = heavy(top).filter(
    (c) => !off.has(c.kind === "attribute" ? "attribute gate" : "conflict gate"),
  );
  // Reasons the best fact, however close, is about something else than what was asked.
  const offTopic: Rule | null =
    conflicts.length > 0 && !yesno
      ? "conflict"
      : (topical.length <= 1 || STRICT_KINDS.has(reading.wants)) &&
          !kindFits(top.entry.fact.kinds, reading.wants)
        ? "wrong kind of answer"
        : reading.rankAsked !== null && ![null, reading.rankAsked].includes(rankOf(top))
          ? "another rank"
          : reading.asksForMoney && !top.entry.fact.kinds.includes("money")
            ? "wrong kind of answer"
            : reading.asksForPerson && !top.entry.fact.kinds.includes("person")
              ? "role needs a person"
              : !off.has("evidence gate") && !enoughInCommon(reading, top)
                ? "too little in common"
                : reading.asksForPerson && !holdsTheRole(reading, top)
                  ? "role needs a person"
                  : asksForFigure(reading) && top.entry.values.length === 0 && !yesno
                    ? "figure needs a value"
                    : !yesno && reading.pick === "current" && onlyAfterTheEdition(top)
                      ? "figure of another time"
                      : !(yesno && (reading.claim?.figures.length ?? 0) === 0) &&
                          !figureIsAboutWhatWasNamed(reading, index, top)
                        ? "figure about something else"
                        : null;
  const seeAlso = () =>
    ranked
      .slice(1, 3)
      .filter((s) => top.score - s.score < THRESHOLDS.margin && heavy(s).length === 0)
      .map((s) => s.entry.fact);
  if (yesno && !offTopic) {
    // Among facts about as close, the one that can settle what is claimed (it has the figure, the date).
    // A claim with a figure, a date or a rank may be settled by a close runner-up that gives it.
    const checkable =
      (reading.claim?.figures.length ?? 0) +
      (reading.claim?.dates.length ?? 0) +
      (reading.claim?.bounds.length ?? 0) +
      (reading.claim?.rank ? 1 : 0);
    // "Is the data center in Osaka?": a place claimed is settled by a fact that gives a place.
    const placeClaimed = reading.terms.some(
      (t) =>
        t.core &&
        (t.foreign || index.vocabulary.entities.get(t.term.slice(1))?.kind === "place") &&
        ` ${reading.sentence} `.includes(` in ${t.surface} `),
    );
    // A date claimed ("in the works since 2016?") is settled by a fact that gives a date.
    const dateClaimed = (reading.claim?.dates.length ?? 0) + (reading.claim?.bounds.length ?? 0) > 0;
    // A figure of something counted ("over a billion *people*") is settled by a fact that counts it.
    const counted = (reading.claim?.figures ?? []).flatMap((f) => (f.counts ? [f.counts] : []));
    const countsIt = (s: ScoredFact) =>
      s.entry.values.some((v) =>
        counted.some((c) => stem(v.value.unit) === c || stem(v.value.key) === c || v.core.has(c)),
      );
    // How someone took something ("was Alibaba fine with it?") is settled by a fact that gives a stance.
    const stanceClaimed = reading.words.some((w) => stanceWord(reading, w));
    // The more of what is claimed a fact can settle, the earlier it is checked.
    const settles = (s: ScoredFact) =>
      Number(!placeClaimed || s.entry.fact.kinds.includes("place")) +
      Number(!dateClaimed || s.entry.fact.kinds.includes("date")) +
      Number(counted.length === 0 || countsIt(s)) +
      Number(!stanceClaimed || stanceOf(s, index) !== undefined);
    const settling = ranked
      .filter(
        (s) =>
          s === top ||
          ((checkable > 0 || placeClaimed || stanceClaimed) && top.score - s.score < THRESHOLDS.clearLead),
      )
      .toSorted((a, b) => settles(b) - settles(a))
      .map((s) => ({ s, verdict: verdictOf(index, reading, s) }));
    // In a search by keywords, a figure one close fact bears out is the one meant ("cloud sword 164": the
    // investigations, not the arrests); a claim put as a sentence is corrected by the fact it is about.
    const keywords = !reading.words.some((w) => AUXILIARIES.has(w)) && !TAG_QUESTION.test(reading.sentence);
    const borneOut =
      keywords && (reading.claim?.figures.length ?? 0) > 0
        ? settling.find((x) => typeof x.verdict === "object" && x.verdict.against.length === 0)
        : undefined;
    const settled = borneOut ?? settling.find((x) => typeof x.verdict === "object");
    if (
      settled &&
      typeof settled.verdict === "object" &&
      (sure || confidenceOf([settled.s]) >= THRESHOLDS.answer)
    ) {
      return decision(
        {
          outcome: "answer",
          fact: settled.s.entry.fact,
          confidence,
          suggestions: [],
          verdict: settled.verdict,
        },
        "verdict",
        ranked,
      );
    }
  }
  if (sure && !offTopic) {
    if (yesno) {
      const verdict = verdictOf(index, reading, top);
      if (verdict === "unsettled") {
        return decision(
          { outcome: "decline", fact: null, confidence, suggestions: [top.entry.fact], unsettled: true },
          "claim the fact cannot settle",
          ranked,
        );
      }
      // Not settled either way: what the tracker says, without a yes or a no it cannot back.
      if (verdict === "unconfirmed") {
        return decision(
          { outcome: "answer", fact: top.entry.fact, confidence, suggestions: seeAlso() },
          "answered",
          ranked,
        );
      }
      return decision(
        { outcome: "answer", fact: top.entry.fact, confidence, suggestions: seeAlso(), verdict },
        "verdict",
        ranked,
      );
    }
    // A close runner-up is offered alongside ("see also"), not instead.
    return decision(
      { outcome: "answer", fact: top.entry.fact, confidence, suggestions: seeAlso() },
      "answered",
      ranked,
    );
  }
  const suggestions = likelyFacts(
    ranked.filter((s) => heavy(s).length === 0),
    top.score * 0.6,
  );
  // Unsure between facts: "did you mean". About something the tracker does not cover: say so, with the
  // closest facts it has.
  if (confidence >= THRESHOLDS.suggest && !offTopic && suggestions.length > 1) {
    return decision(
      { outcome: "suggest", fact: null, confidence, suggestions },
      "unsure between facts",
      ranked,
    );
  }
  return decision(
    { outcome: "decline", fact: null, confidence, suggestions: likelyFacts(ranked, top.score * 0.6) },
    offTopic ?? "below threshold",
    ranked,
    conflicts,
  );
}
