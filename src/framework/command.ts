import {
  type APIApplicationCommandOptionChoice,
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import { z } from "zod";
import type { EngineRef, Reloader } from "../app/reload.js";
import type { ConversationMemory } from "../conversation/memory.js";
import type { Engine, Turn } from "../engine/types.js";
import type { FactBase } from "../facts/base.js";
import type { SettingsDefaults } from "../store/settings.js";
import type { GuildStore } from "../store/types.js";
import type { ButtonReply, Reply } from "./types.js";

/**
 * A slash command, transport-free: its Discord definition, what it needs, its handler, and the handlers of
 * its autocomplete and its buttons, side by side. The pipeline (`dispatch.ts`) enforces what a command
 * declares; adapters (discord.js, the HTTP endpoint, the console) only carry requests in and replies out.
 */
export interface Command<S extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  /**
   * Sent to Discord by deploy-commands (contexts and integration types are added there); a function
   * when choices come from the fact base (e.g. /topics categories).
   */
  data: CommandDefinition | ((base: FactBase) => CommandDefinition);
  /** Parses the raw option values: the boundary between what a client sent and the handler. */
  options: S;
  /** Always answered privately (help, settings); otherwise only when the user asks (`hide:`). */
  ephemeral?: boolean;
  /** Only members who may manage the server may run it or click its buttons; Discord hides it from others. */
  requires?: "manageServer";
  /** Refused in DMs. */
  guildOnly?: boolean;
  /** Per member: at most `uses` runs per `seconds`, then a private "slow down". */
  cooldown?: { uses: number; seconds: number };
  execute(options: z.output<S>, request: CommandRequest, context: CommandContext): Reply | Promise<Reply>;
  /** Choices for the focused option, as the user types. */
  autocomplete?(focused: { name: string; value: string }, context: CommandContext): Choice[];
  /**
   * Clicks on this command's buttons: custom ids `<command name>:<args…>`, the args parsed by `args`
   * (a custom id comes back from Discord possibly stale or forged, so it is parsed, never trusted).
   */
  button?: {
    args: B;
    /** Clicks edit the clicked message (paging) rather than answer with a new, private one. */
    updates?: boolean;
    handle(args: z.output<B>, request: Actor, context: CommandContext): ButtonReply | Promise<ButtonReply>;
  };
}

export type CommandDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody;
export type Choice = APIApplicationCommandOptionChoice<string>;
/** A user option arrives as the user's id. */
export type RawOptionValue = string | number | boolean;

/** Who asked, and where. */
export interface Actor {
  userId: string;
  guildId: string | null;
  /** Null where the transport has no channel (the console). */
  channelId: string | null;
  locale: string;
  /**
   * The member's permissions in the channel as Discord's decimal bitfield; null or absent outside a server
   * (DMs) or when the transport does not know them.
   */
  memberPermissions?: string | null;
  /** What the transport adds to this request's log lines (the interaction or message id). */
  logFields?: Record<string, unknown>;
}

/** What a slash command's interaction carries that a handler may use. */
export interface CommandRequest extends Actor {
  name: string;
  options: Record<string, RawOptionValue>;
  /** The subcommand invoked (`/admin reload` → "reload"), its own options flattened into `options`. */
  subcommand?: string;
  /** The subcommand's group, when it has one (`/settings listen add` → "listen"). */
  subcommandGroup?: string;
  /**
   * A plain message asked as `/ask`: `message` when it asked the bot (mention, reply, DM), `listen` when it
   * was overheard in a listen channel (never recorded as unanswered). Absent for a slash command.
   */
  via?: "message" | "listen";
  /**
   * The bot's answer this message replies to, read back from its buttons (free text only): a follow-up is
   * read against it rather than against the member's remembered turns.
   */
  repliedTo?: Turn;
}

/** The asking member's conversation in this channel (or DM), as a handler sees it. */
export interface Conversation {
  /** The turns a follow-up is read against, oldest first: the answer replied to, else the member's recent ones. */
  previous(): Promise<readonly Turn[]>;
  /** This request's turn, kept after `previous()` once the reply is going out (unanswered chatter never is). */
  record(turn: Turn): void;
}

export interface CommandContext {
  engine: Engine;
  /** Name and description of every command, for /help. */
  commands: readonly CommandSummary[];
  /** Re-reads the fact base and swaps it in when valid (/admin reload); absent where reloading is not offered. */
  reload?: Reloader;
  /** Per-server settings and unanswered questions (/settings, /unanswered); absent where there is no store. */
  store?: GuildStore;
  /** What applies where a server has set nothing (LISTEN_CHANNEL_IDS, FREE_TEXT); absent: BUILT_IN_DEFAULTS. */
  settingsDefaults?: SettingsDefaults;
  /** Which client asked: help texts differ (the console has /reload and /quit; HTTP keeps no state). */
  client: "discord" | "http" | "console";
  /** The member's conversation here, for follow-ups; absent where none is kept (HTTP, autocomplete). */
  conversation?: Conversation;
}

export interface CommandSummary {
  name: string;
  description: string;
}

/** What every transport hands the pipeline: the commands, the engine in service, and what it may offer. */
export interface Services {
  commands: ReadonlyMap<string, ResolvedCommand>;
  engines: EngineRef;
  reload?: Reloader;
  store?: GuildStore;
  settingsDefaults?: SettingsDefaults;
  /** The defaults as one server sees them (only its own channels of LISTEN_CHANNEL_IDS); default: the above. */
  settingsDefaultsFor?(guildId: string | null): SettingsDefaults;
  /** Members' recent turns per channel, for follow-ups; absent where the transport keeps no state (HTTP). */
  conversations?: ConversationMemory;
}

/** Keeps the options schema's type flowing into `execute` and the button args' into `button.handle`. */
export function defineCommand<S extends z.ZodType, B extends z.ZodType = z.ZodType>(
  command: Command<S, B>,
): Command<S, B> {
  return command;
}

export const Snowflake = z.string().regex(/^\d{17,20}$/, "expected a Discord id");

/** A page number inside a custom id. */
export const PageNumber = z
  .string()
  .regex(/^\d{1,3}$/)
  .transform(Number);

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

/** The reply pointed at a member, when the shared options ask (privacy is the pipeline's: `hide:`). */
export function withAnswerOptions(reply: Reply, options: AnswerOptions): Reply {
  return options.mention ? { ...reply, mention: options.mention } : reply;
}

/** A command whose definition is settled for one fact base. */
export type ResolvedCommand = Command & { data: CommandDefinition };

export function resolveCommand(command: Command, base: FactBase): ResolvedCommand {
  return { ...command, data: typeof command.data === "function" ? command.data(base) : command.data };
}

export function summarise(commands: Iterable<ResolvedCommand>): CommandSummary[] {
  return [...commands].map((c) => ({ name: c.data.name, description: c.data.description ?? "" }));
}
