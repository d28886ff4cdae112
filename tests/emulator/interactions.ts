/**
 * INTERACTION_CREATE payload builders (application commands, autocomplete, message components) and the
 * handles tests use to await the bot's answer.
 */
import { randomBytes } from "node:crypto";
import type {
  APIApplicationCommandInteractionDataOption,
  APIApplicationCommandOption,
  APIChannel,
  APIInteraction,
  APIMessage,
  APIUser,
} from "discord.js";
import { type Core, type InteractionState, MessageFlag } from "./core.js";
import type {
  AutocompleteHandle,
  CommandInput,
  ComponentInput,
  InteractionContextInput,
  InteractionHandle,
  MessageRecord,
  OptionValue,
} from "./types.js";
import { ALL_PERMISSIONS, type GuildState, Perm } from "./world.js";

const DM_APP_PERMISSIONS =
  Perm.ViewChannel |
  Perm.SendMessages |
  Perm.EmbedLinks |
  Perm.AttachFiles |
  Perm.ReadMessageHistory |
  Perm.AddReactions |
  Perm.UseExternalEmojis |
  Perm.MentionEveryone;

interface Context {
  guild: GuildState | null;
  channel: APIChannel;
  user: APIUser;
}

function resolveContext(core: Core, input: InteractionContextInput): Context {
  const { world } = core;
  const user = world.user(input.user ?? world.defaultUser);
  if (input.dm) return { guild: null, channel: world.dmChannel(user.id), user };
  if (input.channelId) {
    const info = world.channel(input.channelId);
    if (!info) throw new Error(`[emulator] unknown channel ${input.channelId}`);
    if (info.kind === "dm") return { guild: null, channel: world.dmChannel(info.recipientId), user };
    if (input.guildId && input.guildId !== info.guild.id) {
      throw new Error(`[emulator] channel ${input.channelId} is not in guild ${input.guildId}`);
    }
    return { guild: info.guild, channel: info.channel, user };
  }
  const guild = world.guild(input.guildId);
  return { guild, channel: world.defaultChannel(guild), user };
}

/** Fields every interaction shares (id, token, channel, member/user, permissions, locale, owners...). */
function basePayload(core: Core, ctx: Context, type: number, input: InteractionContextInput) {
  const { world } = core;
  const id = world.ids.next();
  const token = `emu.${randomBytes(40).toString("base64url")}`;
  const { guild, channel, user } = ctx;
  const payload: Record<string, unknown> = {
    id,
    application_id: world.applicationId,
    type,
    token,
    version: 1,
    channel_id: channel.id,
    channel: { ...channel },
    locale: input.locale ?? "en-US",
    entitlements: [],
    attachment_size_limit: 10_485_760,
  };
  if (guild) {
    payload.guild_id = guild.id;
    payload.guild = { id: guild.id, locale: guild.preferredLocale, features: [] };
    payload.guild_locale = guild.preferredLocale;
    payload.member = {
      ...world.member(guild, user.id),
      permissions: input.memberPermissions ?? world.permissions(guild, user.id).toString(),
    };
    payload.app_permissions = input.appPermissions ?? world.permissions(guild, world.botUser.id).toString();
    payload.authorizing_integration_owners = { "0": guild.id };
    payload.context = 0;
  } else {
    payload.user = user;
    payload.app_permissions = input.appPermissions ?? DM_APP_PERMISSIONS.toString();
    payload.authorizing_integration_owners = { "0": "0" };
    payload.context = 1;
  }
  return { id, token, payload };
}

/** A new interaction, not answered yet, findable by id and token. */
function register(
  core: Core,
  ctx: Context,
  init: Pick<InteractionState, "id" | "token" | "type" | "name" | "payload" | "originalId">,
): InteractionState {
  const state: InteractionState = {
    ...init,
    createdAt: Date.now(),
    channelId: ctx.channel.id,
    guildId: ctx.guild?.id ?? null,
    user: ctx.user,
    callbacks: [],
    editsSinceAck: 0,
    followUpIds: [],
  };
  core.interactions.set(state.id, state);
  core.interactionsByToken.set(state.token, state);
  return state;
}

// --- application commands --------------------------------------------------------------------------------

function inferType(value: OptionValue): number {
  if (typeof value === "boolean") return 5;
  if (typeof value === "number") return Number.isInteger(value) ? 4 : 10;
  return 3;
}

function coerce(type: number, value: OptionValue, focused: boolean): OptionValue {
  if (focused) return String(value);
  switch (type) {
    case 4:
    case 10:
      return Number(value);
    case 5:
      return value === true || value === "true";
    default:
      return String(value);
  }
}

/** Build Discord's option list (with subcommand nesting and `resolved`) from the test's input. */
function buildOptions(
  core: Core,
  ctx: Context,
  input: CommandInput,
  defs: APIApplicationCommandOption[] | undefined,
  focused: string | null,
): {
  options: APIApplicationCommandInteractionDataOption[];
  resolved: Record<string, Record<string, unknown>>;
} {
  const resolved: Record<string, Record<string, unknown>> = {};
  const add = (kind: string, id: string, value: unknown) => {
    resolved[kind] ??= {};
    (resolved[kind] as Record<string, unknown>)[id] = value;
  };
  const resolve = (type: number, id: string) => {
    const { world } = core;
    if (type === 6 || type === 9) {
      const user = world.users.get(id);
      if (user) {
        add("users", id, user);
        if (ctx.guild) {
          const { user: _u, deaf: _d, mute: _m, ...member } = world.member(ctx.guild, id);
          add("members", id, { ...member, permissions: world.permissions(ctx.guild, id).toString() });
        }
        return;
      }
    }
    if (type === 8 || type === 9) {
      const role = ctx.guild?.roles.find((r) => r.id === id);
      if (role) add("roles", id, role);
      return;
    }
    if (type === 7) {
      const info = world.channel(id);
      if (info) {
        const c = info.channel as APIChannel & { name?: string; parent_id?: string | null };
        add("channels", id, {
          id,
          name: c.name ?? null,
          type: c.type,
          permissions: ALL_PERMISSIONS.toString(),
          ...(c.parent_id !== undefined ? { parent_id: c.parent_id } : {}),
        });
      }
    }
  };

  let defList = defs;
  const path: { name: string; type: 1 | 2 }[] = [];
  // Down through the subcommand group (type 2), then the subcommand (type 1), to the leaf options.
  for (const [name, type] of [
    [input.subcommandGroup, 2],
    [input.subcommand, 1],
  ] as const) {
    if (!name) continue;
    path.push({ name, type });
    defList = (
      defList?.find((o) => o.name === name && o.type === type) as
        | { options?: APIApplicationCommandOption[] }
        | undefined
    )?.options;
  }

  let leaf: Record<string, unknown>[];
  if (Array.isArray(input.options)) {
    leaf = input.options as unknown as Record<string, unknown>[];
  } else {
    leaf = Object.entries(input.options ?? {}).map(([name, value]) => {
      const def = defList?.find((o) => o.name === name);
      const type = def?.type ?? inferType(value);
      const isFocused = focused === name;
      if ([6, 7, 8, 9].includes(type)) resolve(type, String(value));
      return { name, type, value: coerce(type, value, isFocused), ...(isFocused ? { focused: true } : {}) };
    });
  }
  if (focused && !leaf.some((o) => o.focused === true)) {
    throw new Error(`[emulator] autocomplete: focused option "${focused}" is not among the options`);
  }
  let options = leaf;
  for (const level of [...path].reverse()) options = [{ name: level.name, type: level.type, options }];
  return { options: options as unknown as APIApplicationCommandInteractionDataOption[], resolved };
}

export function createCommandInteraction(
  core: Core,
  input: CommandInput,
  kind: "command" | "autocomplete",
  focused: string | null,
): InteractionState {
  const ctx = resolveContext(core, input);
  const commandType = input.commandType ?? 1;
  const command = core.world.findCommand(input.name, ctx.guild?.id ?? null, commandType);
  if (!command && core.config.strictCommands) {
    throw new Error(
      `[emulator] /${input.name} is not registered (strictCommands); registered: ${registeredNames(core).join(", ") || "none"}`,
    );
  }
  const type = kind === "command" ? 2 : 4;
  const { id, token, payload } = basePayload(core, ctx, type, input);
  const { options, resolved } = buildOptions(core, ctx, input, command?.options, focused);
  payload.data = {
    id: command?.id ?? core.world.ids.next(),
    name: input.name,
    type: commandType,
    ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
    ...(options.length > 0 ? { options } : {}),
    ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
  };
  return register(core, ctx, {
    id,
    token,
    type,
    name: input.name,
    payload: payload as unknown as APIInteraction,
    originalId: null,
  });
}

function registeredNames(core: Core): string[] {
  return [...core.world.commands.values()].flatMap((scope) => [...scope.values()].map((c) => c.name));
}

// --- message components ----------------------------------------------------------------------------------

interface FoundComponent {
  type: number;
  custom_id?: string;
}

/** Depth-first search through rows, containers, sections (accessory) for custom_ids. */
export function findComponents(message: APIMessage): FoundComponent[] {
  const found: FoundComponent[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    const c = node as { type?: number; custom_id?: string; components?: unknown[]; accessory?: unknown };
    if (typeof c.custom_id === "string" && typeof c.type === "number")
      found.push({ type: c.type, custom_id: c.custom_id });
    for (const child of c.components ?? []) walk(child);
    if (c.accessory) walk(c.accessory);
  };
  for (const row of message.components ?? []) walk(row);
  return found;
}

export function createComponentInteraction(core: Core, input: ComponentInput): InteractionState {
  const record = core.world.messageRecord(input.message);
  if (record.deleted) throw new Error(`[emulator] message ${record.message.id} was deleted`);
  const components = findComponents(record.message);
  const component = components.find((c) => c.custom_id === input.customId);
  if (!component && !input.force) {
    throw new Error(
      `[emulator] message ${record.message.id} has no component with custom_id "${input.customId}"; it has: ${
        components.map((c) => `"${c.custom_id}"`).join(", ") || "no components"
      } (pass force: true to send anyway)`,
    );
  }
  const ctx = resolveContext(core, { ...input, channelId: input.channelId ?? record.channelId });
  const { id, token, payload } = basePayload(core, ctx, 3, input);
  const componentType = input.componentType ?? component?.type ?? 2;
  payload.message = record.message;
  payload.data = {
    custom_id: input.customId,
    component_type: componentType,
    ...(input.values || componentType !== 2 ? { values: input.values ?? [] } : {}),
  };
  return register(core, ctx, {
    id,
    token,
    type: 3,
    name: input.customId,
    payload: payload as unknown as APIInteraction,
    originalId: record.message.id,
  });
}

// --- handles ----------------------------------------------------------------------------------------------

function describe(core: Core, state: InteractionState, what: string): string {
  const label = state.type === 3 ? `component "${state.name}"` : `/${state.name}`;
  const callbacks = state.callbacks.map((c) => c.type).join(", ") || "none";
  return `${what} of ${label} (interaction ${state.id}); callbacks so far: [${callbacks}], @original edits: ${state.editsSinceAck}, follow-ups: ${state.followUpIds.length}, live gateway sessions: ${core.gateway.liveSessions().length}${core.recentRequests()}`;
}

function finalMessage(core: Core, state: InteractionState): MessageRecord | undefined {
  const first = state.callbacks[0];
  if (!first) return undefined;
  const original = state.originalId ? core.world.messages.get(state.originalId) : undefined;
  switch (first.type) {
    case 4:
    case 7:
      return original;
    case 5:
    case 6:
      return state.editsSinceAck > 0 ? original : undefined;
    default:
      throw new Error(
        `[emulator] interaction ${state.id} was answered with callback type ${first.type}, which shows no message`,
      );
  }
}

export function createHandle(core: Core, state: InteractionState): InteractionHandle & AutocompleteHandle {
  const timeout = (ms: number | undefined) => ms ?? core.config.defaultTimeoutMs;
  let nextFollowUp = 0;
  const handle: InteractionHandle & AutocompleteHandle = {
    id: state.id,
    token: state.token,
    payload: state.payload,
    get callbacks() {
      return state.callbacks;
    },
    response: (ms) =>
      core.hub.waitFor(
        () => state.callbacks[0],
        timeout(ms),
        () => describe(core, state, "the interaction callback"),
      ),
    final: (ms) =>
      core.hub.waitFor(
        () => finalMessage(core, state),
        timeout(ms),
        () => describe(core, state, "the final message"),
      ),
    original: () => (state.originalId ? core.world.messages.get(state.originalId) : undefined),
    followUps: () => state.followUpIds.flatMap((id) => core.world.messages.get(id) ?? []),
    waitForFollowUp: (index, ms) => {
      const wanted = index ?? nextFollowUp;
      return core.hub
        .waitFor(
          () => {
            const id = state.followUpIds[wanted];
            return id ? core.world.messages.get(id) : undefined;
          },
          timeout(ms),
          () => describe(core, state, `follow-up #${wanted}`),
        )
        .then((record) => {
          nextFollowUp = Math.max(nextFollowUp, wanted + 1);
          return record;
        });
    },
    choices: async (ms) => {
      const callback = await handle.response(ms);
      if (callback.type !== 8) {
        throw new Error(
          `[emulator] expected an autocomplete result (type 8), got callback type ${callback.type}`,
        );
      }
      const data = (callback.body as { data?: { choices?: { name: string; value: string | number }[] } })
        .data;
      return data?.choices ?? [];
    },
  };
  return handle;
}

export function isEphemeralFlags(flags: unknown): boolean {
  return typeof flags === "number" && (flags & MessageFlag.Ephemeral) !== 0;
}
