/**
 * `npm run --silent ask -- "question"` prints the answer; `ask -- --json` reads one question per line
 * from standard input and writes one JSON object per line; `--threads` reads conversations, one
 * `{"thread", "question"}` turn per line. Standard output carries only answers; problems go to standard
 * error. Kept free of discord.js so it starts fast.
 */
import { createInterface } from "node:readline";
import { createDefaultEngine } from "../app/runtime.js";
import type { Engine } from "../engine/types.js";
import { FactBaseError } from "../facts/base.js";
import { answerText } from "../format/answer.js";
import { answerJson } from "./answer-json.js";
import { threadAnswerer } from "./threads.js";

const USAGE = `usage: npm run --silent ask -- "question"          print the answer
       npm run --silent ask -- --json "question"   the answer as one JSON line ("text" is Discord markdown)
       npm run --silent ask -- --json < questions  one JSON line per input line
       npm run --silent ask -- --json --threads < turns
                 each line {"thread": "t1", "question": "…"}; a thread's turns follow up on its earlier
                 ones; out: {"thread", …the --json keys}, one line per input line
  --plain   plain text instead of Discord markdown (with --json: in "text")`;

function printAnswer(engine: Engine, question: string, flags: { json: boolean; plain: boolean }): void {
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
  const flags = { json: argv.includes("--json"), plain: argv.includes("--plain") };
  const threads = argv.includes("--threads");
  const words = argv.filter((a) => !["--json", "--plain", "--threads"].includes(a));
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
  if (threads) {
    const answer = threadAnswerer(engine, flags.plain ? "plain" : "markdown");
    for await (const line of lines) process.stdout.write(`${JSON.stringify(answer(line))}\n`);
    return 0;
  }
  for await (const line of lines) printAnswer(engine, line, flags);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
