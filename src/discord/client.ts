import { once } from "node:events";
import { setTimeout as delay } from "node:timers/promises";
import {
  ActivityType,
  Client,
  type ClientOptions,
  DefaultUserAgentAppendix,
  Events,
  GatewayIntentBits,
  Options,
  Partials,
} from "discord.js";
import { type Config, restApiUrl } from "../app/config.js";
import { appVersion, type Logger, silentLogger } from "../app/log.js";
import { type EngineRef, engineRefOf, type Reloader } from "../app/reload.js";
import { ConversationMemory } from "../conversation/memory.js";
import type { Engine } from "../engine/types.js";
import { type ChartOptions, warmCharts } from "../framework/charts.js";
import { createPipeline } from "../framework/dispatch.js";
import { loadCommands } from "../framework/load-commands.js";
import { loadModules } from "../framework/load-modules.js";
import { CachedGuildStore } from "../store/cache.js";
import { openStore } from "../store/open.js";
import { BUILT_IN_DEFAULTS, type SettingsDefaults } from "../store/settings.js";
import type { GuildStore } from "../store/types.js";
import { GatewayCloseError } from "./errors.js";
import { FREE_TEXT, type FreeTextSettings, Spacing, TurnLimiter } from "./free-text.js";
import type { Gateway, GatewayEvent } from "./gateway.js";
import { shardUserAgentTag } from "./sharding.js";

/** How long stop() waits for replies in flight before destroying the client. */
const STOP_GRACE_MS = 4_000;

/** One module per gateway event: `src/discord/events/`, next to this file under src/ and dist/ alike. */
const EVENTS_DIR = new URL("./events/", import.meta.url);

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
  /** Members' recent turns, for follow-ups. Default: a new ConversationMemory (MAX_CONVERSATIONS). */
  conversations?: ConversationMemory;
  /** How charts are drawn and how long an answer waits for one (tests); default: chart.js, 1.5 s. */
  charts?: ChartOptions;
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

function isEvent(value: unknown): value is GatewayEvent {
  const e = value as Partial<GatewayEvent> | null;
  return typeof e === "object" && e !== null && typeof e.name === "string" && typeof e.execute === "function";
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
  const events = await loadModules(EVENTS_DIR, isEvent, "a gateway event");
  // Settings are read per message: cached per server, written through (throws StoreOpenError, one line).
  const store = new CachedGuildStore(options.store ?? (await openStore(config)));
  const settingsDefaults: SettingsDefaults = {
    ...BUILT_IN_DEFAULTS,
    listenChannelIds: config.listenChannelIds,
    confidence: freeText.listenConfidence,
    userLimit: freeText.userLimit,
    userWindowSeconds: freeText.userWindowMs / 1000,
    ...(config.followUpSeconds !== undefined && { followUpSeconds: config.followUpSeconds }),
  };
  const client = new Client(clientOptions(config));
  const services = {
    commands,
    engines,
    store,
    settingsDefaults,
    settingsDefaultsFor: (guildId: string | null) => defaultsForGuild(settingsDefaults, guildId, client),
    // Per process: a shard serves its servers' conversations (each server is always on the same shard).
    conversations: options.conversations ?? new ConversationMemory(),
    ...(options.reload && { reload: options.reload }),
  };
  const inflight = new Set<Promise<void>>();
  const gateway: Gateway = {
    config,
    log,
    services,
    pipeline: createPipeline(services, {
      log,
      client: "discord",
      ...(options.charts && { charts: options.charts }),
    }),
    freeText,
    limiter: new TurnLimiter(freeText.userLimit, freeText.userWindowMs),
    volunteered: new Spacing(freeText.listenRepeatMs),
    ready: false,
    stopping: false,
    track(work) {
      inflight.add(work);
      void work.finally(() => inflight.delete(work));
    },
  };
  for (const { module: event } of events) {
    client.on(event.name, (...args) =>
      (event.execute as (g: Gateway, ...a: unknown[]) => void)(gateway, ...args),
    );
  }

  const fatal = new Promise<never>((_, reject) => {
    client.on(Events.ShardDisconnect, (event) => {
      const error = new GatewayCloseError(event.code);
      if (gateway.ready) options.onFatal?.(error);
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
  gateway.ready = true;
  if (!config.messageContent && config.listenChannelIds.length > 0) {
    log.warn("MESSAGE_CONTENT=false: listen channels only see questions that mention the bot");
  }
  warmCharts(log);
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
      gateway.stopping = true;
      log.info({ inflight: inflight.size }, "stopping: finishing replies in flight");
      await Promise.race([Promise.allSettled([...inflight]), delay(STOP_GRACE_MS)]);
      await client.destroy();
      await store.close().catch((error: unknown) => log.error({ err: error }, "closing the store failed"));
      log.info("disconnected");
    },
  };
}
