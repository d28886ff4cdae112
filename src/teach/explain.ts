import { z } from "zod";
import type { Engine, EngineAnswer } from "../engine/types.js";
import { answerText } from "../format/answer.js";

/**
 * What the editor is shown of the engine's `explain(question)`: the answer, the rule that decided and the
 * best facts with their scores and conflicts. Read through a schema: the engine's explanation is its own
 * and grows; this takes the part it needs and fails loudly if that part changes shape.
 */
const ExplanationSchema = z.object({
  answer: z.custom<EngineAnswer>(
    (v) => typeof v === "object" && v !== null && "outcome" in v,
    "expected the engine's answer",
  ),
  rule: z.string(),
  candidates: z.array(
    z.object({
      factId: z.string(),
      title: z.string(),
      score: z.number(),
      coverage: z.number().optional(),
      conflicts: z.array(z.string()).default([]),
    }),
  ),
});
export type Explanation = z.infer<typeof ExplanationSchema>;
export type Candidate = Explanation["candidates"][number];

type MaybeExplaining = Engine & { explain?: (question: string) => unknown };

/**
 * The engine's own explanation of its answer. An engine without `explain` (an older build) still gives
 * its answer and the facts it offered, with the rule and scores said to be unknown rather than guessed.
 */
export function explanationOf(engine: Engine, question: string): Explanation & { explained: boolean } {
  const explain = (engine as MaybeExplaining).explain;
  if (typeof explain === "function") {
    return { ...ExplanationSchema.parse(explain.call(engine, question)), explained: true };
  }
  const answer = engine.ask(question);
  return {
    answer,
    rule: "(not given: this engine has no explain)",
    candidates: [...(answer.fact ? [answer.fact] : []), ...answer.suggestions].map((fact) => ({
      factId: fact.id,
      title: fact.title,
      score: Number.NaN,
      conflicts: [],
    })),
    explained: false,
  };
}

const figure = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "?" : n.toFixed(2));

/** What the bot says to the question now, and why, as lines for a terminal; candidates are numbered from 1. */
export function explanationLines(explanation: Explanation, engine: Engine): string[] {
  const { answer, rule, candidates } = explanation;
  const said = answerText(answer, engine.base, "plain").replace(/\s+/g, " ").trim();
  const lines = [
    `  The bot now: ${answer.outcome}${answer.fact ? ` (${answer.fact.id})` : ""}, confidence ${figure(answer.confidence)}; rule: ${rule}`,
    `    "${said.length > 160 ? `${said.slice(0, 159)}…` : said}"`,
  ];
  if (candidates.length === 0) return [...lines, "  No fact comes close."];
  lines.push("  Closest facts:");
  candidates.forEach((c, i) => {
    const coverage = c.coverage === undefined ? "" : `  coverage ${figure(c.coverage)}`;
    lines.push(`    ${i + 1}. ${c.factId} — ${c.title}  score ${figure(c.score)}${coverage}`);
    if (c.conflicts.length > 0) lines.push(`       conflicts: ${c.conflicts.join("; ")}`);
  });
  return lines;
}
