import {
  type APIApplicationCommandOptionChoice,
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import { z } from "zod";
import type { Engine, EngineAnswer } from "../engine/types.js";
import type { FactBase, KnownFact } from "../facts/base.js";
import type { Reloader } from "../reload.js";
import type { SettingsDefaults } from "../store/settings.js";
import type { GuildStore } from "../store/types.js";
import { finaliseReply } from "./finalise.js";
import { DISCORD_LIMITS, truncate } from "./limits.js";
import type { CommandSummary } from "./render.js";
import type { FinalReply, Reply } from "./types.js";

/**
 * A slash command, transport-free: its Discord definition and its handler side by side.
 * The handler turns the interaction's data into a Reply; adapters (discord.js, the local console,
 * an HTTP interactions endpoint) do the sending.
 */
export interface Command<S extends z.ZodType = z.ZodType> {
  /**
   * Sent to Discord by deploy-commands (contexts and integration types are added there); a function
   * when choices come from the fact base (e.g. /topics categories).
   */
  data: CommandDefinition | ((base: FactBase) => CommandDefinition);
  /** Parses the raw option values: the boundary between what a client sent and the handler. */
  options: S;
  execute(options: z.output<S>, request: CommandRequest, context: CommandContext): Reply | Promise<Reply>;
  /** Choices for the focused option, as the user types. */
  autocomplete?(focused: { name: string; value: string }, context: CommandContext): Choice[];
}

export type CommandDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody;
export type Choice = APIApplicationCommandOptionChoice<string>;
/** A user option arrives as the user's id. */
export type RawOptionValue = string | number | boolean;

/** What an interaction carries that a handler may use. */
export interface CommandRequest {
  name: string;
  options: Record<string, RawOptionValue>;
  userId: string;
  guildId: string | null;
  locale: string;
  /** The subcommand invoked (`/admin reload` → "reload"), its own options flattened into `options`. */
  subcommand?: string;
  /** The subcommand's group, when it has one (`/settings listen add` → "listen"). */
  subcommandGroup?: string;
  /**
   * The invoking member's permissions in the channel as Discord's decimal bitfield; null or absent outside
   * a guild (DMs) or when the transport does not know them.
   */
  memberPermissions?: string | null;
}

export interface CommandContext {
  engine: Engine;
  /** For /help. */
  commands: readonly CommandSummary[];
  /** Re-reads the fact base and swaps it in when valid (/admin reload); absent where reloading is not offered. */
  reload?: Reloader;
  /** Per-server settings and unanswered questions (/settings, /unanswered); absent where there is no store. */
  store?: GuildStore;
  /** What applies where a server has set nothing (LISTEN_CHANNEL_IDS, FREE_TEXT); absent: BUILT_IN_DEFAULTS. */
  settingsDefaults?: SettingsDefaults;
}

/** Keeps the options schema's type flowing into `execute`. */
export function defineCommand<S extends z.ZodType>(command: Command<S>): Command<S> {
  return command;
}

export const Snowflake = z.string().regex(/^\d{17,20}$/, "expected a Discord id");

/** Options every answering command takes. */
export const answerOptionDefinitions = [
  {
    type: ApplicationCommandOptionType.Boolean,
    name: "hide",
    description: "Only you see the answer",
  },
  {
    type: ApplicationCommandOptionType.User,
    name: "mention",
    description: "Point a member to the answer (only they get pinged)",
  },
] as const;

export const AnswerOptions = z.object({
  hide: z.boolean().default(false),
  mention: Snowflake.optional(),
});
export type AnswerOptions = z.output<typeof AnswerOptions>;

/** The reply made private, or pointed at a member, as the shared options ask. */
export function withAnswerOptions(reply: Reply, options: AnswerOptions): Reply {
  return {
    ...reply,
    ephemeral: reply.ephemeral || options.hide,
    ...(options.mention && { mention: options.mention }),
  };
}

/** Longest partial topic ranked: nobody types more to pick a topic, and ranking time grows with length. */
const MAX_TOPIC_QUERY = 100;

/** Autocomplete over the facts: name the title, value the id, ranked by the engine. */
export function topicChoices(engine: Engine, partial: string): Choice[] {
  const query = partial.trim().slice(0, MAX_TOPIC_QUERY);
  return engine.complete(query, DISCORD_LIMITS.choices).map((fact) => ({
    name: truncate(fact.title, DISCORD_LIMITS.choiceName),
    value: fact.id.slice(0, DISCORD_LIMITS.choiceValue),
  }));
}

/**
 * The topic option of /fact and /source: a fact picked by autocomplete (its id), or a question typed freely;
 * resolveTopic tells them apart.
 */
export const topicOptionDefinition = {
  type: ApplicationCommandOptionType.String,
  name: "topic",
  description: "Start typing: SingPost, Taobao, Alibaba Cloud…",
  required: true,
  autocomplete: true,
  max_length: 500,
} as const;

export const TopicOptions = AnswerOptions.extend({ topic: z.string() });

/** Autocomplete for the topic option. */
export const topicAutocomplete: NonNullable<Command["autocomplete"]> = (focused, { engine }) =>
  topicChoices(engine, focused.value);

/** What autocomplete sends back when a choice is picked: a fact id (a lowercase slug). */
export const FactIdValue = z
  .string()
  .trim()
  .max(DISCORD_LIMITS.choiceValue)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);

/**
 * A picked autocomplete value is a fact id; anything else was typed freely and is asked as a question.
 * A fragment the engine cannot answer ("sing") still offers what autocomplete would have. A value shaped
 * like a fact id (`singpost-stakes`) that names no fact and that the engine cannot answer is a stale or
 * forged pick: `stale` is set so the command answers privately.
 */
export function resolveTopic(
  engine: Engine,
  value: string,
): { fact: KnownFact } | { answer: EngineAnswer; stale?: true } {
  const id = FactIdValue.safeParse(value);
  const fact = id.success ? engine.fact(id.data) : undefined;
  if (fact) return { fact };
  const answer = engine.ask(value);
  const stale = id.success && id.data.includes("-") && answer.outcome !== "answer";
  if (answer.outcome === "decline" || answer.outcome === "empty" || stale) {
    const completions = engine.complete(value.trim().slice(0, MAX_TOPIC_QUERY), 3);
    if (stale) {
      return {
        answer: {
          ...answer,
          outcome: "suggest",
          text: `I have no topic \`${id.data}\` any more (it may be out of date). ${completions.length > 0 ? "Did you mean one of these?" : "Try `/topics` for the list."}`,
          suggestions: completions,
        },
        stale: true,
      };
    }
    if (value.trim() && completions.length > 0) {
      return {
        answer: {
          ...answer,
          outcome: "suggest",
          text: "Did you mean one of these?",
          suggestions: completions,
        },
      };
    }
  }
  return { answer };
}

/** Runs a command on raw options: invalid options get a short ephemeral note, never an exception. */
export async function runCommand(
  command: Command,
  request: CommandRequest,
  context: CommandContext,
): Promise<FinalReply> {
  const parsed = command.options.safeParse(request.options);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join(".") || "options"}: ${i.message}`)
      .join("; ");
    return finaliseReply({ content: `That command's options aren't valid (${problems}).`, ephemeral: true });
  }
  return finaliseReply(await command.execute(parsed.data, request, context));
}

/** A command whose definition is settled for one fact base. */
export type ResolvedCommand = Command & { data: CommandDefinition };

export function resolveCommand(command: Command, base: FactBase): ResolvedCommand {
  return { ...command, data: typeof command.data === "function" ? command.data(base) : command.data };
}

export function summarise(commands: Iterable<ResolvedCommand>): CommandSummary[] {
  return [...commands].map((c) => ({ name: c.data.name, description: c.data.description ?? "" }));
}
