import type { Logger } from "../app/log.js";
import { contextOf } from "../conversation/context.js";
import type { Turn } from "../engine/types.js";
import { BUILT_IN_DEFAULTS, effectiveSettings } from "../store/settings.js";
import { type ChartOptions, chartDrawer } from "./charts.js";
import {
  type Actor,
  type Choice,
  type CommandContext,
  type CommandRequest,
  type Conversation,
  type RawOptionValue,
  type ResolvedCommand,
  type Services,
  summarise,
} from "./command.js";
import { splitCustomId } from "./custom-id.js";
import { finaliseReply } from "./finalise.js";
import { issueList } from "./issues.js";
import { type Observation, observedEngine } from "./observe.js";
import { canManageServer } from "./permissions.js";
import { RateLimits } from "./rate-limits.js";
import type { FinalReply, Reply } from "./types.js";

/**
 * The one path from an interaction to its reply, for every transport (the gateway bot, the HTTP endpoint,
 * the console): find the command, enforce what it declares (guild only, server managers only, cooldown),
 * parse its options, run it, make the reply safe for the wire (`finaliseReply`), and log the answer.
 */

export type Request =
  | ({ type: "command" } & CommandRequest)
  | ({ type: "autocomplete"; name: string; focused: { name: string; value: string } } & Actor)
  | ({ type: "button"; customId: string } & Actor);

export type Response =
  | { type: "reply"; reply: FinalReply }
  /** The clicked message edited in place (paging). */
  | { type: "update"; reply: FinalReply }
  | { type: "choices"; choices: Choice[] };

export { DEFER_AFTER_MS, settledWithin } from "./settle.js";

/** What an option looks like on the wire, from discord.js or a raw HTTP payload alike. */
export interface WireOption {
  name: string;
  type: number;
  value?: RawOptionValue | undefined;
  focused?: boolean | undefined;
  options?: readonly WireOption[] | undefined;
}

const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;

/** Options flattened (a subcommand's own options too), with the subcommand and its group named. */
export function flattenOptions(
  data: readonly WireOption[],
): Pick<CommandRequest, "options" | "subcommand" | "subcommandGroup"> & { focused?: WireOption } {
  const options: Record<string, RawOptionValue> = {};
  const out: ReturnType<typeof flattenOptions> = { options };
  const collect = (list: readonly WireOption[]) => {
    for (const option of list) {
      if (option.type === SUBCOMMAND) out.subcommand = option.name;
      if (option.type === SUBCOMMAND_GROUP) out.subcommandGroup = option.name;
      if (option.focused) out.focused = option;
      if (option.options) collect(option.options);
      else if (option.value !== undefined) options[option.name] = option.value;
    }
  };
  collect(data);
  return out;
}

const note = (content: string): Reply => ({ content, ephemeral: true });

export interface PipelineOptions {
  log: Logger;
  client: CommandContext["client"];
  /** How charts are drawn and how long an answer waits for one (tests); default: chart.js, 1.5 s. */
  charts?: ChartOptions;
}

export interface Observed {
  response: Response;
  /** What the engine last decided for this request (outcome, fact, confidence), if it was asked. */
  observation: Observation | undefined;
  /** `performance.now()` when the request arrived. */
  started: number;
  /** Keeps the turn the request recorded in the member's conversation (`dispatch` does it at once). */
  remember(): Promise<void>;
}

export interface Pipeline {
  /** The reply to a request, with its answer logged. */
  dispatch(request: Request): Promise<Response>;
  /**
   * The same without the log line, and without keeping the turn, for a caller that decides whether to send
   * the reply (listen channels): it calls `remember()` once it sends it.
   */
  run(request: Request): Promise<Observed>;
  /** One log line for a request that was answered: fact id, outcome, confidence, latency. */
  logAnswer(request: Request, observed: Observed, fields?: Record<string, unknown>): void;
  /**
   * How a slow answer is acknowledged, known before it runs: an edit of the clicked message (paging), or a
   * "thinking…" that is private or public as the answer will be.
   */
  deferralOf(request: Request): "update" | "ephemeral" | "public";
}

export function createPipeline(services: Services, options: PipelineOptions): Pipeline {
  const { log } = options;
  const cooldowns = new Map<string, RateLimits>();
  const summaries = summarise(services.commands.values());
  const drawChart = chartDrawer(log, options.charts);

  function contextFor(
    engine: CommandContext["engine"],
    guildId: string | null,
    conversation: Conversation | undefined,
  ): CommandContext {
    const settingsDefaults = services.settingsDefaultsFor?.(guildId) ?? services.settingsDefaults;
    return {
      engine,
      commands: summaries,
      client: options.client,
      ...(services.reload && { reload: services.reload }),
      ...(services.store && { store: services.store }),
      ...(settingsDefaults && { settingsDefaults }),
      ...(conversation && { conversation }),
    };
  }

  /**
   * The server's follow-up window (seconds; 0 = off), or the default in DMs and without a store. Settings
   * that cannot be read give 0: a server that turned follow-ups off never gets them by mistake.
   */
  async function followUpSeconds(guildId: string | null): Promise<number> {
    const defaults = services.settingsDefaults ?? BUILT_IN_DEFAULTS;
    if (!guildId || !services.store) return defaults.followUpSeconds;
    try {
      return effectiveSettings(await services.store.getSettings(guildId), defaults).followUpSeconds;
    } catch (error) {
      log.warn({ err: error, guildId }, "settings unreadable: question read without follow-up context");
      return 0;
    }
  }

  /**
   * The member's conversation for one request (commands and button clicks): what it is read against, read
   * once, and the turn its handler records, kept by `remember()` after what it was read against.
   */
  function conversationOf(
    request: Request,
  ): { conversation: Conversation; remember(): Promise<void> } | undefined {
    const memory = services.conversations;
    if (!memory || request.type === "autocomplete") return undefined;
    const repliedTo = request.type === "command" ? request.repliedTo : undefined;
    let window: Promise<number> | undefined;
    let previous: Promise<readonly Turn[]> | undefined;
    let recorded: Turn | undefined;
    const windowSeconds = () => {
      window ??= followUpSeconds(request.guildId);
      return window;
    };
    const load = () => {
      previous ??= windowSeconds().then((seconds) =>
        seconds > 0 ? contextOf(memory.turns(request, seconds), repliedTo) : [],
      );
      return previous;
    };
    return {
      conversation: {
        previous: load,
        record: (turn) => {
          recorded = turn;
        },
      },
      async remember() {
        if (recorded) memory.record(request, await load(), recorded, await windowSeconds());
      },
    };
  }

  /** Why the command may not run for this member here, or undefined when it may. */
  function refusal(command: ResolvedCommand, actor: Actor): Reply | undefined {
    const name = command.data.name;
    if ((command.guildOnly || command.requires) && !actor.guildId) {
      return note(`\`/${name}\` works in a server, not in DMs.`);
    }
    if (command.requires === "manageServer" && !canManageServer(actor)) {
      return note(`Only members who can manage this server (Manage Server) can use \`/${name}\`.`);
    }
    return undefined;
  }

  function cooledDown(command: ResolvedCommand, actor: Actor): Reply | undefined {
    if (!command.cooldown) return undefined;
    const name = command.data.name;
    let manager = cooldowns.get(name);
    if (!manager) {
      manager = new RateLimits(command.cooldown.seconds * 1000, command.cooldown.uses);
      cooldowns.set(name, manager);
    }
    const limit = manager.acquire(actor.userId);
    if (limit.limited) {
      return note(
        `Slow down a little: try \`/${name}\` again in ${Math.ceil(limit.remainingTime / 1000)} s.`,
      );
    }
    limit.consume();
    return undefined;
  }

  async function respond(request: Request, context: CommandContext): Promise<Response> {
    if (request.type === "autocomplete") {
      const command = services.commands.get(request.name);
      return { type: "choices", choices: command?.autocomplete?.(request.focused, context) ?? [] };
    }
    if (request.type === "button") {
      const parts = splitCustomId(request.customId);
      const command = parts && services.commands.get(parts.command);
      const args = command?.button?.args.safeParse(parts?.args);
      if (!command?.button || !args?.success) return { type: "reply", reply: finaliseReply(staleButton()) };
      const refused = refusal(command, request);
      if (refused) return { type: "reply", reply: finaliseReply(refused) };
      const result = await command.button.handle(args.data, request, context);
      return { type: result.kind, reply: finaliseReply(await drawChart(result.reply, whereOf(request))) };
    }
    const command = services.commands.get(request.name);
    if (!command) {
      return {
        type: "reply",
        reply: finaliseReply(note("I don't know that command any more. Try `/help`.")),
      };
    }
    const refused = refusal(command, request) ?? cooledDown(command, request);
    if (refused) return { type: "reply", reply: finaliseReply(refused) };
    const parsed = command.options.safeParse(request.options);
    if (!parsed.success) {
      return {
        type: "reply",
        reply: finaliseReply(note(`That command's options aren't valid (${issueList(parsed.error)}).`)),
      };
    }
    const reply = await command.execute(parsed.data, request, context);
    const drawn = await drawChart(reply, whereOf(request));
    return {
      type: "reply",
      reply: finaliseReply({ ...drawn, ephemeral: drawn.ephemeral || isEphemeral(request) }),
    };
  }

  function isEphemeral(request: Request): boolean {
    if (request.type !== "command") return false;
    const command = services.commands.get(request.name);
    return command?.ephemeral === true || request.options.hide === true;
  }

  function deferralOf(request: Request): "update" | "ephemeral" | "public" {
    if (request.type === "button") {
      const command = services.commands.get(splitCustomId(request.customId)?.command ?? "");
      // Buttons that do not page answer privately (a fact, its source, a refusal).
      return command?.button?.updates ? "update" : "ephemeral";
    }
    return isEphemeral(request) ? "ephemeral" : "public";
  }

  /** Where a request came from and what it was, for log lines. */
  function whereOf(request: Request): Record<string, unknown> {
    const via =
      request.type === "command" && request.via
        ? request.via
        : options.client === "http"
          ? "http"
          : request.type;
    const what =
      request.type === "button" ? { customId: request.customId.slice(0, 100) } : { command: request.name };
    return { via, ...what, guildId: request.guildId, userId: request.userId, ...request.logFields };
  }

  async function run(request: Request): Promise<Observed> {
    const started = performance.now();
    const observed = observedEngine(services.engines.current);
    const turns = conversationOf(request);
    try {
      const context = contextFor(observed.engine, request.guildId, turns?.conversation);
      const response = await respond(request, context);
      return { response, observation: observed.last(), started, remember: turns?.remember ?? nothing };
    } catch (error) {
      const freeText = request.type === "command" && request.via !== undefined;
      log.error(
        { err: error, ...whereOf(request) },
        freeText ? "free-text answer failed" : "interaction failed",
      );
      const response: Response =
        request.type === "autocomplete"
          ? { type: "choices", choices: [] }
          : { type: "reply", reply: finaliseReply(errorReply()) };
      return { response, observation: undefined, started, remember: nothing };
    }
  }

  function logAnswer(request: Request, observed: Observed, fields: Record<string, unknown> = {}): void {
    if (request.type === "autocomplete") return;
    const where = whereOf(request);
    const latencyMs = Math.round(performance.now() - observed.started);
    const observation = observed.observation;
    if (!observation) {
      log.info({ ...where, ...fields, latencyMs }, "answered");
      return;
    }
    const { question, ...seen } = observation;
    log.info(
      { ...where, ...fields, ...seen, latencyMs },
      seen.outcome === "decline" ? "declined" : "answered",
    );
    // The question's text only at debug level: it is what a member typed.
    log.debug({ ...where, question }, "question text");
  }

  return {
    run,
    logAnswer,
    deferralOf,
    async dispatch(request) {
      const observed = await run(request);
      await observed.remember();
      logAnswer(request, observed);
      return observed.response;
    },
  };
}

const nothing = async () => {};

/** For a forged, stale or unknown button. */
export function staleButton(): Reply {
  return note("That button is out of date or isn't one of mine. Try `/ask` or `/topics` again.");
}

/** When a handler throws: the user gets this, privately; the log gets the error. */
export function errorReply(): Reply {
  return note("Sorry, something went wrong answering that. Please try again.");
}
