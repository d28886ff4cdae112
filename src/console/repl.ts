/**
 * The local console: what `npm start` opens when no DISCORD_TOKEN is set. It answers questions and the
 * same slash commands the Discord bot has (`/fact singpost`), through the same engine and handlers.
 * With piped input it answers each line and exits at the end of the input.
 */
import { createInterface } from "node:readline";
import { EngineHolder, reloadEngine } from "../reload.js";
import { createDefaultEngine } from "../runtime.js";
import { runSlashLine } from "./slash.js";
import { answerForTerminal, markdownForTerminal } from "./terminal.js";

const BANNER =
  "tracker-bot console: no DISCORD_TOKEN is set, so I answer here. Put DISCORD_TOKEN and DISCORD_CLIENT_ID in .env to connect to Discord (see README).";
const HINT =
  'Ask a question ("what is alibaba\'s stake in singpost?") or a command (/help, /topics, /fact singpost); /reload re-reads data/, /quit leaves.';

/** Re-reads `data/` the way /admin reload and SIGHUP do; on any error the engine in service stays. */
function reload(engines: EngineHolder): string {
  const result = reloadEngine(engines);
  return result.ok
    ? `Reloaded: ${result.facts} facts from ${result.editions} edition(s).`
    : `Reload failed; still answering from the previous fact base.\n${result.message}`;
}

export async function startConsole(): Promise<void> {
  let engines: EngineHolder;
  try {
    engines = new EngineHolder(createDefaultEngine());
  } catch (error) {
    process.stderr.write(`The fact base is invalid:\n${(error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  const interactive = process.stdin.isTTY === true;
  const tty = process.stdout.isTTY === true;
  process.stderr.write(`${BANNER}\n`);
  if (interactive) process.stdout.write(`${HINT}\n`);

  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: interactive });
  rl.setPrompt("> ");
  if (interactive) rl.prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (/^\/(quit|exit)$/i.test(line)) break;
    const engine = engines.current;
    if (/^\/reload$/i.test(line)) {
      process.stdout.write(`${reload(engines)}\n`);
    } else if (line.startsWith("/")) {
      process.stdout.write(`${markdownForTerminal(await runSlashLine(line, engine), tty)}\n`);
    } else if (line) {
      process.stdout.write(`${answerForTerminal(engine.ask(line), tty)}\n`);
    }
    if (interactive) rl.prompt();
  }
  rl.close();
}
