/**
 * The local console: what `npm start` opens when no DISCORD_TOKEN is set. It answers questions and the
 * same slash commands the Discord bot has (`/fact singpost`), through the same pipeline, and shows the
 * replies as text. With piped input it answers each line and exits at the end of the input.
 */
import { createInterface } from "node:readline";
import { EngineHolder, reloadEngine } from "../app/reload.js";
import { createDefaultEngine } from "../app/runtime.js";
import { markdownForTerminal } from "./render.js";
import { ConsoleSession } from "./session.js";

const BANNER =
  "tracker-bot console: no DISCORD_TOKEN is set, so I answer here. Put DISCORD_TOKEN and DISCORD_CLIENT_ID in .env to connect to Discord (see README).";
const HINT =
  'Ask a question ("what is alibaba\'s stake in singpost?") or a command (/help, /topics, /fact singpost); Tab completes, /new starts over, /quit leaves.';

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
  const session = new ConsoleSession(engines, { reload: () => reload(engines) });
  const interactive = process.stdin.isTTY === true;
  const tty = process.stdout.isTTY === true;
  process.stderr.write(`${BANNER}\n`);
  if (interactive) process.stdout.write(`${HINT}\n`);

  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: interactive,
    completer: (line: string, callback: (error: null, result: [string[], string]) => void) => {
      void session.completions(line).then((hits) => callback(null, [hits, line]));
    },
  });
  rl.setPrompt("> ");
  // The first Ctrl-C clears a half-typed line; a second one in a row (on an empty line) quits.
  let armed = false;
  rl.on("SIGINT", () => {
    const typed = rl.line.length > 0;
    if (!typed && armed) {
      rl.close();
      return;
    }
    armed = !typed;
    rl.write(null, { ctrl: true, name: "e" });
    rl.write(null, { ctrl: true, name: "u" });
    process.stdout.write(typed ? "\n" : "\n(Ctrl-C again to quit)\n");
    rl.prompt();
  });
  if (interactive) rl.prompt();
  for await (const line of rl) {
    armed = false;
    const result = await session.respond(line);
    if ("quit" in result) break;
    if (result.text) process.stdout.write(`${markdownForTerminal(result.text, tty)}\n`);
    if (interactive) rl.prompt();
  }
  rl.close();
}
