import type { FactBase } from "../facts/base.js";
import { type Command, type ResolvedCommand, resolveCommand } from "./command.js";
import { loadModules } from "./load-modules.js";

/**
 * `commands/` of this checkout from this module: `src/framework/` → `commands/`, and the same relative path
 * from `dist/src/framework/` → `dist/commands/`, so discovery works under vitest and compiled.
 */
export const COMMANDS_DIR = new URL("../../commands/", import.meta.url);

function isCommand(value: unknown): value is Command {
  const c = value as Partial<Command> | null;
  return (
    typeof c === "object" &&
    c !== null &&
    typeof c.execute === "function" &&
    typeof c.options?.safeParse === "function" &&
    (typeof c.data === "function" || typeof c.data?.name === "string")
  );
}

/** Every command module in `commands/` (default export of `defineCommand(...)`), by name, in file order. */
export async function loadCommands(
  base: FactBase,
  dir: URL = COMMANDS_DIR,
): Promise<Map<string, ResolvedCommand>> {
  const commands = new Map<string, ResolvedCommand>();
  for (const { file, module } of await loadModules(dir, isCommand, "a command")) {
    const command = resolveCommand(module, base);
    if (commands.has(command.data.name))
      throw new Error(`commands/${file}: duplicate command /${command.data.name}`);
    commands.set(command.data.name, command);
  }
  return commands;
}
