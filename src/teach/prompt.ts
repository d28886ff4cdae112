import { createInterface } from "node:readline";

/** Asks for one line at a time; `null` once the input has ended (Ctrl-D, Ctrl-C, or the end of a pipe). */
export interface Prompter {
  ask(prompt: string): Promise<string | null>;
  close(): void;
}

/**
 * Prompts on a terminal with readline's line editing, or reads answers line by line from a pipe. Lines are
 * queued as they arrive: a pipe delivers many at once, before the prompts that will want them are asked.
 * Piped answers are echoed after their prompt so the output reads as a session.
 */
export function linePrompter(
  input: NodeJS.ReadableStream & { isTTY?: boolean },
  output: NodeJS.WritableStream & { isTTY?: boolean },
): Prompter {
  const terminal = Boolean(input.isTTY && output.isTTY);
  const rl = createInterface({ input, output, terminal });
  const lines: string[] = [];
  let waiting: ((line: string | null) => void) | undefined;
  let ended = false;
  const settle = (line: string | null) => {
    const resolve = waiting;
    waiting = undefined;
    resolve?.(line);
  };
  rl.on("line", (line) => (waiting ? settle(line) : lines.push(line)));
  rl.on("close", () => {
    ended = true;
    settle(null);
  });
  // Ctrl-C at a prompt ends the session like the end of input: what was saved stays saved.
  rl.on("SIGINT", () => rl.close());
  return {
    ask(prompt) {
      rl.setPrompt(prompt);
      rl.prompt();
      const queued = lines.shift();
      const answer =
        queued !== undefined || ended
          ? Promise.resolve(queued ?? null)
          : new Promise<string | null>((resolve) => {
              waiting = resolve;
            });
      return terminal
        ? answer
        : answer.then((line) => {
            output.write(`${line ?? ""}\n`);
            return line;
          });
    },
    close: () => rl.close(),
  };
}
