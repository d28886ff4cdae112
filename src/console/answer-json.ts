import type { EngineAnswer } from "../engine/types.js";
import type { FactBase } from "../facts/base.js";
import { answerText } from "../format/answer.js";
import type { TextStyle } from "../format/rich.js";

/** One line of `ask --json`: the scripting contract, exactly these keys in this order. */
export interface AnswerJson {
  question: string;
  answered: boolean;
  factId: string | null;
  confidence: number;
  /** What the bot says: Discord markdown, or plain text with `--plain`. */
  text: string;
  suggestions: string[];
}

export function answerJson(
  question: string,
  answer: EngineAnswer,
  base: FactBase,
  style: Extract<TextStyle, "markdown" | "plain"> = "markdown",
): AnswerJson {
  return {
    question,
    answered: answer.answered,
    factId: answer.fact?.id ?? null,
    confidence: answer.confidence,
    text: answerText(answer, base, style),
    suggestions: answer.suggestions.map((f) => f.id),
  };
}
