import { type APIApplicationCommandOption, ApplicationCommandOptionType } from "discord-api-types/v10";
import type { Engine } from "../engine/types.js";
import {
  type CommandContext,
  type RawOptionValue,
  type ResolvedCommand,
  runCommand,
  summarise,
} from "../reply/command.js";
import { categorySlug } from "../reply/custom-id.js";
import { loadCommands } from "../reply/load-commands.js";
import { replyAsText } from "../reply/text.js";

/** The user id console requests carry; no Discord user has it. */
const CONSOLE_USER = "0";

const loaded = new WeakMap<Engine, Promise<Map<string, ResolvedCommand>>>();

function commandsFor(engine: Engine): Promise<Map<string, ResolvedCommand>> {
  let commands = loaded.get(engine);
  if (!commands) {
    commands = loadCommands(engine.base);
    loaded.set(engine, commands);
  }
  return commands;
}

function usage(command: ResolvedCommand): string {
  const options = (command.data.options ?? []).map((o) =>
    "required" in o && o.required ? `${o.name}:<${o.name}>` : `[${o.name}:…]`,
  );
  return `Usage: /${command.data.name} ${options.join(" ")}`.trim();
}

/** `question:what is taobao hide:true` → { question: "what is taobao", hide: "true" }; leading text under "". */
export function splitOptions(rest: string, names: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (names.length === 0) {
    if (rest.trim()) out.set("", rest.trim());
    return out;
  }
  const escaped = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
  const marker = new RegExp(`(?:^|\\s)(${escaped}):`, "g");
  let key = "";
  let start = 0;
  for (const match of rest.matchAll(marker)) {
    const value = rest.slice(start, match.index).trim();
    if (value || key) out.set(key, value);
    key = match[1] ?? "";
    start = match.index + match[0].length;
  }
  const value = rest.slice(start).trim();
  if (value || key) out.set(key, value);
  return out;
}

/** A typed value as Discord would send it for this option, or an error line. */
function optionValue(
  option: APIApplicationCommandOption,
  text: string,
  engine: Engine,
): { value: RawOptionValue } | { error: string } {
  switch (option.type) {
    case ApplicationCommandOptionType.Boolean: {
      if (/^(true|yes|on|1)$/i.test(text)) return { value: true };
      if (/^(false|no|off|0)$/i.test(text)) return { value: false };
      return { error: `${option.name}: expected true or false` };
    }
    case ApplicationCommandOptionType.User: {
      const id = /^<@!?(\d{17,20})>$|^(\d{17,20})$/.exec(text);
      return id ? { value: id[1] ?? id[2] ?? "" } : { error: `${option.name}: expected a user id or <@id>` };
    }
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const n = Number(text);
      return Number.isFinite(n) ? { value: n } : { error: `${option.name}: expected a number` };
    }
    case ApplicationCommandOptionType.String: {
      if (option.choices) {
        const wanted = text.toLowerCase();
        const choice = option.choices.find(
          (c) =>
            c.value.toLowerCase() === wanted ||
            c.name.toLowerCase() === wanted ||
            c.value === categorySlug(text),
        );
        return choice
          ? { value: choice.value }
          : { error: `${option.name}: one of ${option.choices.map((c) => c.value).join(", ")}` };
      }
      if (option.autocomplete) {
        // Like picking from Discord's list: an exact id or title selects the fact; other text is sent as typed.
        const wanted = text.toLowerCase();
        const picked =
          engine.fact(text) ?? engine.complete(text, 25).find((f) => f.title.toLowerCase() === wanted);
        return { value: picked?.id ?? text };
      }
      return { value: text };
    }
    default:
      return { value: text };
  }
}

/**
 * A slash command typed in the local console (`/fact singpost`, `/ask question:what is taobao hide:true`),
 * answered by the same handlers as Discord and printed as text. Unknown commands list the known ones.
 */
export async function runSlashLine(line: string, engine: Engine): Promise<string> {
  const commands = await commandsFor(engine);
  const match = /^\/(\S*)\s*([\s\S]*)$/.exec(line.trim());
  const command = match ? commands.get((match[1] ?? "").toLowerCase()) : undefined;
  if (!match || !command) return `Commands: ${[...commands.keys()].map((n) => `/${n}`).join(", ")}`;

  const definitions = (command.data.options ?? []) as APIApplicationCommandOption[];
  const parts = splitOptions(
    match[2] ?? "",
    definitions.map((o) => o.name),
  );
  const positional = parts.get("");
  parts.delete("");
  // The rest of the line fills the first string option not given by name.
  const firstString = definitions.find(
    (o) => o.type === ApplicationCommandOptionType.String && !parts.has(o.name),
  );
  if (positional && firstString) parts.set(firstString.name, positional);
  else if (positional) return usage(command);

  const options: Record<string, RawOptionValue> = {};
  for (const [name, text] of parts) {
    const option = definitions.find((o) => o.name === name);
    if (!option || !text) continue;
    const result = optionValue(option, text, engine);
    if ("error" in result) return `${result.error}\n${usage(command)}`;
    options[name] = result.value;
  }
  const missing = definitions.filter((o) => "required" in o && o.required && !(o.name in options));
  if (missing.length > 0) return usage(command);

  const context: CommandContext = { engine, commands: summarise(commands.values()) };
  const request = { name: command.data.name, options, userId: CONSOLE_USER, guildId: null, locale: "en-US" };
  try {
    return replyAsText(await runCommand(command, request, context));
  } catch (error) {
    console.error(`/${command.data.name} failed:`, error);
    return "Sorry, something went wrong answering that.";
  }
}
