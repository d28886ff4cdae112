import { type APIApplicationCommandOption, ApplicationCommandOptionType } from "discord-api-types/v10";
import type { Engine } from "../engine/types.js";
import type { Actor, RawOptionValue, ResolvedCommand } from "../framework/command.js";
import { categorySlug } from "../framework/custom-id.js";
import type { Request } from "../framework/dispatch.js";

/** Who the console is: one local user, outside any server (so server-only commands say so). */
export const CONSOLE_ACTOR: Actor = { userId: "0", guildId: null, channelId: "console", locale: "en-US" };

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

/** The options a command takes on its first level: those of a subcommand are typed as `/cmd sub opt:…`. */
function optionsOf(
  command: ResolvedCommand,
  rest: string,
): { options: APIApplicationCommandOption[]; subcommand?: string; rest: string } {
  const all = (command.data.options ?? []) as APIApplicationCommandOption[];
  const [first = "", ...others] = rest.trim().split(/\s+/);
  const sub = all.find(
    (o) => o.type === ApplicationCommandOptionType.Subcommand && o.name === first.toLowerCase(),
  );
  if (sub && "options" in sub) {
    return {
      options: (sub.options ?? []) as APIApplicationCommandOption[],
      subcommand: sub.name,
      rest: others.join(" "),
    };
  }
  return { options: all, rest };
}

/**
 * A slash command typed in the console (`/fact singpost`, `/ask question:what is taobao hide:true`,
 * `/topics page:2`) as the pipeline's request, or what to print instead: the command list for an unknown
 * command, the usage when an option is missing or malformed.
 */
export function slashRequest(
  line: string,
  commands: ReadonlyMap<string, ResolvedCommand>,
  engine: Engine,
): { request: Request } | { text: string } {
  const match = /^\/(\S*)\s*([\s\S]*)$/.exec(line.trim());
  const command = match ? commands.get((match[1] ?? "").toLowerCase()) : undefined;
  if (!match || !command) return { text: `Commands: ${[...commands.keys()].map((n) => `/${n}`).join(", ")}` };

  const { options: definitions, subcommand, rest } = optionsOf(command, match[2] ?? "");
  const parts = splitOptions(
    rest,
    definitions.map((o) => o.name),
  );
  const positional = parts.get("");
  parts.delete("");
  // The rest of the line fills the first string option not given by name.
  const firstString = definitions.find(
    (o) => o.type === ApplicationCommandOptionType.String && !parts.has(o.name),
  );
  if (positional && firstString) parts.set(firstString.name, positional);
  else if (positional) return { text: usage(command) };

  const options: Record<string, RawOptionValue> = {};
  for (const [name, text] of parts) {
    const option = definitions.find((o) => o.name === name);
    if (!option || !text) continue;
    const result = optionValue(option, text, engine);
    if ("error" in result) return { text: `${result.error}\n${usage(command)}` };
    options[name] = result.value;
  }
  const missing = definitions.filter((o) => "required" in o && o.required && !(o.name in options));
  if (missing.length > 0) return { text: usage(command) };
  return {
    request: {
      type: "command",
      name: command.data.name,
      options,
      ...(subcommand && { subcommand }),
      ...CONSOLE_ACTOR,
    },
  };
}
