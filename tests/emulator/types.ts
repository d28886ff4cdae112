import type {
  APIAllowedMentions,
  APIApplicationCommandInteractionDataOption,
  APIEmbed,
  APIInteraction,
  APIInteractionResponse,
  APIMessage,
  APIMessageTopLevelComponent,
  APIUser,
  GatewayPresenceUpdateData,
} from "discord.js";

/** Any JSON value, as parsed from a request body. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

// ---------------------------------------------------------------------------------------------------------
// Options

export interface UserSeed {
  id?: string;
  username: string;
  globalName?: string | null;
  bot?: boolean;
}

export interface RoleSeed {
  id?: string;
  name: string;
  /** Permission bitfield (decimal string or bigint). */
  permissions?: string | bigint;
  color?: number;
  hoist?: boolean;
  mentionable?: boolean;
}

export interface ChannelSeed {
  id?: string;
  name: string;
  /** A `ChannelType`; default 0 (GuildText). 4 = category, 5 = announcement, 2 = voice, 15 = forum. */
  type?: number;
  parentId?: string | null;
  topic?: string | null;
  nsfw?: boolean;
  position?: number;
}

export interface MemberSeed {
  /** Id of a user from `options.users` (or the default/owner user), or an inline user. */
  user: string | UserSeed;
  /** Role ids (from this guild's `roles`). */
  roles?: string[];
  nick?: string | null;
}

export interface GuildSeed {
  id?: string;
  name?: string;
  /** Defaults to the emulator's owner user. */
  ownerId?: string;
  /** Default: one text channel "general". */
  channels?: ChannelSeed[];
  /** Extra roles; @everyone (id = guild id) and the bot's managed role are always created. */
  roles?: RoleSeed[];
  /** Extra members; the bot, the owner and the default user are always members. */
  members?: MemberSeed[];
  preferredLocale?: string;
  /** Permissions of @everyone (default: a typical "new server" set). */
  everyonePermissions?: string | bigint;
  /** Permissions of the bot's managed role (default: a typical invite set incl. SendMessages/EmbedLinks). */
  botPermissions?: string | bigint;
}

export interface EmulatorOptions {
  /** The bot token the emulator accepts (REST `Authorization: Bot <token>` and gateway IDENTIFY). */
  token?: string;
  /** Application id; also the bot user's id unless `botUser.id` is given. */
  applicationId?: string;
  botUser?: Partial<Pick<APIUser, "id" | "username" | "global_name" | "avatar">>;
  /** Extra users (members of every guild unless listed in a guild's `members`). */
  users?: UserSeed[];
  /** Default: one guild "Test Guild" with a "general" text channel. */
  guilds?: GuildSeed[];
  host?: string;
  /** 0 (default) = an ephemeral port. */
  port?: number;
  /** If false, IDENTIFY with the MessageContent intent (1<<15) is closed with 4014. Default true. */
  messageContentAllowed?: boolean;
  /** If false, IDENTIFY with GuildMembers (1<<1) is closed with 4014. Default true. */
  guildMembersAllowed?: boolean;
  /** If false, IDENTIFY with GuildPresences (1<<8) is closed with 4014. Default true. */
  presencesAllowed?: boolean;
  /** HELLO heartbeat_interval. Default 41250 (like Discord). */
  heartbeatIntervalMs?: number;
  /**
   * Discord invalidates an interaction token if the first callback is not made within 3 s: later
   * callbacks get 404 `Unknown interaction` (10062). Default 3000; 0 disables the check.
   */
  interactionAckTimeoutMs?: number;
  /** If true, `sendCommand` throws for a command the bot has not registered. Default false. */
  strictCommands?: boolean;
  /**
   * Dispatch MESSAGE_CREATE/UPDATE/DELETE for the bot's own messages, like Discord does. Default true.
   */
  echoBotMessages?: boolean;
  /** If false, REST calls are not checked against `token` (lets a test reach the gateway's 4004). */
  checkRestToken?: boolean;
  /** Where unknown routes / protocol problems are logged. Default `console.warn`; `false` = silent. */
  log?: false | ((line: string) => void);
  /** Default timeout of every `wait*`/`response`/`final` helper. Default 5000. */
  defaultTimeoutMs?: number;
  /**
   * `shards` that GET /gateway/bot recommends (default 1). Whatever a client identifies with, each session
   * gets READY/GUILD_CREATE and events only for the guilds its `shard: [id, count]` owns
   * (`(guild_id >> 22) % count`), and DM events only on shard 0 — as Discord routes them.
   */
  shards?: number;
  /**
   * Discord's global limit: at most this many requests per second for the bot (default 50; `false` turns
   * it off). Windows are fixed: one starts with the first request after the previous one ended. Requests
   * beyond it get 429 with `x-ratelimit-global` and `retry-after`; interaction callbacks and interaction
   * webhooks are exempt, as on Discord.
   */
  globalRateLimit?: number | false;
  /**
   * Pace logins like Discord: `max_concurrency` IDENTIFYs (by bucket `shard_id % max_concurrency`) per this
   * many ms; one too soon gets op 9 (invalid session) and is listed in `identifiesTooSoon`. Default 0: off.
   */
  identifyWindowMs?: number;
  /** `session_start_limit.max_concurrency` of GET /gateway/bot (default 1). */
  maxConcurrency?: number;
}

/** One global rate-limit window of the emulator: when it began, requests let through, requests refused. */
export interface GlobalWindow {
  start: number;
  count: number;
  refused: number;
}

/** One interaction POSTed to an interactions endpoint (HTTP mode), and what it answered. */
export interface EndpointDelivery {
  interactionId: string | null;
  /** InteractionType: 1 ping, 2 command, 3 component, 4 autocomplete. */
  type: number;
  /** HTTP status (0 while pending, -1 when unreachable). */
  status: number;
  /** The parsed JSON response (or its text). */
  body: unknown;
  at: number;
  /** How long the endpoint took to answer. */
  ms: number;
}

/** A gateway session as tests may inspect it (e.g. which shard got which event). */
export interface GatewaySessionInfo {
  id: string;
  /** `[shard_id, num_shards]` (`[0, 1]` when the client sent none). */
  shard: [number, number];
  connected: boolean;
  ready: boolean;
  /** Guilds in its READY: the ones its shard owns. */
  guildIds: string[];
  presence: GatewayPresenceUpdateData | null;
  identify: IdentifyRecord;
  /** Dispatches sent to it (the last 2000), oldest first. */
  events: readonly { t: string; s: number; d: unknown }[];
}

// ---------------------------------------------------------------------------------------------------------
// Records

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
  /** The uploaded bytes, for tests to read (e.g. decode a PNG). */
  data: Buffer;
}

export interface RecordedRequest {
  seq: number;
  at: number;
  method: string;
  /** Full path without query, e.g. `/api/v10/channels/1/messages`. */
  path: string;
  /** Path after `/api/v10`, e.g. `/channels/1/messages` (what `failNext` patterns match). */
  route: string;
  /** The matched route template, e.g. `/channels/:channelId/messages`, or null if unhandled. */
  template: string | null;
  query: Record<string, string>;
  /** Lower-cased request headers, without `authorization`. */
  headers: Record<string, string>;
  /** Whether an Authorization header was sent. */
  authenticated: boolean;
  /** Parsed JSON body (for multipart: the parsed `payload_json`), or null. */
  body: Json;
  files: RecordedFile[];
  /** Response status (0 while in flight). */
  status: number;
  /** Set when the response came from `failNext`. */
  injected: boolean;
  /** Set when the emulator refused it with a global 429 (over `globalRateLimit`). */
  globalLimited?: boolean;
}

export type MessageSource = "user" | "channel" | "interaction" | "followup" | "external";

/** A message in the emulator's store: the API object Discord would return plus how it was made. */
export interface MessageRecord {
  message: APIMessage;
  channelId: string;
  guildId: string | null;
  source: MessageSource;
  /** The request body that created it (bot messages), e.g. to check `allowed_mentions`. */
  body: JsonObject | null;
  /** `body.allowed_mentions`, if any, as sent by the bot. */
  allowedMentions: APIAllowedMentions | null;
  /** Interaction that produced it (interaction responses / follow-ups / component messages). */
  interactionId: string | null;
  /** Number of edits applied (PATCH / update callback). */
  edits: number;
  deleted: boolean;
  ephemeral: boolean;
  createdAt: number;
}

export interface IdentifyRecord {
  at: number;
  token: string;
  intents: number;
  properties: unknown;
  shard: [number, number] | null;
  presence: GatewayPresenceUpdateData | null;
  compress: boolean;
  largeThreshold: number | null;
  /** Session created for it (null when rejected). */
  sessionId: string | null;
  /** Close code when rejected (4004, 4013, 4014, ...). */
  rejectedWith: number | null;
}

export interface ResumeRecord {
  at: number;
  sessionId: string;
  seq: number;
  /** Number of events replayed, or null when the resume was refused with op 9. */
  replayed: number | null;
}

export interface GatewayReceived {
  at: number;
  op: number;
  d: unknown;
}

export interface InteractionCallbackRecord {
  at: number;
  /** InteractionResponseType: 1 pong, 4 message, 5 deferred, 6 deferred update, 7 update, 8 autocomplete, 9 modal. */
  type: number;
  /** The callback body exactly as the bot sent it. */
  body: APIInteractionResponse;
  withResponse: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Inputs

export type OptionValue = string | number | boolean;

/** Either Discord's raw option list, or a name → value map (types come from the registered command). */
export type CommandOptionsInput = APIApplicationCommandInteractionDataOption[] | Record<string, OptionValue>;

/** A user: the APIUser, or its id (known to the emulator). */
export type UserRef = APIUser | string;

/** A message: the record, the APIMessage, or its id (known to the emulator). */
export type MessageRef = MessageRecord | APIMessage | string;

export interface InteractionContextInput {
  /** Guild of the interaction; inferred from `channelId`; default the first guild. */
  guildId?: string;
  /** Default: the guild's first text channel, or the user's DM channel when `dm` is true. */
  channelId?: string;
  /** Send from the user's DM with the bot instead of a guild. */
  dm?: boolean;
  /** Default `emu.defaultUser`. */
  user?: UserRef;
  /** Default "en-US". */
  locale?: string;
  /** Override the member's computed permissions (decimal string). */
  memberPermissions?: string;
  /** Override the bot's computed `app_permissions` (decimal string). */
  appPermissions?: string;
  /**
   * Deliver on the gateway to the session of this shard instead of the guild's own (as when another
   * process receives it: an HTTP endpoint, or a server moved by resharding).
   */
  viaShard?: number;
}

export interface CommandInput extends InteractionContextInput {
  name: string;
  options?: CommandOptionsInput;
  subcommand?: string;
  subcommandGroup?: string;
  /** ApplicationCommandType, default 1 (chat input). */
  commandType?: number;
}

export interface AutocompleteInput extends CommandInput {
  /** Name of the focused option (its value in `options` is what the user has typed so far). */
  focused: string;
}

export interface ComponentInput extends InteractionContextInput {
  /** The message the component is on. */
  message: MessageRef;
  customId: string;
  /** ComponentType; default: looked up on the message (2 = button). */
  componentType?: number;
  /** Select menu values. */
  values?: string[];
  /** Skip the check that the message actually has a component with this custom_id. */
  force?: boolean;
}

export interface UserMessageInput {
  /** Inferred from `channelId`; default the first guild. */
  guildId?: string;
  /** Default: the guild's first text channel, or the author's DM channel when `dm` is true. */
  channelId?: string;
  dm?: boolean;
  /** Default `emu.defaultUser`. */
  author?: UserRef;
  content: string;
  /** Users mentioned (in addition to `<@id>` found in content). */
  mentions?: UserRef[];
  /** Role ids mentioned (in addition to `<@&id>` found in content). */
  mentionRoles?: string[];
  /** Default: true when content contains @everyone / @here. */
  mentionEveryone?: boolean;
  /** Makes it a reply (type 19) to this message. */
  referencedMessage?: MessageRef;
  /** Mark the author as a bot (creates/uses a bot user when `author` is not given). */
  bot?: boolean;
  embeds?: APIEmbed[];
  components?: APIMessageTopLevelComponent[];
}

export interface FailRule {
  /** HTTP method (case-insensitive); any when omitted. */
  method?: string;
  /**
   * Matched against the route after `/api/v10` (no query). A RegExp is tested; a string is a template
   * where `:name` matches one path segment and `*` anything, and must match the whole route —
   * e.g. `/interactions/:id/:token/callback`, `/channels/:id/messages`, `/webhooks/*`.
   */
  path: string | RegExp;
  /** Status to answer with (e.g. 429, 500, 502, 403). Omit to only delay the request. */
  status?: number;
  /** For 429: seconds, sent as `retry-after` header and `retry_after` body. Default 0.1. */
  retryAfter?: number;
  /** For 429: a global rate limit (`x-ratelimit-global: true`). */
  global?: boolean;
  /** Custom JSON error body. */
  body?: Json;
  /** How many matching requests to affect. Default 1. */
  times?: number;
  /** Delay before answering (or before handling normally when `status` is omitted). */
  delayMs?: number;
}

export interface FaultHandle {
  /** How many requests this rule has affected so far. */
  readonly hits: number;
  /** Requests still to be affected. */
  readonly remaining: number;
  cancel(): void;
}

// ---------------------------------------------------------------------------------------------------------
// Handles

export interface InteractionHandle {
  readonly id: string;
  readonly token: string;
  /** The INTERACTION_CREATE payload that was dispatched. */
  readonly payload: APIInteraction;
  /** All callbacks received so far (the first is the one that counts). */
  readonly callbacks: readonly InteractionCallbackRecord[];
  /** Resolves with the bot's first interaction callback (`{ type, data }`). */
  response(timeoutMs?: number): Promise<InteractionCallbackRecord>;
  /**
   * Resolves with the visible message once the interaction is "done": the type-4 reply, the type-7
   * updated message, or — after a type 5/6 deferral — the `@original` message once it was edited
   * (or replaced by the first follow-up).
   */
  final(timeoutMs?: number): Promise<MessageRecord>;
  /** The current `@original` message, if any. */
  original(): MessageRecord | undefined;
  /** Follow-up messages so far. */
  followUps(): MessageRecord[];
  /** Resolves with the n-th (0-based, default next unseen → 0) follow-up message. */
  waitForFollowUp(index?: number, timeoutMs?: number): Promise<MessageRecord>;
}

export interface AutocompleteHandle extends InteractionHandle {
  /** Resolves with the type-8 callback's choices. */
  choices(timeoutMs?: number): Promise<{ name: string; value: string | number }[]>;
}
