import type { EngineAnswer } from "../engine/types.js";

/** One line of `ask --json`: the scripting contract, exactly these keys in this order. */
export interface AnswerJson {
  question: string;
  answered: boolean;
  factId: string | null;
  confidence: number;
  text: string;
  suggestions: string[];
}

export function answerJson(question: string, answer: EngineAnswer): AnswerJson {
  return {
    question,
    answered: answer.answered,
    factId: answer.fact?.id ?? null,
    confidence: answer.confidence,
    text: answer.text,
    suggestions: answer.suggestions.map((f) => f.id),
  };
}
