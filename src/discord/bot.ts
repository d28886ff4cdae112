import { once } from "node:events";
import { setTimeout as delay } from "node:timers/promises";
import {
  ActivityType,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  type ClientOptions,
  DefaultUserAgentAppendix,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  MessageFlags,
  Options,
  Partials,
  type RepliableInteraction,
} from "discord.js";
import { type Config, restApiUrl } from "../config.js";
import type { Engine } from "../engine/types.js";
import { appVersion, type Logger, silentLogger } from "../log.js";
import { type InteractionFrontEnd, logAnswer, observeInteraction } from "../observe.js";
import { type EngineRef, engineRefOf, type Reloader } from "../reload.js";
import { type CommandContext, type ResolvedCommand, runCommand, summarise } from "../reply/command.js";
import { handleComponent } from "../reply/components.js";
import { finaliseReply } from "../reply/finalise.js";
import { loadCommands } from "../reply/load-commands.js";
import { answerReply, errorReply } from "../reply/render.js";
import type { FinalReply } from "../reply/types.js";
import { CachedGuildStore } from "../store/cache.js";
import { openStore } from "../store/open.js";
import {
  BUILT_IN_DEFAULTS,
  type EffectiveSettings,
  effectiveSettings,
  type SettingsDefaults,
} from "../store/settings.js";
import type { GuildStore } from "../store/types.js";
import { noteUnanswered } from "../store/unanswered.js";
import { commandRequestOf, toInteractionReply, toInteractionUpdate, toMessageReply } from "./adapter.js";
import { GatewayCloseError } from "./errors.js";
import {
  FREE_TEXT,
  type FreeTextSettings,
  mentionsUser,
  questionOf,
  SlidingWindowLimiter,
  Spacing,
  type Trigger,
  triggerOf,
  worthVolunteering,
} from "./free-text.js";
import { shardUserAgentTag } from "./sharding.js";

/** Interactions must be acknowledged within 3 s; defer if an answer is not ready well before. */
const DEFER_AFTER_MS = 2_000;
/** How long stop() waits for replies in flight before destroying the client. */
const STOP_GRACE_MS = 4_000;

export const PRESENCE_TEXT = "Ask me: /ask or @mention me";

export interface BotOptions {
  /** Overrides of FREE_TEXT (tests use a generous per-user limit). */
  freeText?: Partial<FreeTextSettings>;
  /** Called when the gateway connection is lost for good after startup (e.g. close 4014). */
  onFatal?: (error: Error) => void;
  /** Structured log (default: silent). */
  log?: Logger;
  /** Offered to /admin reload; without it the command says reloading isn't available. */
  reload?: Reloader;
  /**
   * Server settings and unanswered questions. Default: PostgreSQL at `config.databaseUrl`, else the SQLite
   * file at `config.databasePath` (var/tracker-bot.sqlite), opened before logging in. The bot owns it:
   * stop() closes it.
   */
  store?: GuildStore;
}

export interface BotHandle {
  client: Client<true>;
  /** Finishes replies in flight, then destroys the client. */
  stop(): Promise<void>;
}

/** discord.js options: intents for free text and DMs, caches bounded so memory stays flat. */
export function clientOptions(config: Config): ClientOptions {
  const shardTag = shardUserAgentTag();
  const api = restApiUrl(config);
  const intents = [
    GatewayIntentBits.Guilds,
    GatewayIntentBits.GuildMessages,
    GatewayIntentBits.DirectMessages,
  ];
  if (config.messageContent) intents.push(GatewayIntentBits.MessageContent);
  return {
    intents,
    // DM channels are not cached ahead of time; without this partial DMs never arrive.
    partials: [Partials.Channel],
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 50,
      UserManager: { maxSize: 1_000, keepOverLimit: (user) => user.id === user.client.user.id },
      GuildMemberManager: { maxSize: 200, keepOverLimit: (member) => member.id === member.client.user.id },
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      VoiceStateManager: 0,
      GuildEmojiManager: 0,
      BaseGuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      GuildScheduledEventManager: 0,
      StageInstanceManager: 0,
      ThreadMemberManager: 0,
      AutoModerationRuleManager: 0,
      ApplicationCommandManager: 0,
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      messages: { interval: 300, lifetime: 900 },
      users: { interval: 3_600, filter: () => (user) => user.id !== user.client.user.id },
    },
    presence: {
      status: "online",
      activities: [{ type: ActivityType.Custom, name: "Custom Status", state: PRESENCE_TEXT }],
    },
    // Belt and braces: every send sets its own allowedMentions, but the default pings nobody either.
    allowedMentions: { parse: [], repliedUser: false },
    failIfNotExists: false,
    // An `api` key set to undefined would break every request, so it is only added when configured.
    // A shard process names its shard in the User-Agent, so each request shows which process sent it.
    ...((api || shardTag) && {
      rest: {
        ...(api && { api }),
        ...(shardTag && { userAgentAppendix: `${DefaultUserAgentAppendix} ${shardTag}` }),
      },
    }),
  };
}

/** What each request reads afresh: the engine in service (it may have been reloaded) and the commands. */
interface Services extends InteractionFrontEnd {
  commands: Map<string, ResolvedCommand>;
  store: GuildStore;
  settingsDefaults: SettingsDefaults;
}

/**
 * Logs in and resolves once ready; rejects (client destroyed) on a bad token or a fatal gateway close.
 * `engine` may be an EngineRef (EngineHolder) so a reload swaps the engine every handler uses.
 */
export async function startBot(
  config: Config,
  engine: Engine | EngineRef,
  options: BotOptions = {},
): Promise<BotHandle> {
  if (!config.token) throw new Error("DISCORD_TOKEN is not set");
  const log = options.log ?? silentLogger();
  const engines = engineRefOf(engine);
  const freeText = { ...FREE_TEXT, ...options.freeText };
  const commands = await loadCommands(engines.current.base);
  // Settings are read per message: cached per server, written through (throws StoreOpenError, one line).
  const store = new CachedGuildStore(options.store ?? (await openStore(config)));
  const settingsDefaults: SettingsDefaults = {
    ...BUILT_IN_DEFAULTS,
    listenChannelIds: config.listenChannelIds,
    confidence: freeText.listenConfidence,
    userLimit: freeText.userLimit,
    userWindowSeconds: freeText.userWindowMs / 1000,
  };
  const services: Services = {
    engines,
    commands,
    summaries: summarise(commands.values()),
    log,
    ...(options.reload && { reload: options.reload }),
    store,
    settingsDefaults,
  };
  const client = new Client(clientOptions(config));

  const inflight = new Set<Promise<void>>();
  let stopping = false;
  const track = (work: Promise<void>) => {
    inflight.add(work);
    void work.finally(() => inflight.delete(work));
  };

  const limiter = new SlidingWindowLimiter(freeText.userLimit, freeText.userWindowMs);
  const volunteered = new Spacing(freeText.listenRepeatMs);

  client.on(Events.Error, (error) => log.error({ err: error }, "discord client error"));
  client.on(Events.Warn, (message) => log.warn({ detail: message }, "discord client warning"));
  client.on(Events.ShardReconnecting, (shard) => log.warn({ shard }, "gateway reconnecting"));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, "gateway resumed"));
  client.on(Events.ShardReady, (shard) => {
    if (ready) log.info({ shard }, "gateway session re-identified");
  });
  client.on(Events.InteractionCreate, (interaction) => {
    if (!stopping) track(handleInteraction(interaction, services));
  });
  client.on(Events.MessageCreate, (message) => {
    if (stopping) return;
    const started = performance.now();
    track(
      handleMessage(message, {
        config,
        engines,
        limiter,
        volunteered,
        log,
        started,
        store,
        settingsDefaults,
      }).catch((error: unknown) =>
        log.error(
          { err: error, messageId: message.id, guildId: message.guildId, channelId: message.channelId },
          "free-text answer failed",
        ),
      ),
    );
  });

  let ready = false;
  const fatal = new Promise<never>((_, reject) => {
    client.on(Events.ShardDisconnect, (event) => {
      const error = new GatewayCloseError(event.code);
      if (ready) options.onFatal?.(error);
      else reject(error);
    });
  });
  fatal.catch(() => {});

  try {
    await Promise.race([Promise.all([client.login(config.token), once(client, Events.ClientReady)]), fatal]);
  } catch (error) {
    await client.destroy();
    await store.close().catch(() => {});
    throw error;
  }
  ready = true;
  if (!config.messageContent && config.listenChannelIds.length > 0) {
    log.warn("MESSAGE_CONTENT=false: listen channels only see questions that mention the bot");
  }
  const readyClient = client as Client<true>;
  const base = engines.current.base;
  log.info(
    {
      version: appVersion(),
      user: readyClient.user.tag,
      commands: commands.size,
      facts: base.facts.length,
      editions: base.editions.map((e) => e.dateText),
      ...(readyClient.shard && { shards: readyClient.shard.ids, shardCount: readyClient.shard.count }),
      ...(readyClient.ws.shards.size > 1 && { shards: [...readyClient.ws.shards.keys()] }),
    },
    `logged in as ${readyClient.user.tag}`,
  );

  return {
    client: readyClient,
    async stop() {
      stopping = true;
      log.info({ inflight: inflight.size }, "stopping: finishing replies in flight");
      await Promise.race([Promise.allSettled([...inflight]), delay(STOP_GRACE_MS)]);
      await client.destroy();
      await store.close().catch((error: unknown) => log.error({ err: error }, "closing the store failed"));
      log.info("disconnected");
    },
  };
}

async function handleInteraction(interaction: Interaction, services: Services): Promise<void> {
  const observed = observeInteraction(services);
  const context: CommandContext = {
    ...observed.context,
    store: services.store,
    settingsDefaults: defaultsForGuild(services.settingsDefaults, interaction.guildId, interaction.client),
  };
  const what = interaction.isCommand()
    ? { command: interaction.commandName }
    : interaction.isButton()
      ? { customId: interaction.customId.slice(0, 100) }
      : {};
  const where = { interactionId: interaction.id, guildId: interaction.guildId, userId: interaction.user.id };
  try {
    if (interaction.isChatInputCommand()) await answerCommand(interaction, services.commands, context);
    else if (interaction.isAutocomplete()) await answerAutocomplete(interaction, services.commands, context);
    else if (interaction.isButton()) await answerButton(interaction, context);
    else return;
    if (interaction.isAutocomplete()) return;
    observed.logAnswer({ via: interaction.isButton() ? "button" : "command", ...what, ...where });
  } catch (error) {
    services.log.error({ err: error, ...what, ...where }, "interaction failed");
    if (interaction.isAutocomplete()) {
      await interaction.respond([]).catch(() => {});
      return;
    }
    if (!interaction.isRepliable()) return;
    const apology = toInteractionReply(finaliseReply(errorReply()));
    const send =
      interaction.replied || interaction.deferred
        ? interaction.followUp(apology)
        : interaction.reply(apology);
    await send.catch(() => {});
  }
}

/** Replies directly; defers first if producing the answer takes long enough to risk the 3 s deadline. */
async function replyInTime(
  interaction: RepliableInteraction,
  produce: () => Promise<FinalReply>,
  ephemeral: boolean,
): Promise<void> {
  let deferral: Promise<unknown> | undefined;
  const timer = setTimeout(() => {
    deferral = interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  }, DEFER_AFTER_MS);
  let reply: FinalReply;
  try {
    reply = await produce();
  } finally {
    clearTimeout(timer);
  }
  if (!deferral) {
    await interaction.reply(toInteractionReply(reply));
    return;
  }
  await deferral;
  const { flags: _flags, ...edit } = toInteractionReply(reply);
  await interaction.editReply(edit);
}

async function answerCommand(
  interaction: ChatInputCommandInteraction,
  commands: Map<string, ResolvedCommand>,
  context: CommandContext,
): Promise<void> {
  const command = commands.get(interaction.commandName);
  if (!command) {
    await interaction.reply(
      toInteractionReply(
        finaliseReply({ content: "I don't know that command any more. Try `/help`.", ephemeral: true }),
      ),
    );
    return;
  }
  const request = commandRequestOf(interaction);
  const ephemeral = request.options.hide === true || command.data.name === "help";
  await replyInTime(interaction, () => runCommand(command, request, context), ephemeral);
}

async function answerAutocomplete(
  interaction: AutocompleteInteraction,
  commands: Map<string, ResolvedCommand>,
  context: CommandContext,
): Promise<void> {
  const command = commands.get(interaction.commandName);
  const focused = interaction.options.getFocused(true);
  const choices =
    command?.autocomplete?.({ name: focused.name, value: String(focused.value) }, context) ?? [];
  await interaction.respond(choices);
}

async function answerButton(interaction: ButtonInteraction, context: CommandContext): Promise<void> {
  const result = await handleComponent(
    {
      customId: interaction.customId,
      userId: interaction.user.id,
      guildId: interaction.guildId,
      memberPermissions: interaction.inGuild()
        ? (interaction.memberPermissions?.bitfield.toString() ?? null)
        : null,
    },
    context,
  );
  const reply = finaliseReply(result.reply);
  if (result.kind === "update") await interaction.update(toInteractionUpdate(reply));
  else await interaction.reply(toInteractionReply(reply));
}

interface FreeTextDeps {
  config: Config;
  engines: EngineRef;
  limiter: SlidingWindowLimiter;
  volunteered: Spacing;
  log: Logger;
  started: number;
  store: GuildStore;
  settingsDefaults: SettingsDefaults;
}

function triggerOfMessage(
  message: Message,
  botId: string,
  listenChannelIds: readonly string[],
): Trigger | undefined {
  const channel = message.channel;
  const parentId = channel.isThread() ? channel.parentId : null;
  return triggerOf({
    isDM: !message.inGuild(),
    mentionsBot: mentionsUser(message.content, botId),
    repliesToBot: message.reference !== null && message.mentions.repliedUser?.id === botId,
    inListenChannel:
      listenChannelIds.includes(message.channelId) ||
      (parentId !== null && listenChannelIds.includes(parentId)),
  });
}

/**
 * LISTEN_CHANNEL_IDS is for the whole deployment: a server is shown (and starts its own list from) only the
 * ones that are its channels. Every channel of a server this shard serves is cached (Guilds intent).
 */
function defaultsForGuild(
  defaults: SettingsDefaults,
  guildId: string | null,
  client: Client,
): SettingsDefaults {
  if (!guildId || defaults.listenChannelIds.length === 0) return defaults;
  const own = defaults.listenChannelIds.filter((id) => {
    const channel = client.channels.cache.get(id);
    return channel !== undefined && "guildId" in channel && channel.guildId === guildId;
  });
  return { ...defaults, listenChannelIds: own };
}

/** A member's free-text answers: the server's own cooldown (one per N s, 0 = none), else the default limit. */
function takeTurn(
  limiter: SlidingWindowLimiter,
  message: Message,
  settings: EffectiveSettings | undefined,
  now: number,
): ReturnType<SlidingWindowLimiter["take"]> {
  const cooldown = settings?.cooldownSeconds ?? null;
  if (cooldown === null) return limiter.take(message.author.id, now);
  if (cooldown === 0) return { allowed: true };
  return limiter.take(`${message.guildId}:${message.author.id}`, now, {
    limit: 1,
    windowMs: cooldown * 1000,
  });
}

/** A free-text question: answered when asked (mention, reply, DM), or volunteered when sure (listen channels). */
async function handleMessage(message: Message, deps: FreeTextDeps): Promise<void> {
  const botId = message.client.user.id;
  if (message.author.bot || message.author.id === botId || message.webhookId || message.system) return;
  // The server's settings as they are now (a cached read); DMs follow the defaults.
  const settings = message.guildId
    ? effectiveSettings(await deps.store.getSettings(message.guildId), deps.settingsDefaults)
    : undefined;
  const trigger = triggerOfMessage(message, botId, settings?.activeListenChannelIds ?? []);
  if (!trigger) return;

  const engine = deps.engines.current;
  const question = questionOf(message.content, botId);
  const answer = engine.ask(question);
  const now = Date.now();
  // Overheard: only confident answers, and not the same fact again soon in the same channel.
  const spacingKey =
    trigger === "listen" && answer.fact ? `${message.channelId}:${answer.fact.id}` : undefined;
  const threshold = settings?.confidence ?? deps.settingsDefaults.confidence;
  if (trigger === "listen" && (!spacingKey || !worthVolunteering(answer, threshold))) return;
  if (spacingKey && !deps.volunteered.isDue(spacingKey, now)) return;

  const allowed = takeTurn(deps.limiter, message, settings, now);
  if (!allowed.allowed) {
    // Asked directly: one quiet ⏳ per burst; overheard: nothing at all.
    if (trigger === "prompted" && allowed.firstRefusal) await message.react("⏳").catch(() => {});
    return;
  }
  if (spacingKey) deps.volunteered.tryMark(spacingKey, now);
  const reply = finaliseReply(answerReply(answer, engine.base));
  await message.reply(toMessageReply(reply));
  // Asked and not answered: worth telling the fact editors. Overheard chatter never is.
  if (trigger === "prompted") {
    await noteUnanswered(deps, message.guildId, question, answer, {
      error: (line) => deps.log.error(line),
    });
  }
  logAnswer(
    deps.log,
    { via: trigger === "listen" ? "listen" : "message", messageId: message.id, guildId: message.guildId },
    {
      outcome: answer.outcome,
      factId: answer.fact?.id ?? null,
      confidence: Number(answer.confidence.toFixed(3)),
      question,
    },
    deps.started,
  );
}
