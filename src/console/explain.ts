import type { Explanation } from "../engine/types.js";
import type { FactBase } from "../facts/base.js";
import { answerText } from "../format/answer.js";
import type { TextStyle } from "../format/rich.js";

/**
 * `ask --explain`: why the engine said what it said, laid out for the people who edit the facts — how it
 * read the question (terms, weights, corrections), how the best facts scored and what conflicted with them,
 * and which rule decided. Text only; `--explain --json` prints the Explanation itself.
 */

/** What each of the engine's rules means to a fact editor, and what usually helps; unknown rules show as named. */
const RULES: Readonly<Record<string, string>> = {
  smalltalk: "a greeting, thanks or a question about the bot: no fact was looked for",
  empty: "nothing was left to read once mentions, markup and symbols were removed",
  "no match":
    "no fact shares enough of the question's words (add them as phrasings or keywords if one should)",
  computed: "the best fact's figures answered the question with a computation",
  answered: "the best fact was clearly ahead and gives the kind of answer asked for",
  verdict: "a yes/no question, answered Yes or No from the best fact's figures, dates and names",
  "claim the fact cannot settle":
    "a yes/no question whose claim the best fact neither bears out nor contradicts",
  conflict: "the question names something the best fact contradicts: another company, year or attribute",
  "wrong kind of answer":
    "the best fact does not give the kind of answer asked for (a count, a date, a person…)",
  "another rank": "the question asks who holds one rank (the biggest), and the best fact gives another",
  "role needs a person": "the question asks who holds a role, and the best fact names no person",
  "figure needs a value": "the question asks for a figure, and the best fact has no structured value",
  "instructions to the bot":
    "the message gives the bot instructions (ignore your rules, you are now…): no question to answer",
  "figure of another time":
    "the question asks for a figure of now, and the best fact gives one only for a later year",
  "figure about something else":
    "the best fact's figure measures something other than what the question names",
  "unsure between facts": "several facts score close together: it offers them as “did you mean”",
  "too little in common": "the best fact covers too little of the question's topic",
  "below threshold": "the best fact scored below what answering needs",
};

/** What the flags on a term mean. */
const FLAGS: readonly (readonly [
  key: "core" | "unknown" | "foreign" | "attribute" | "fromContext",
  meaning: string,
])[] = [
  ["core", "in the clause that asks"],
  ["unknown", "no fact uses the word"],
  ["foreign", "names something the tracker does not cover"],
  ["attribute", "names what is asked (revenue, founder…)"],
  ["fromContext", "from an earlier turn: helps match, never conflicts"],
];

/** "decline (closest: singpost-stake)", "answer singpost-stake, confidence 0.89". */
export function outcomeLine(explanation: Explanation): string {
  const { answer } = explanation;
  const confidence = `confidence ${answer.confidence.toFixed(2)}`;
  if (answer.answered) {
    const verdict = answer.verdict ? `, ${answer.verdict.answer === "yes" ? "Yes" : "No"}` : "";
    const computed = answer.derivation ? `, computed (${answer.derivation.operation})` : "";
    return `answer ${answer.fact?.id ?? "(no fact)"}${verdict}${computed}, ${confidence}`;
  }
  const offered = answer.suggestions.map((f) => f.id).join(", ");
  return `${answer.outcome}${offered ? ` (${answer.outcome === "suggest" ? "did you mean" : "closest"}: ${offered})` : ""}, ${confidence}`;
}

/** The claim of a yes/no question in one line; the engine's claim is open-ended, so it is shown as JSON. */
export function claimLine(claim: unknown): string {
  return claim === null || claim === undefined ? "none (not a yes/no question)" : JSON.stringify(claim);
}

/** Rows padded into columns, the first row a header. */
function table(rows: readonly (readonly string[])[], indent = "    "): string[] {
  const widths = rows.reduce<number[]>(
    (w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)),
    [],
  );
  return rows.map((row) =>
    `${indent}${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ")}`.trimEnd(),
  );
}

function termRows(explanation: Explanation): string[][] {
  return explanation.reading.terms.map((t) => [
    t.term,
    t.surface,
    t.role,
    t.weight.toFixed(2),
    FLAGS.filter(([key]) => t[key] === true)
      .map(([key]) => key)
      .join(", ") || "—",
  ]);
}

function candidateRows(explanation: Explanation): string[][] {
  return explanation.candidates.map((c, i) => [
    String(i + 1),
    c.factId,
    c.score.toFixed(3),
    c.coverage.toFixed(3),
    c.conflicts.join("; ") || "—",
  ]);
}

/** The whole explanation as text: the answer, the rule that decided, the reading and the best facts. */
export function explanationText(
  question: string,
  explanation: Explanation,
  base: FactBase,
  style: TextStyle = "plain",
): string {
  const { reading } = explanation;
  const corrections = reading.corrections.map((c) => `${c.from} → ${c.to}`).join(", ") || "none";
  const terms = termRows(explanation);
  const candidates = candidateRows(explanation);
  return [
    `Question: ${question}`,
    `Outcome:  ${outcomeLine(explanation)}`,
    `Rule:     ${explanation.rule} — ${RULES[explanation.rule] ?? "(no description)"}`,
    // With earlier turns (`--explain --threads`): how the turn leaned on them.
    ...(explanation.followUp
      ? [`Follow-up: read as ${explanation.followUp}, with the earlier turns as context`]
      : []),
    `Says:     ${answerText(explanation.answer, base, style).replace(/\n/g, "\n          ")}`,
    "",
    "Reading",
    `  words:       ${reading.words.join(" ") || "(none)"}`,
    `  form:        ${reading.form}; wants: ${reading.wants ?? "anything"}; operation: ${reading.operation ?? "none"}`,
    `  corrections: ${corrections}`,
    `  claim:       ${claimLine(reading.claim)}`,
    "  terms (weight: how much the word counts in matching a fact; @ entity, ~ tracker term, # number):",
    ...(terms.length > 0 ? table([["term", "typed", "role", "weight", "flags"], ...terms]) : ["    (none)"]),
    ...FLAGS.filter(([key]) => reading.terms.some((t) => t[key] === true)).map(
      ([key, meaning]) => `      ${key}: ${meaning}`,
    ),
    "",
    "Top facts (score decides; coverage: share of the question's topic the fact covers)",
    ...(candidates.length > 0
      ? table([["#", "fact", "score", "coverage", "conflicts"], ...candidates], "  ")
      : ["  (no fact shares a word with the question)"]),
  ].join("\n");
}
