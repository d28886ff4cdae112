/**
 * `npm run --silent ask -- "question"` prints the answer; `ask -- --json` reads one question per line
 * from standard input and writes one JSON object per line. Standard output carries only answers;
 * problems go to standard error. Kept free of discord.js so it starts fast.
 */
import { createInterface } from "node:readline";
import type { Engine } from "../engine/types.js";
import { FactBaseError } from "../facts/base.js";
import { createDefaultEngine } from "../runtime.js";
import { answerJson } from "./answer-json.js";
import { answerForTerminal } from "./terminal.js";

const USAGE = `usage: npm run --silent ask -- "question"          print the answer
       npm run --silent ask -- --json "question"   the answer as one JSON line
       npm run --silent ask -- --json < questions  one JSON line per input line`;

function printAnswer(engine: Engine, question: string, json: boolean): void {
  const answer = engine.ask(question);
  process.stdout.write(
    json
      ? `${JSON.stringify(answerJson(question, answer))}\n`
      : `${answerForTerminal(answer, process.stdout.isTTY === true)}\n`,
  );
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const json = argv.includes("--json");
  const words = argv.filter((a) => a !== "--json");
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
    printAnswer(engine, words.join(" "), json);
    return 0;
  }
  if (process.stdin.isTTY) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  // One output line per input line, blank and hostile ones included, in order.
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) printAnswer(engine, line, json);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
