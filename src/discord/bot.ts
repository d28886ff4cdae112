import { once } from "node:events";
import { setTimeout as delay } from "node:timers/promises";
import {
  ActivityType,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  type ClientOptions,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  MessageFlags,
  Options,
  Partials,
  type RepliableInteraction,
} from "discord.js";
import type { Config } from "../config.js";
import type { Engine } from "../engine/types.js";
import { type CommandContext, type ResolvedCommand, runCommand, summarise } from "../reply/command.js";
import { handleButton } from "../reply/components.js";
import { finaliseReply } from "../reply/finalise.js";
import { loadCommands } from "../reply/load-commands.js";
import { answerReply, errorReply } from "../reply/render.js";
import type { FinalReply } from "../reply/types.js";
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
  log?: Pick<Console, "log" | "warn" | "error">;
}

export interface BotHandle {
  client: Client<true>;
  /** Finishes replies in flight, then destroys the client. */
  stop(): Promise<void>;
}

/** discord.js options: intents for free text and DMs, caches bounded so memory stays flat. */
export function clientOptions(config: Config): ClientOptions {
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
    ...(config.apiUrl && { rest: { api: config.apiUrl } }),
  };
}

/** Logs in and resolves once ready; rejects (client destroyed) on a bad token or a fatal gateway close. */
export async function startBot(config: Config, engine: Engine, options: BotOptions = {}): Promise<BotHandle> {
  if (!config.token) throw new Error("DISCORD_TOKEN is not set");
  const log = options.log ?? console;
  const freeText = { ...FREE_TEXT, ...options.freeText };
  const commands = await loadCommands(engine.base);
  const context: CommandContext = { engine, commands: summarise(commands.values()) };
  const client = new Client(clientOptions(config));

  const inflight = new Set<Promise<void>>();
  let stopping = false;
  const track = (work: Promise<void>) => {
    inflight.add(work);
    void work.finally(() => inflight.delete(work));
  };

  const limiter = new SlidingWindowLimiter(freeText.userLimit, freeText.userWindowMs);
  const volunteered = new Spacing(freeText.listenRepeatMs);

  client.on(Events.Error, (error) => log.error(`[discord] client error: ${error.message}`));
  client.on(Events.InteractionCreate, (interaction) => {
    if (!stopping) track(handleInteraction(interaction, commands, context, log));
  });
  client.on(Events.MessageCreate, (message) => {
    if (stopping) return;
    track(
      handleMessage(message, {
        config,
        engine,
        limiter,
        volunteered,
        threshold: freeText.listenConfidence,
      }).catch((error: unknown) => log.error("[discord] free-text answer failed:", error)),
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
    throw error;
  }
  ready = true;
  if (!config.messageContent && config.listenChannelIds.length > 0) {
    log.warn("[discord] MESSAGE_CONTENT=false: listen channels only see questions that mention the bot.");
  }
  const readyClient = client as Client<true>;
  log.log(
    `[discord] logged in as ${readyClient.user.tag}; ${commands.size} commands; ${engine.base.facts.length} facts`,
  );

  return {
    client: readyClient,
    async stop() {
      stopping = true;
      await Promise.race([Promise.allSettled([...inflight]), delay(STOP_GRACE_MS)]);
      await client.destroy();
    },
  };
}

async function handleInteraction(
  interaction: Interaction,
  commands: Map<string, ResolvedCommand>,
  context: CommandContext,
  log: Pick<Console, "error">,
): Promise<void> {
  try {
    if (interaction.isChatInputCommand()) await answerCommand(interaction, commands, context);
    else if (interaction.isAutocomplete()) await answerAutocomplete(interaction, commands, context);
    else if (interaction.isButton()) await answerButton(interaction, context);
  } catch (error) {
    const what = interaction.isCommand()
      ? `/${interaction.commandName}`
      : interaction.isButton()
        ? interaction.customId
        : "interaction";
    log.error(`[discord] ${what} failed:`, error);
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
  const result = handleButton(interaction.customId, context.engine);
  const reply = finaliseReply(result.reply);
  if (result.kind === "update") await interaction.update(toInteractionUpdate(reply));
  else await interaction.reply(toInteractionReply(reply));
}

interface FreeTextDeps {
  config: Config;
  engine: Engine;
  limiter: SlidingWindowLimiter;
  volunteered: Spacing;
  threshold: number;
}

function triggerOfMessage(message: Message, botId: string, config: Config): Trigger | undefined {
  const channel = message.channel;
  const parentId = channel.isThread() ? channel.parentId : null;
  return triggerOf({
    isDM: !message.inGuild(),
    mentionsBot: mentionsUser(message.content, botId),
    repliesToBot: message.reference !== null && message.mentions.repliedUser?.id === botId,
    inListenChannel:
      config.listenChannelIds.includes(message.channelId) ||
      (parentId !== null && config.listenChannelIds.includes(parentId)),
  });
}

/** A free-text question: answered when asked (mention, reply, DM), or volunteered when sure (listen channels). */
async function handleMessage(message: Message, deps: FreeTextDeps): Promise<void> {
  const botId = message.client.user.id;
  if (message.author.bot || message.author.id === botId || message.webhookId || message.system) return;
  const trigger = triggerOfMessage(message, botId, deps.config);
  if (!trigger) return;

  const answer = deps.engine.ask(questionOf(message.content, botId));
  const now = Date.now();
  // Overheard: only confident answers, and not the same fact again soon in the same channel.
  const spacingKey =
    trigger === "listen" && answer.fact ? `${message.channelId}:${answer.fact.id}` : undefined;
  if (trigger === "listen" && (!spacingKey || !worthVolunteering(answer, deps.threshold))) return;
  if (spacingKey && !deps.volunteered.isDue(spacingKey, now)) return;

  const allowed = deps.limiter.take(message.author.id, now);
  if (!allowed.allowed) {
    // Asked directly: one quiet ⏳ per burst; overheard: nothing at all.
    if (trigger === "prompted" && allowed.firstRefusal) await message.react("⏳").catch(() => {});
    return;
  }
  if (spacingKey) deps.volunteered.tryMark(spacingKey, now);
  const reply = finaliseReply(answerReply(answer, deps.engine.base));
  await message.reply(toMessageReply(reply));
}
