/**
 * The emulator's in-memory Discord: users, guilds (roles, channels, members), DM channels, messages and
 * application commands, plus builders for real-shaped API objects.
 */
import type {
  APIAllowedMentions,
  APIApplicationCommand,
  APIAttachment,
  APIChannel,
  APIEmbed,
  APIGuildMember,
  APIMessage,
  APIMessageTopLevelComponent,
  APIRole,
  APIUser,
  ChannelFlags,
  GatewayGuildCreateDispatchData,
  GuildMemberFlags,
  GuildSystemChannelFlags,
  Locale,
  MessageFlags,
  RoleFlags,
} from "discord.js";
import { SnowflakeGenerator, snowflakeTimestamp } from "./snowflake.js";
import type {
  ChannelSeed,
  EmulatorOptions,
  GuildSeed,
  MessageRecord,
  MessageSource,
  UserSeed,
} from "./types.js";

// Permission bits (https://discord.com/developers/docs/topics/permissions)
export const Perm = {
  CreateInstantInvite: 1n << 0n,
  Administrator: 1n << 3n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  Connect: 1n << 20n,
  Speak: 1n << 21n,
  ChangeNickname: 1n << 26n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
} as const;
/** Every permission bit currently defined (and a few spare). */
export const ALL_PERMISSIONS = (1n << 53n) - 1n;

const DEFAULT_EVERYONE_PERMISSIONS =
  Perm.CreateInstantInvite |
  Perm.AddReactions |
  Perm.ViewChannel |
  Perm.SendMessages |
  Perm.EmbedLinks |
  Perm.AttachFiles |
  Perm.ReadMessageHistory |
  Perm.UseExternalEmojis |
  Perm.Connect |
  Perm.Speak |
  Perm.ChangeNickname |
  Perm.UseApplicationCommands |
  Perm.CreatePublicThreads |
  Perm.SendMessagesInThreads;

const DEFAULT_BOT_PERMISSIONS =
  Perm.ViewChannel |
  Perm.SendMessages |
  Perm.EmbedLinks |
  Perm.AttachFiles |
  Perm.ReadMessageHistory |
  Perm.AddReactions |
  Perm.UseExternalEmojis |
  Perm.UseApplicationCommands |
  Perm.SendMessagesInThreads;

export interface MemberState {
  userId: string;
  roles: string[];
  nick: string | null;
  joinedAt: string;
}

export interface GuildState {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: string;
  joinedAt: string;
  roles: APIRole[];
  channels: APIChannel[];
  members: Map<string, MemberState>;
  botRoleId: string;
}

export type ChannelInfo =
  | { kind: "guild"; guild: GuildState; channel: APIChannel }
  | { kind: "dm"; recipientId: string; channel: APIChannel };

export interface MessageParts {
  content: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
  attachments: APIAttachment[];
  flags: number;
  tts: boolean;
}

function perms(value: string | bigint | undefined, fallback: bigint): string {
  if (value === undefined) return fallback.toString();
  return BigInt(value).toString();
}

export class World {
  readonly ids = new SnowflakeGenerator();
  readonly users = new Map<string, APIUser>();
  readonly guilds = new Map<string, GuildState>();
  /** DM channel id → recipient user id. */
  readonly dmChannels = new Map<string, APIChannel & { recipientId: string }>();
  readonly messages = new Map<string, MessageRecord>();
  readonly channelLog = new Map<string, MessageRecord[]>();
  /** scope ("global" or a guild id) → command id → command. */
  readonly commands = new Map<string, Map<string, APIApplicationCommand>>();

  readonly botUser: APIUser;
  readonly ownerUser: APIUser;
  readonly defaultUser: APIUser;
  readonly applicationId: string;

  constructor(options: EmulatorOptions) {
    this.applicationId = options.applicationId ?? this.ids.next(Date.now() - 86_400_000);
    this.botUser = {
      id: options.botUser?.id ?? this.applicationId,
      username: options.botUser?.username ?? "Emulated Bot",
      discriminator: "0000",
      global_name: options.botUser?.global_name ?? null,
      avatar: options.botUser?.avatar ?? null,
      bot: true,
      public_flags: 0 as NonNullable<APIUser["public_flags"]>,
      flags: 0 as NonNullable<APIUser["flags"]>,
    };
    this.users.set(this.botUser.id, this.botUser);
    this.ownerUser = this.addUser({ username: "guild-owner", globalName: "Guild Owner" });
    this.defaultUser = this.addUser({ username: "tester", globalName: "Tester" });
    const extra = (options.users ?? []).map((seed) => this.addUser(seed));

    const seeds: GuildSeed[] = options.guilds ?? [{ name: "Test Guild" }];
    for (const seed of seeds) this.addGuild(seed, extra);
  }

  // --- users -------------------------------------------------------------------------------------------

  addUser(seed: UserSeed): APIUser {
    const user: APIUser = {
      id: seed.id ?? this.ids.next(),
      username: seed.username,
      discriminator: seed.bot ? "0000" : "0",
      global_name: seed.globalName === undefined ? (seed.bot ? null : seed.username) : seed.globalName,
      avatar: null,
      public_flags: 0 as NonNullable<APIUser["public_flags"]>,
      ...(seed.bot ? { bot: true } : {}),
    };
    this.users.set(user.id, user);
    return user;
  }

  /** Resolve a user reference; unknown APIUser objects are registered. */
  user(ref: APIUser | string): APIUser {
    if (typeof ref === "string") {
      const found = this.users.get(ref);
      if (!found) throw new Error(`[emulator] unknown user id ${ref}`);
      return found;
    }
    const known = this.users.get(ref.id);
    if (known) return known;
    this.users.set(ref.id, ref);
    return ref;
  }

  // --- guilds ------------------------------------------------------------------------------------------

  private addGuild(seed: GuildSeed, extraUsers: APIUser[]): GuildState {
    const id = seed.id ?? this.ids.next(Date.now() - 3_600_000);
    const now = new Date().toISOString();
    const everyone: APIRole = this.role({
      id,
      name: "@everyone",
      permissions: perms(seed.everyonePermissions, DEFAULT_EVERYONE_PERMISSIONS),
      position: 0,
    });
    const botRole: APIRole = {
      ...this.role({
        id: this.ids.next(),
        name: this.botUser.username,
        permissions: perms(seed.botPermissions, DEFAULT_BOT_PERMISSIONS),
        position: 1,
      }),
      managed: true,
      tags: { bot_id: this.botUser.id },
    };
    const roles = [everyone, botRole];
    for (const [index, r] of (seed.roles ?? []).entries()) {
      roles.push({
        ...this.role({
          id: r.id ?? this.ids.next(),
          name: r.name,
          permissions: perms(r.permissions, 0n),
          position: index + 2,
        }),
        color: r.color ?? 0,
        colors: { primary_color: r.color ?? 0, secondary_color: null, tertiary_color: null },
        hoist: r.hoist ?? false,
        mentionable: r.mentionable ?? false,
      });
    }
    const guild: GuildState = {
      id,
      name: seed.name ?? "Test Guild",
      ownerId: seed.ownerId ?? this.ownerUser.id,
      preferredLocale: seed.preferredLocale ?? "en-US",
      joinedAt: now,
      roles,
      channels: [],
      members: new Map(),
      botRoleId: botRole.id,
    };
    const channelSeeds: ChannelSeed[] = seed.channels ?? [{ name: "general" }];
    for (const [index, c] of channelSeeds.entries())
      guild.channels.push(this.guildChannel(guild.id, c, index));

    const join = (userId: string, roleIds: string[] = [], nick: string | null = null) => {
      guild.members.set(userId, { userId, roles: roleIds, nick, joinedAt: now });
    };
    if (!this.users.has(guild.ownerId)) {
      throw new Error(
        `[emulator] guild ${guild.name}: ownerId ${guild.ownerId} is not a known user (add it to options.users)`,
      );
    }
    join(this.botUser.id, [botRole.id]);
    if (!guild.members.has(guild.ownerId)) join(guild.ownerId);
    join(this.defaultUser.id);
    for (const m of seed.members ?? []) {
      const user = typeof m.user === "string" ? this.user(m.user) : this.addUser(m.user);
      join(user.id, m.roles ?? [], m.nick ?? null);
    }
    if (!seed.members) for (const user of extraUsers) join(user.id);
    this.guilds.set(id, guild);
    return guild;
  }

  private role(r: { id: string; name: string; permissions: string; position: number }): APIRole {
    return {
      id: r.id,
      name: r.name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: r.position,
      permissions: r.permissions,
      managed: false,
      mentionable: false,
      flags: 0 as RoleFlags,
    };
  }

  private guildChannel(guildId: string, seed: ChannelSeed, index: number): APIChannel {
    const type = seed.type ?? 0;
    const base = {
      id: seed.id ?? this.ids.next(),
      type,
      guild_id: guildId,
      name: seed.name,
      position: seed.position ?? index,
      permission_overwrites: [],
      nsfw: seed.nsfw ?? false,
      parent_id: seed.parentId ?? null,
      flags: 0 as ChannelFlags,
    };
    if (type === 4) return base as unknown as APIChannel;
    if (type === 2 || type === 13) {
      return {
        ...base,
        bitrate: 64_000,
        user_limit: 0,
        rtc_region: null,
        last_message_id: null,
        rate_limit_per_user: 0,
      } as unknown as APIChannel;
    }
    return {
      ...base,
      topic: seed.topic ?? null,
      last_message_id: null,
      rate_limit_per_user: 0,
      default_auto_archive_duration: 4320,
    } as unknown as APIChannel;
  }

  guild(id?: string): GuildState {
    const guild = id === undefined ? this.guilds.values().next().value : this.guilds.get(id);
    if (!guild) throw new Error(`[emulator] unknown guild ${id ?? "(none configured)"}`);
    return guild;
  }

  /** The first text-like channel of a guild. */
  defaultChannel(guild: GuildState): APIChannel {
    const channel = guild.channels.find((c) => c.type === 0 || c.type === 5) ?? guild.channels[0];
    if (!channel) throw new Error(`[emulator] guild ${guild.id} has no channels`);
    return channel;
  }

  channel(id: string): ChannelInfo | undefined {
    for (const guild of this.guilds.values()) {
      const channel = guild.channels.find((c) => c.id === id);
      if (channel) return { kind: "guild", guild, channel };
    }
    const dm = this.dmChannels.get(id);
    if (dm) {
      const { recipientId, ...channel } = dm;
      return { kind: "dm", recipientId, channel: channel as APIChannel };
    }
    return undefined;
  }

  /** The DM channel between the bot and a user (created on first use, like POST /users/@me/channels). */
  dmChannel(userId: string): APIChannel {
    for (const dm of this.dmChannels.values()) {
      if (dm.recipientId === userId) {
        const { recipientId: _r, ...channel } = dm;
        return { ...channel, recipients: [this.user(userId)] } as APIChannel;
      }
    }
    const channel = {
      id: this.ids.next(),
      type: 1,
      last_message_id: null,
      flags: 0 as ChannelFlags,
      recipients: [this.user(userId)],
    };
    this.dmChannels.set(channel.id, { ...(channel as APIChannel), recipientId: userId });
    return channel as APIChannel;
  }

  // --- members & permissions ---------------------------------------------------------------------------

  /** Member state, auto-joining unknown users (anyone who talks in a guild is a member). */
  memberState(guild: GuildState, userId: string): MemberState {
    let member = guild.members.get(userId);
    if (!member) {
      member = { userId, roles: [], nick: null, joinedAt: new Date().toISOString() };
      guild.members.set(userId, member);
    }
    return member;
  }

  member(guild: GuildState, userId: string): APIGuildMember {
    const m = this.memberState(guild, userId);
    return {
      user: this.user(userId),
      nick: m.nick,
      avatar: null,
      banner: null,
      roles: [...m.roles],
      joined_at: m.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0 as GuildMemberFlags,
      pending: false,
      communication_disabled_until: null,
    };
  }

  permissions(guild: GuildState, userId: string): bigint {
    if (guild.ownerId === userId) return ALL_PERMISSIONS;
    const member = this.memberState(guild, userId);
    let bits = 0n;
    for (const role of guild.roles) {
      if (role.id === guild.id || member.roles.includes(role.id)) bits |= BigInt(role.permissions);
    }
    return bits & Perm.Administrator ? ALL_PERMISSIONS : bits;
  }

  guildCreate(guild: GuildState): GatewayGuildCreateDispatchData {
    const members = [...guild.members.keys()].map((id) => this.member(guild, id));
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: 0,
      default_message_notifications: 1,
      explicit_content_filter: 0,
      roles: guild.roles.map((r) => ({ ...r })),
      emojis: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: this.defaultChannel(guild).id,
      system_channel_flags: 0 as GuildSystemChannelFlags,
      rules_channel_id: null,
      max_presences: null,
      max_members: 500_000,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: guild.preferredLocale as Locale,
      public_updates_channel_id: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      nsfw_level: 0,
      stickers: [],
      premium_progress_bar_enabled: false,
      hub_type: null,
      safety_alerts_channel_id: null,
      incidents_data: null,
      // GUILD_CREATE extras
      joined_at: guild.joinedAt,
      large: false,
      unavailable: false,
      member_count: members.length,
      voice_states: [],
      members,
      channels: guild.channels.map((c) => ({ ...c })) as GatewayGuildCreateDispatchData["channels"],
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  // --- messages ----------------------------------------------------------------------------------------

  /**
   * Users/roles/everyone a message mentions, as Discord computes them: parsed from the content, then
   * restricted by `allowed_mentions` (absent = everything; replies ping the replied-to author unless
   * allowed_mentions is given without `replied_user: true`).
   */
  mentions(
    content: string,
    allowed: APIAllowedMentions | null,
    repliedTo: APIMessage | null,
    guild: GuildState | null,
  ): { users: APIUser[]; roles: string[]; everyone: boolean } {
    const userIds = [...content.matchAll(/<@!?(\d{15,22})>/g)].map((m) => m[1] as string);
    const roleIds = [...content.matchAll(/<@&(\d{15,22})>/g)].map((m) => m[1] as string);
    const everyone = /@(everyone|here)\b/.test(content);
    const parse = allowed?.parse;
    const userAllowed = (id: string) =>
      !allowed || parse?.includes("users" as never) || (allowed.users ?? []).includes(id);
    const roleAllowed = (id: string) =>
      !allowed || parse?.includes("roles" as never) || (allowed.roles ?? []).includes(id);
    const users = new Map<string, APIUser>();
    for (const id of userIds) {
      const user = this.users.get(id);
      if (user && userAllowed(id)) users.set(id, user);
    }
    if (repliedTo && (!allowed || allowed.replied_user === true)) {
      users.set(repliedTo.author.id, repliedTo.author);
    }
    const roles = roleIds.filter((id) => guild?.roles.some((r) => r.id === id) && roleAllowed(id));
    return {
      users: [...users.values()],
      roles: [...new Set(roles)],
      everyone: everyone && (!allowed || (parse?.includes("everyone" as never) ?? false)),
    };
  }

  buildMessage(args: {
    channelId: string;
    author: APIUser;
    parts: MessageParts;
    type: number;
    mentions: { users: APIUser[]; roles: string[]; everyone: boolean };
    referenced?: APIMessage | null;
    extra?: Partial<APIMessage>;
  }): APIMessage {
    const id = this.ids.next();
    const info = this.channel(args.channelId);
    const message: APIMessage = {
      id,
      type: args.type,
      channel_id: args.channelId,
      author: args.author,
      content: args.parts.content,
      timestamp: new Date(snowflakeTimestamp(id)).toISOString(),
      edited_timestamp: null,
      tts: args.parts.tts,
      mention_everyone: args.mentions.everyone,
      mentions: args.mentions.users,
      mention_roles: args.mentions.roles,
      attachments: args.parts.attachments,
      embeds: args.parts.embeds,
      pinned: false,
      flags: args.parts.flags as MessageFlags,
      components: args.parts.components,
      ...args.extra,
    };
    if (args.referenced) {
      message.message_reference = {
        type: 0,
        message_id: args.referenced.id,
        channel_id: args.referenced.channel_id,
        ...(info?.kind === "guild" ? { guild_id: info.guild.id } : {}),
      };
      message.referenced_message = args.referenced;
    }
    return message;
  }

  store(
    message: APIMessage,
    meta: {
      source: MessageSource;
      body?: MessageRecord["body"];
      interactionId?: string | null;
      ephemeral?: boolean;
    },
  ): MessageRecord {
    const info = this.channel(message.channel_id);
    const allowed = meta.body?.allowed_mentions;
    const record: MessageRecord = {
      message,
      channelId: message.channel_id,
      guildId: info?.kind === "guild" ? info.guild.id : null,
      source: meta.source,
      body: meta.body ?? null,
      allowedMentions:
        allowed && typeof allowed === "object" && !Array.isArray(allowed)
          ? (allowed as unknown as APIAllowedMentions)
          : null,
      interactionId: meta.interactionId ?? null,
      edits: 0,
      deleted: false,
      ephemeral: meta.ephemeral ?? false,
      createdAt: Date.now(),
    };
    this.messages.set(message.id, record);
    const log = this.channelLog.get(record.channelId) ?? [];
    log.push(record);
    this.channelLog.set(record.channelId, log);
    if (info && "last_message_id" in info.channel) {
      (info.channel as { last_message_id: string | null }).last_message_id = message.id;
    }
    return record;
  }

  /** Resolve a message reference to the stored record (unknown APIMessages are stored as "external"). */
  messageRecord(ref: MessageRecord | APIMessage | string): MessageRecord {
    if (typeof ref === "string") {
      const found = this.messages.get(ref);
      if (!found) throw new Error(`[emulator] unknown message id ${ref}`);
      return found;
    }
    const message = "message" in ref && "source" in ref ? ref.message : (ref as APIMessage);
    return this.messages.get(message.id) ?? this.store(message, { source: "external" });
  }

  /**
   * The message as a MESSAGE_CREATE/UPDATE dispatch carries it: with guild_id, the author's partial
   * member and members on mentions; content/embeds/attachments/components blanked when the receiving
   * session lacks the MessageContent intent (unless it's a DM, mentions the bot or is the bot's own).
   */
  gatewayMessage(record: MessageRecord, hasContentIntent: boolean): Record<string, unknown> {
    const message = record.message;
    const out: Record<string, unknown> = { ...message };
    // discord.js 14.2x needs `channel_type` to build an uncached DM channel (Partials.Channel).
    const info = this.channel(record.channelId);
    if (info) out.channel_type = info.channel.type;
    const guild = record.guildId ? this.guilds.get(record.guildId) : undefined;
    if (guild) {
      out.guild_id = guild.id;
      if (!message.webhook_id) {
        const { user: _u, ...member } = this.member(guild, message.author.id);
        out.member = member;
      }
      out.mentions = message.mentions.map((u) => {
        const { user: _u, ...member } = this.member(guild, u.id);
        return { ...u, member };
      });
    }
    const privileged =
      hasContentIntent ||
      !guild ||
      message.author.id === this.botUser.id ||
      message.mentions.some((u) => u.id === this.botUser.id);
    if (!privileged) {
      out.content = "";
      out.embeds = [];
      out.attachments = [];
      out.components = [];
    }
    return out;
  }

  // --- commands ----------------------------------------------------------------------------------------

  commandScope(guildId: string | null): Map<string, APIApplicationCommand> {
    const key = guildId ?? "global";
    let scope = this.commands.get(key);
    if (!scope) {
      scope = new Map();
      this.commands.set(key, scope);
    }
    return scope;
  }

  /** A registered command by name: guild commands first, then global ones. */
  findCommand(name: string, guildId: string | null, type = 1): APIApplicationCommand | undefined {
    const match = (scope: Map<string, APIApplicationCommand> | undefined) =>
      [...(scope?.values() ?? [])].find((c) => c.name === name && (c.type ?? 1) === type);
    return (guildId ? match(this.commands.get(guildId)) : undefined) ?? match(this.commands.get("global"));
  }
}
