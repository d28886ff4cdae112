import { readdir } from "node:fs/promises";
import { extname } from "node:path";
import type { FactBase } from "../facts/base.js";
import { type Command, type ResolvedCommand, resolveCommand } from "./command.js";

/**
 * `commands/` of this checkout from this module: `src/reply/` → `commands/`, and the same relative path
 * from `dist/src/reply/` → `dist/commands/`, so discovery works under tsx, vitest and compiled.
 */
export const COMMANDS_DIR = new URL("../../commands/", import.meta.url);

/** `.ts` when running from source, `.js` when compiled: only modules of our own kind are imported. */
const MODULE_EXT = extname(new URL(import.meta.url).pathname);

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
  const files = (await readdir(dir))
    .filter((name) => name.endsWith(MODULE_EXT) && !name.endsWith(".d.ts") && !name.includes(".test."))
    .sort();
  const commands = new Map<string, ResolvedCommand>();
  for (const file of files) {
    const module = (await import(new URL(file, dir).href)) as { default?: unknown };
    if (!isCommand(module.default)) throw new Error(`commands/${file}: default export is not a command`);
    const command = resolveCommand(module.default, base);
    if (commands.has(command.data.name))
      throw new Error(`commands/${file}: duplicate command /${command.data.name}`);
    commands.set(command.data.name, command);
  }
  return commands;
}
