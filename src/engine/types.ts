import type { FactBase, KnownFact } from "../facts/base.js";

/**
 * What the engine decided:
 * - `answer`: confident; `fact` is set (and `derivation` when a figure was computed).
 * - `suggest`: unsure; `suggestions` holds up to 3 likely facts ("did you mean").
 * - `decline`: the tracker does not say; `suggestions` may hold loosely related facts.
 * - `smalltalk`: a greeting, thanks or "what can you do".
 * - `empty`: nothing left to read once mentions, markdown and symbols are removed.
 */
export type Outcome = "answer" | "suggest" | "decline" | "smalltalk" | "empty";

export type SmallTalkKind = "greeting" | "thanks" | "identity" | "capabilities" | "farewell" | "praise";

export type Operation =
  | "difference"
  | "relative-change"
  | "ratio"
  | "share"
  | "sum"
  | "span"
  | "pick"
  | "convert";

/** A figure computed from facts' structured values, with what went into it. */
export interface Derivation {
  operation: Operation;
  result: number;
  /** `points`, `percent`, `years`, `people`… */
  unit: string;
  /** The computed figure as the reader sees it, e.g. "4.17 percentage points". */
  formatted: string;
  /** One sentence with the result in bold and what it was computed from. */
  sentence: string;
  operands: { factId: string; key: string; number: number; unit: string; measures: string }[];
  /** Facts the figure comes from when no single value carries it (a span between two dates). */
  factIds?: string[];
  /** Numbers taken from the question itself ("to get to 20%", "from 2016 to 2025"). */
  inputs?: number[];
}

export interface EngineAnswer {
  outcome: Outcome;
  /** `outcome === "answer"`. */
  answered: boolean;
  fact: KnownFact | null;
  /** In [0, 1]: how sure the engine is that `fact` (or the top suggestion) is what was asked. */
  confidence: number;
  /** What the bot says, as Discord markdown: the answer with its figure, as-of date and edition, or a decline. */
  text: string;
  suggestions: KnownFact[];
  derivation?: Derivation;
  smalltalk?: SmallTalkKind;
}

export interface Engine {
  readonly base: FactBase;
  ask(question: string): EngineAnswer;
  /** Facts ranked for a partly typed topic (autocomplete); all facts in menu order for an empty one. */
  complete(partial: string, limit?: number): KnownFact[];
  fact(id: string): KnownFact | undefined;
}
