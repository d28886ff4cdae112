/**
 * `npm run --silent ask -- "question"` prints the answer; `ask -- --json` reads one question per line
 * from standard input and writes one JSON object per line; `--threads` reads conversations, one
 * `{"thread", "question"}` turn per line; `--explain` shows why (the reading, the best facts, the rule),
 * for the people who edit the facts. Standard output carries only answers; problems go to standard
 * error. Kept free of discord.js so it starts fast.
 */
import { createInterface } from "node:readline";
import { createDefaultEngine } from "../app/runtime.js";
import type { Engine } from "../engine/types.js";
import { FactBaseError } from "../facts/base.js";
import { answerText } from "../format/answer.js";
import { answerJson } from "./answer-json.js";
import { explanationText } from "./explain.js";
import { threadAnswerer, threadExplainer } from "./threads.js";

const USAGE = `usage: npm run --silent ask -- "question"          print the answer
       npm run --silent ask -- --json "question"   the answer as one JSON line ("text" is Discord markdown)
       npm run --silent ask -- --json < questions  one JSON line per input line
       npm run --silent ask -- --json --threads < turns
                 each line {"thread": "t1", "question": "…"}; a thread's turns follow up on its earlier
                 ones; out: {"thread", …the --json keys}, one line per input line
       npm run --silent ask -- --explain "question"
                 why: how the question was read (terms, weights, corrections, form), the best facts with
                 their scores and conflicts, and the rule that decided; with --json, the explanation as
                 one JSON line (per input line when the questions come on standard input)
       npm run --silent ask -- --explain --threads < turns
                 the same for each turn of each thread, read against its earlier turns (how a
                 follow-up was read); with --json, {"thread", "question", "explanation"} per line
  --plain   plain text instead of Discord markdown (with --json: in "text")`;

interface Flags {
  json: boolean;
  plain: boolean;
  explain: boolean;
}

function printExplanation(engine: Engine, question: string, flags: Flags): void {
  const explanation = engine.explain(question);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(explanation)}\n`);
    return;
  }
  const style = flags.plain || process.stdout.isTTY !== true ? "plain" : "ansi";
  process.stdout.write(`${explanationText(question, explanation, engine.base, style)}\n\n`);
}

function printAnswer(engine: Engine, question: string, flags: Flags): void {
  if (flags.explain) {
    printExplanation(engine, question, flags);
    return;
  }
  const answer = engine.ask(question);
  if (flags.json) {
    const line = answerJson(question, answer, engine.base, flags.plain ? "plain" : "markdown");
    process.stdout.write(`${JSON.stringify(line)}\n`);
    return;
  }
  const style = flags.plain || process.stdout.isTTY !== true ? "plain" : "ansi";
  const lines = [answerText(answer, engine.base, style)];
  if (answer.answered && answer.fact && !answer.derivation) lines.push(`  Source: “${answer.fact.quote}”`);
  process.stdout.write(`${lines.join("\n")}\n`);
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const flags: Flags = {
    json: argv.includes("--json"),
    plain: argv.includes("--plain"),
    explain: argv.includes("--explain"),
  };
  const threads = argv.includes("--threads");
  const words = argv.filter((a) => !["--json", "--plain", "--threads", "--explain"].includes(a));
  if (threads && words.length > 0) {
    process.stderr.write(`--threads reads its turns from standard input\n${USAGE}\n`);
    return 2;
  }
  let engine: Engine;
  try {
    engine = createDefaultEngine();
  } catch (error) {
    process.stderr.write(
      `${error instanceof FactBaseError ? "The fact base is invalid:\n" : ""}${(error as Error).message}\n`,
    );
    return 1;
  }
  if (words.length > 0) {
    printAnswer(engine, words.join(" "), flags);
    return 0;
  }
  if (process.stdin.isTTY) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  // One output line per input line, blank and hostile ones included, in order.
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  if (threads && flags.explain) {
    const explain = threadExplainer(engine);
    const style = flags.plain || process.stdout.isTTY !== true ? "plain" : "ansi";
    for await (const line of lines) {
      const turn = explain(line);
      if (flags.json) process.stdout.write(`${JSON.stringify(turn)}\n`);
      else if ("problem" in turn)
        process.stdout.write(`[thread ${turn.thread ?? "?"}] Not a turn: ${turn.problem}.\n\n`);
      else
        process.stdout.write(
          `[thread ${turn.thread}]\n${explanationText(turn.question, turn.explanation, engine.base, style)}\n\n`,
        );
    }
    return 0;
  }
  if (threads) {
    const answer = threadAnswerer(engine, flags.plain ? "plain" : "markdown");
    for await (const line of lines) process.stdout.write(`${JSON.stringify(answer(line))}\n`);
    return 0;
  }
  for await (const line of lines) printAnswer(engine, line, flags);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
