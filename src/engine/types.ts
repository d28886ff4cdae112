import type { FactBase, KnownFact } from "../facts/base.js";
import type { EditionMeta, Unit, Value } from "../facts/schema.js";

/**
 * What the engine decided:
 * - `answer`: confident; `fact` is set (and `derivation` when a figure was computed).
 * - `suggest`: unsure; `suggestions` holds up to 3 likely facts ("did you mean").
 * - `decline`: the tracker does not say; `suggestions` may hold the closest facts it has.
 * - `clarify`: a follow-up ("and before that?") with nothing to follow up on.
 * - `smalltalk`: a greeting, thanks or "what can you do".
 * - `empty`: nothing left to read once mentions, markdown and symbols are removed.
 */
export type Outcome = "answer" | "suggest" | "decline" | "clarify" | "smalltalk" | "empty";

export type SmallTalkKind = "greeting" | "thanks" | "identity" | "capabilities" | "farewell" | "praise";

/** A hedge the tracker puts on a figure ("more than 300", "about 150 million"). */
export type Qualifier = NonNullable<Value["qualifier"]>;

/** What a computed figure is counted in: a stored unit, or what arithmetic makes of one. */
export type QuantityUnit = Unit | "points" | "ratio" | "months";

/** A figure as typed data: its number, what it is counted in, and its hedge. */
export interface Quantity {
  number: number;
  unit: QuantityUnit;
  qualifier?: Qualifier;
  /** "in billions" → 1e9: the figure is `number` of these (a conversion). */
  scale?: number;
}

/** A stored value a computation used, with the fact it belongs to. */
export interface Operand {
  factId: string;
  value: Value;
  /** The earlier edition that gave the value, when it is from the fact's history. */
  edition?: EditionMeta;
}

/** A point in time a span is measured from or to: an ISO date or period, and where it comes from. */
export interface DatePoint {
  /** `2016`, `2015-Q4`, `2017-02`. */
  iso: string;
  /** How the tracker words it ("late 2015"), when it does. */
  text?: string;
  /** The fact the date belongs to; absent for a year the question gave. */
  factId?: string;
}

interface DerivationBase {
  result: Quantity;
  /** Every stored value the figure used, in the order of the formula. */
  operands: Operand[];
  /** Every fact the figure rests on (operands' facts, and facts whose dates a span used). */
  factIds: string[];
  /** Numbers taken from the question itself ("to get to 20%", "from 2016 to 2025", "per 100"). */
  inputs: number[];
}

/** A figure computed from facts' structured values: what was done, and with which operands. */
export type Derivation = DerivationBase &
  (
    | { operation: "difference"; from: Operand; to: Operand; changing: boolean; relative: number | null }
    | { operation: "relative-change"; from: Operand; to: Operand; difference: Quantity }
    | { operation: "target"; value: Operand; target: number }
    /** A figure against a number the asker gives: a share of it, or a percentage taken of it. */
    | { operation: "of-given"; value: Operand; given: number; as: "share" | "part" }
    | { operation: "complement"; of: Operand }
    | { operation: "ratio"; numerator: Operand; denominator: Operand; per: number }
    | { operation: "share"; part: Operand; whole: Operand; rest: boolean }
    | { operation: "sum"; parts: [Operand, Operand] }
    | { operation: "span"; from: DatePoint; to: DatePoint; inclusive: boolean }
    | { operation: "pick"; chosen: Operand; other: Operand; which: "earlier" | "later" }
    | { operation: "convert"; value: Operand }
    | {
        operation: "compare";
        /** What the question names before "than" (or the figure "that" stands for), and after it. */
        left: Operand;
        right: Operand;
        direction: "more" | "less";
        /** Whether `left` is more (or less, as asked) than `right`. */
        holds: boolean;
      }
  );

export type Operation = Derivation["operation"];

/** The answer to a yes/no question: whether the fact bears the claim out, and what in it did not hold. */
export interface Verdict {
  answer: "yes" | "no";
  /** The figures, dates and names of the claim that the fact contradicts. */
  against: string[];
}

export interface EngineAnswer {
  outcome: Outcome;
  /** `outcome === "answer"`. */
  answered: boolean;
  fact: KnownFact | null;
  /** In [0, 1]: how sure the engine is that `fact` (or the top suggestion) is what was asked. */
  confidence: number;
  /**
   * With an answer: close runners-up ("see also"). With `suggest`: the "did you mean" facts. With `decline`:
   * the closest facts the tracker has.
   */
  suggestions: KnownFact[];
  derivation?: Derivation;
  /** A yes/no question's answer; the fact (or the derivation) says why. */
  verdict?: Verdict;
  /** Asked for the tracker's own words ("source?", "who said that?"): the quote is part of the answer. */
  quoted?: true;
  /**
   * A decline of a yes/no claim that the closest fact neither bears out nor contradicts ("Alibaba appealed in
   * court?"): what the tracker does say is that fact.
   */
  unsettled?: true;
  smalltalk?: SmallTalkKind;
}

/**
 * One earlier turn of a conversation, as much as the engine needs to read a follow-up ("and tencent?",
 * "when?", "the second one"). Transports keep these (in memory, or read back from a message's buttons).
 */
export interface Turn {
  /** What was asked; empty when only the answer is known (a reply to an old message of the bot). */
  question: string;
  outcome: Outcome;
  /** The facts the answer rested on, the answered one first. */
  factIds: string[];
  /** What was offered with it, in order: "did you mean" choices, "see also", or a decline's closest facts. */
  offered: string[];
}

/** What came before a question: the conversation's previous turns, oldest first, at most a few. */
export interface AskContext {
  previous: readonly Turn[];
}

/** Why the engine said what it said: its reading of the question, the best facts, the rule that decided. */
export interface Explanation {
  answer: EngineAnswer;
  /** The rule or gate that decided ("answered", "conflict", "below threshold"…). */
  rule: string;
  /** How the question was read as a follow-up of earlier turns ("new-subject", "pronoun", "choice"…). */
  followUp?: string;
  reading: {
    words: string[];
    form: string;
    wants: string | null;
    operation: string | null;
    corrections: { from: string; to: string }[];
    claim: unknown;
    terms: {
      term: string;
      surface: string;
      role: string;
      weight: number;
      core: boolean;
      unknown?: true;
      foreign?: true;
      attribute?: true;
      /** Taken from an earlier turn: what the conversation was about. */
      fromContext?: true;
    }[];
  };
  /** The best-scoring facts, with what conflicts with each. */
  candidates: { factId: string; title: string; score: number; coverage: number; conflicts: string[] }[];
}

export interface Engine {
  readonly base: FactBase;
  /** The same reading as `ask`, laid open for the people who edit the facts. */
  explain(question: string, context?: AskContext): Explanation;
  /** The answer to a question; `context` lets it read a follow-up of earlier turns. */
  ask(question: string, context?: AskContext): EngineAnswer;
  /** Facts ranked for a partly typed topic (autocomplete); all facts in menu order for an empty one. */
  complete(partial: string, limit?: number): KnownFact[];
  fact(id: string): KnownFact | undefined;
}
