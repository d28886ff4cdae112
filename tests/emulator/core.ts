/**
 * Shared state of one emulator instance: the world, the gateway, interactions, recorded requests and
 * fault rules, plus message operations used by both REST handlers and the test-driving API.
 */
import type {
  APIAttachment,
  APIEmbed,
  APIInteraction,
  APIMessage,
  APIMessageTopLevelComponent,
  APIUser,
} from "discord.js";
import { Gateway, Intent, type Session } from "./gateway.js";
import type { InteractionsEndpoint } from "./http-endpoint.js";
import type {
  EndpointDelivery,
  FailRule,
  GlobalWindow,
  InteractionCallbackRecord,
  Json,
  JsonObject,
  MessageRecord,
  MessageSource,
  RecordedFile,
  RecordedRequest,
} from "./types.js";
import { isObject } from "./validate.js";
import { ChangeHub } from "./waiters.js";
import type { MessageParts, World } from "./world.js";

export const MessageFlag = {
  SuppressEmbeds: 1 << 2,
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  SuppressNotifications: 1 << 12,
  IsComponentsV2: 1 << 15,
} as const;

const SETTABLE_FLAGS =
  MessageFlag.SuppressEmbeds |
  MessageFlag.SuppressNotifications |
  MessageFlag.IsComponentsV2 |
  MessageFlag.Ephemeral;

export interface InteractionState {
  id: string;
  token: string;
  /** InteractionType: 2 command, 3 component, 4 autocomplete. */
  type: number;
  /** Command name or component custom_id (for messages). */
  name: string;
  payload: APIInteraction;
  createdAt: number;
  channelId: string;
  guildId: string | null;
  user: APIUser;
  callbacks: InteractionCallbackRecord[];
  /** Message id behind `@original` (the response, or the component's message for type 3). */
  originalId: string | null;
  /** Edits of `@original` made after the first callback (webhook PATCH / first follow-up after defer). */
  editsSinceAck: number;
  followUpIds: string[];
}

export interface ActiveFault {
  rule: FailRule;
  remaining: number;
  hits: number;
  matcher: (route: string) => boolean;
}

export interface CoreConfig {
  token: string;
  interactionAckTimeoutMs: number;
  strictCommands: boolean;
  echoBotMessages: boolean;
  checkRestToken: boolean;
  /** Requests per second for the bot; 0 = unlimited. */
  globalRateLimit: number;
  defaultTimeoutMs: number;
  log: (line: string) => void;
}

export class Core {
  readonly hub = new ChangeHub();
  readonly requests: RecordedRequest[] = [];
  readonly interactions = new Map<string, InteractionState>();
  readonly interactionsByToken = new Map<string, InteractionState>();
  readonly faults: ActiveFault[] = [];
  /** The global rate limit's windows, oldest first (see EmulatorOptions.globalRateLimit). */
  readonly globalWindows: GlobalWindow[] = [];
  readonly gateway: Gateway;
  /** When set, interactions are POSTed here (HTTP mode) instead of dispatched on the gateway. */
  interactionsEndpoint: InteractionsEndpoint | null = null;
  readonly endpointDeliveries: EndpointDelivery[] = [];
  /** Told of every message created or edited (see `DiscordEmulator.onMessage`). */
  readonly messageListeners = new Set<(record: MessageRecord, event: "create" | "edit") => void>();
  port = 0;
  host = "127.0.0.1";

  constructor(
    readonly world: World,
    readonly config: CoreConfig,
    gatewayOptions: {
      heartbeatIntervalMs: number;
      privileged: { messageContent: boolean; guildMembers: boolean; presences: boolean };
      recommendedShards?: number;
      identifyWindowMs?: number;
      maxConcurrency?: number;
    },
  ) {
    this.gateway = new Gateway({
      world,
      hub: this.hub,
      log: config.log,
      token: config.token,
      heartbeatIntervalMs: gatewayOptions.heartbeatIntervalMs,
      privileged: gatewayOptions.privileged,
      gatewayUrl: () => this.gatewayUrl,
      recommendedShards: gatewayOptions.recommendedShards ?? 1,
      identifyWindowMs: gatewayOptions.identifyWindowMs ?? 0,
      maxConcurrency: gatewayOptions.maxConcurrency ?? 1,
    });
  }

  get gatewayUrl(): string {
    return `ws://${this.host}:${this.port}`;
  }

  get apiUrl(): string {
    return `http://${this.host}:${this.port}/api`;
  }

  // --- message bodies ----------------------------------------------------------------------------------

  /** Message parts from a create body (files become attachments). */
  partsFromBody(body: JsonObject, files: RecordedFile[], opts: { allowEphemeral: boolean }): MessageParts {
    const flagsIn = typeof body.flags === "number" ? body.flags : 0;
    const attachments = files.map((f) => this.attachment(f));
    return {
      content: typeof body.content === "string" ? body.content : "",
      embeds: resolveAttachmentImages(normalizeEmbeds(body.embeds), attachments),
      components: Array.isArray(body.components)
        ? (body.components as unknown as APIMessageTopLevelComponent[])
        : [],
      attachments,
      flags: flagsIn & SETTABLE_FLAGS & (opts.allowEphemeral ? ~0 : ~MessageFlag.Ephemeral),
      tts: body.tts === true,
    };
  }

  /** The bytes uploaded as each attachment, by attachment id (see `DiscordEmulator.attachmentData`). */
  readonly attachmentBytes = new Map<string, Buffer>();

  private attachment(file: RecordedFile): APIAttachment {
    const id = this.world.ids.next();
    this.attachmentBytes.set(id, file.data);
    const url = `https://cdn.discordapp.com/attachments/0/${id}/${encodeURIComponent(file.filename)}`;
    return {
      id,
      filename: file.filename,
      size: file.size,
      url,
      proxy_url: url.replace("cdn.discordapp.com", "media.discordapp.net"),
      ...(file.contentType ? { content_type: file.contentType } : {}),
    };
  }

  // --- message operations ------------------------------------------------------------------------------

  /**
   * Create and store a message, and dispatch MESSAGE_CREATE (user messages always; bot messages when
   * `echoBotMessages`; never for ephemeral ones).
   */
  createMessage(args: {
    channelId: string;
    author: APIUser;
    parts: MessageParts;
    type: number;
    source: MessageSource;
    body?: JsonObject | null;
    referenced?: APIMessage | null;
    mentionOverride?: { users: APIUser[]; roles: string[]; everyone: boolean };
    interaction?: InteractionState | null;
    extra?: Partial<APIMessage>;
  }): MessageRecord {
    const { world } = this;
    const info = world.channel(args.channelId);
    const guild = info?.kind === "guild" ? info.guild : null;
    const allowed = isObject(args.body?.allowed_mentions)
      ? (args.body.allowed_mentions as unknown as Parameters<World["mentions"]>[1])
      : null;
    const mentions =
      args.mentionOverride ?? world.mentions(args.parts.content, allowed, args.referenced ?? null, guild);
    const interaction = args.interaction;
    const extra: Partial<APIMessage> = { ...args.extra };
    if (interaction) {
      extra.webhook_id = world.applicationId;
      extra.application_id = world.applicationId;
      extra.interaction_metadata = {
        id: interaction.id,
        type: interaction.type,
        user: interaction.user,
        authorizing_integration_owners: interaction.payload.authorizing_integration_owners,
        ...(interaction.type === 3 && interaction.originalId
          ? { interacted_message_id: interaction.originalId }
          : {}),
      } as APIMessage["interaction_metadata"];
      if (interaction.type === 2) {
        extra.interaction = { id: interaction.id, type: 2, name: interaction.name, user: interaction.user };
      }
    }
    const message = world.buildMessage({
      channelId: args.channelId,
      author: args.author,
      parts: args.parts,
      type: args.type,
      mentions,
      referenced: args.referenced ?? null,
      extra,
    });
    const ephemeral = (args.parts.flags & MessageFlag.Ephemeral) !== 0;
    const record = world.store(message, {
      source: args.source,
      body: args.body ?? null,
      interactionId: interaction?.id ?? null,
      ephemeral,
    });
    const fromBot = args.author.id === world.botUser.id;
    if (!ephemeral && (!fromBot || this.config.echoBotMessages))
      this.dispatchMessage("MESSAGE_CREATE", record);
    for (const listener of this.messageListeners) listener(record, "create");
    this.hub.notify();
    return record;
  }

  /** Apply an edit body (PATCH semantics: only present fields change) and dispatch MESSAGE_UPDATE. */
  editMessage(record: MessageRecord, body: JsonObject, files: RecordedFile[]): MessageRecord {
    const message: APIMessage = { ...record.message };
    if ("content" in body) message.content = typeof body.content === "string" ? body.content : "";
    if ("embeds" in body) message.embeds = normalizeEmbeds(body.embeds);
    if ("components" in body) {
      message.components = Array.isArray(body.components)
        ? (body.components as unknown as APIMessageTopLevelComponent[])
        : [];
    }
    if ("flags" in body && typeof body.flags === "number") {
      const keep = (message.flags ?? 0) & MessageFlag.Ephemeral;
      message.flags = ((body.flags & SETTABLE_FLAGS & ~MessageFlag.Ephemeral) | keep) as APIMessage["flags"];
    }
    if ((message.flags ?? 0) & MessageFlag.Loading) {
      message.flags = ((message.flags ?? 0) & ~MessageFlag.Loading) as APIMessage["flags"];
    }
    if ("attachments" in body || files.length > 0) {
      const keepIds = Array.isArray(body.attachments)
        ? body.attachments.flatMap((a) => (isObject(a) && typeof a.id === "string" ? [a.id] : []))
        : message.attachments.map((a) => a.id);
      message.attachments = [
        ...message.attachments.filter((a) => keepIds.includes(a.id)),
        ...files.map((f) => this.attachment(f)),
      ];
    }
    message.embeds = resolveAttachmentImages(message.embeds, message.attachments);
    const info = this.world.channel(record.channelId);
    const allowed = isObject(body.allowed_mentions)
      ? (body.allowed_mentions as unknown as Parameters<World["mentions"]>[1])
      : record.allowedMentions;
    if ("content" in body || "allowed_mentions" in body) {
      const mentions = this.world.mentions(
        message.content,
        allowed,
        message.referenced_message ?? null,
        info?.kind === "guild" ? info.guild : null,
      );
      message.mentions = mentions.users;
      message.mention_roles = mentions.roles;
      message.mention_everyone = mentions.everyone;
    }
    message.edited_timestamp = new Date().toISOString();
    record.message = message;
    record.edits += 1;
    record.body = { ...(record.body ?? {}), ...body };
    if (isObject(body.allowed_mentions)) record.allowedMentions = allowed;
    const fromBot = message.author.id === this.world.botUser.id;
    if (!record.ephemeral && (!fromBot || this.config.echoBotMessages))
      this.dispatchMessage("MESSAGE_UPDATE", record);
    for (const listener of this.messageListeners) listener(record, "edit");
    this.hub.notify();
    return record;
  }

  deleteMessage(record: MessageRecord): void {
    record.deleted = true;
    if (!record.ephemeral) {
      const d = {
        id: record.message.id,
        channel_id: record.channelId,
        ...(record.guildId ? { guild_id: record.guildId } : {}),
      };
      this.gateway.dispatchEach("MESSAGE_DELETE", (s: Session) =>
        this.canSeeMessages(s, record) ? d : undefined,
      );
    }
    this.hub.notify();
  }

  canSeeMessages(session: Session, record: MessageRecord): boolean {
    return (session.intents & (record.guildId ? Intent.GuildMessages : Intent.DirectMessages)) !== 0;
  }

  dispatchMessage(t: "MESSAGE_CREATE" | "MESSAGE_UPDATE", record: MessageRecord): void {
    this.gateway.dispatchEach(t, (s: Session) =>
      this.canSeeMessages(s, record)
        ? this.world.gatewayMessage(record, (s.intents & Intent.MessageContent) !== 0)
        : undefined,
    );
  }

  /** Visible (not deleted) messages of a channel, oldest first. */
  channelMessages(channelId: string): MessageRecord[] {
    return (this.world.channelLog.get(channelId) ?? []).filter((r) => !r.deleted);
  }

  /** Every message the bot authored, oldest first. */
  botMessages(): MessageRecord[] {
    return [...this.world.messages.values()].filter((r) => r.message.author.id === this.world.botUser.id);
  }

  // --- diagnostics -------------------------------------------------------------------------------------

  recentRequests(count = 8): string {
    const lines = this.requests
      .slice(-count)
      .map((r) => `    ${r.method} ${r.route} → ${r.status || "pending"}${r.injected ? " (injected)" : ""}`);
    return lines.length ? `\n  last REST requests:\n${lines.join("\n")}` : "\n  (no REST requests received)";
  }
}

function normalizeEmbeds(value: Json | undefined): APIEmbed[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((e) => ({ type: "rich", ...(e as unknown as APIEmbed) }) as APIEmbed);
}

/**
 * Embed images given as `attachment://name` point at the message's attachment of that name, as Discord shows
 * them (its URL); a name no attachment has stays as it was sent.
 */
function resolveAttachmentImages(embeds: APIEmbed[], attachments: APIAttachment[]): APIEmbed[] {
  const urlOf = (url: string) => {
    const name = url.startsWith("attachment://") ? url.slice("attachment://".length) : undefined;
    return attachments.find((a) => a.filename === name);
  };
  return embeds.map((embed) => {
    const attachment = embed.image && urlOf(embed.image.url);
    return attachment ? { ...embed, image: { url: attachment.url, proxy_url: attachment.proxy_url } } : embed;
  });
}
