/**
 * REST half of the emulator: `/api/v10/...` routes, request recording, auth, rate-limit headers and
 * injected faults. Unknown routes are logged with method + path and answered 404 like Discord does.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { APIApplicationCommand, APIInteractionResponse, APIMessage } from "discord.js";
import type { ActiveFault } from "./core.js";
import { type Core, type InteractionState, MessageFlag } from "./core.js";
import type { FailRule, Json, JsonObject, MessageRecord, RecordedFile, RecordedRequest } from "./types.js";
import {
  apiError,
  type DiscordError,
  type FieldError,
  formError,
  isObject,
  validateCommand,
  validateMessage,
} from "./validate.js";
import { sleep } from "./waiters.js";
import type { MessageParts } from "./world.js";

interface Ctx {
  core: Core;
  record: RecordedRequest;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Json;
  files: RecordedFile[];
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (ctx: Ctx) => Reply;

interface Route {
  method: string;
  template: string;
  regex: RegExp;
  keys: string[];
  auth: boolean;
  handler: Handler;
}

const routes: Route[] = [];

function route(method: string, template: string, handler: Handler, opts: { auth?: boolean } = {}): void {
  const keys: string[] = [];
  const pattern = template
    .split("/")
    .map((segment) => {
      if (segment.startsWith(":")) {
        keys.push(segment.slice(1));
        return "([^/]+)";
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  routes.push({
    method,
    template,
    regex: new RegExp(`^${pattern}$`),
    keys,
    auth: opts.auth ?? true,
    handler,
  });
}

/** Compile a `failNext` path pattern (see FailRule.path). */
export function compilePathPattern(pattern: string | RegExp): (route: string) => boolean {
  if (pattern instanceof RegExp) return (r) => pattern.test(r);
  const source = pattern
    .split("/")
    .map((segment) =>
      segment.startsWith(":")
        ? "[^/]+"
        : segment
            .split("*")
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
            .join(".*"),
    )
    .join("/");
  const regex = new RegExp(`^${source}$`);
  return (r) => regex.test(r);
}

const ok = (body: unknown, status = 200): Reply => ({ status, body });
const noContent = (): Reply => ({ status: 204 });
const fail = (error: DiscordError): Reply => ({ status: error.status, body: error.body });
const err = (status: number, code: number, message: string): Reply => fail(apiError(status, code, message));

function asObject(body: Json): JsonObject {
  return isObject(body) ? body : {};
}

// ---------------------------------------------------------------------------------------------------------
// HTTP entry point

export async function handleHttp(core: Core, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const method = (req.method ?? "GET").toUpperCase();
  const raw = await readBody(req);
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (key === "authorization" || value === undefined) continue;
    headers[key] = Array.isArray(value) ? value.join(", ") : value;
  }
  const match = /^\/api\/v(\d+)(\/.*)$/.exec(url.pathname);
  const record: RecordedRequest = {
    seq: core.requests.length + 1,
    at: Date.now(),
    method,
    path: url.pathname,
    route: match?.[2] ?? url.pathname,
    template: null,
    query: Object.fromEntries(url.searchParams),
    headers,
    authenticated: typeof req.headers.authorization === "string",
    body: null,
    files: [],
    status: 0,
    injected: false,
  };
  core.requests.push(record);

  const send = (reply: Reply, template: string | null) => {
    record.status = reply.status;
    const out: Record<string, string> = {
      ...rateLimitHeaders(method, template ?? record.route),
      ...reply.headers,
    };
    if (reply.body === undefined || reply.status === 204) {
      res.writeHead(reply.status, out).end();
    } else {
      res
        .writeHead(reply.status, { ...out, "content-type": "application/json" })
        .end(JSON.stringify(reply.body));
    }
    core.hub.notify();
  };

  try {
    const parsed = await parseBody(req.headers["content-type"], raw);
    if (parsed === "invalid") {
      send(err(400, 50109, "The request body contains invalid JSON."), null);
      return;
    }
    record.body = parsed.body;
    record.files = parsed.files;

    if (match?.[1] !== "10") {
      core.config.log(`[emulator] unhandled REST request (not /api/v10): ${method} ${url.pathname}`);
      send(err(404, 0, "404: Not Found"), null);
      return;
    }

    const fault = takeFault(core, method, record.route);
    if (fault) {
      const { rule } = fault;
      if (rule.delayMs) await sleep(rule.delayMs);
      if (rule.status !== undefined) {
        record.injected = true;
        send(faultReply(rule), null);
        return;
      }
    }

    const candidates = routes
      .map((r) => ({ r, m: r.regex.exec(record.route) }))
      .filter((c): c is { r: Route; m: RegExpExecArray } => c.m !== null);
    const found = candidates.find((c) => c.r.method === method);
    if (!found) {
      const allowed = candidates.map((c) => c.r.method);
      core.config.log(
        `[emulator] unhandled REST route: ${method} ${url.pathname}${allowed.length ? ` (route exists for ${allowed.join(", ")})` : ""}`,
      );
      send(allowed.length ? err(405, 0, "405: Method Not Allowed") : err(404, 0, "404: Not Found"), null);
      return;
    }
    record.template = found.r.template;
    if (
      found.r.auth &&
      core.config.checkRestToken &&
      req.headers.authorization !== `Bot ${core.config.token}`
    ) {
      send(err(401, 0, "401: Unauthorized"), found.r.template);
      return;
    }
    if (overGlobalLimit(core, record, Boolean(req.headers.authorization))) {
      record.globalLimited = true;
      send(globalLimitReply(core), found.r.template);
      return;
    }
    const params: Record<string, string> = {};
    found.r.keys.forEach((key, i) => {
      params[key] = decodeURIComponent(found.m[i + 1] ?? "");
    });
    const reply = found.r.handler({
      core,
      record,
      params,
      query: url.searchParams,
      body: record.body,
      files: record.files,
    });
    send(reply, found.r.template);
  } catch (error) {
    core.config.log(
      `[emulator] REST handler crashed on ${method} ${url.pathname}: ${(error as Error).stack ?? error}`,
    );
    send(err(500, 0, "500: Internal Server Error"), null);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    req.on("data", (chunk: Uint8Array) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

async function parseBody(
  contentType: string | undefined,
  raw: Buffer,
): Promise<{ body: Json; files: RecordedFile[] } | "invalid"> {
  if (raw.length === 0) return { body: null, files: [] };
  const type = contentType ?? "";
  try {
    if (type.startsWith("multipart/form-data")) {
      const form = await new Request("http://emulator.local/", {
        method: "POST",
        headers: { "content-type": type },
        body: new Uint8Array(raw),
      }).formData();
      let body: Json = null;
      const files: RecordedFile[] = [];
      for (const [field, value] of form.entries()) {
        if (typeof value === "string") {
          if (field === "payload_json") body = JSON.parse(value) as Json;
        } else {
          const data = Buffer.from(await value.arrayBuffer());
          files.push({ field, filename: value.name, contentType: value.type, size: value.size, data });
        }
      }
      return { body, files };
    }
    if (type.includes("json")) return { body: JSON.parse(raw.toString("utf8")) as Json, files: [] };
    return { body: raw.toString("utf8"), files: [] };
  } catch {
    return "invalid";
  }
}

function rateLimitHeaders(method: string, template: string): Record<string, string> {
  return {
    "x-ratelimit-limit": "50",
    "x-ratelimit-remaining": "49",
    "x-ratelimit-reset": ((Date.now() + 1000) / 1000).toFixed(3),
    "x-ratelimit-reset-after": "1.000",
    "x-ratelimit-bucket": createHash("sha1").update(`${method} ${template}`).digest("hex").slice(0, 32),
  };
}

/** Interaction callbacks and interaction webhooks do not count towards the global limit (as on Discord). */
const EXEMPT_FROM_GLOBAL = /^\/(interactions\/\d+\/[^/]+\/callback|webhooks\/\d+\/[^/]+)/;

/** Counts `record` in the current global window; true when the window is already full. */
function overGlobalLimit(core: Core, record: RecordedRequest, authenticated: boolean): boolean {
  const limit = core.config.globalRateLimit;
  if (limit <= 0 || !authenticated || EXEMPT_FROM_GLOBAL.test(record.route)) return false;
  const now = Date.now();
  let window = core.globalWindows.at(-1);
  if (!window || now >= window.start + 1000) {
    window = { start: now, count: 0, refused: 0 };
    core.globalWindows.push(window);
  }
  if (window.count >= limit) {
    window.refused += 1;
    return true;
  }
  window.count += 1;
  return false;
}

function globalLimitReply(core: Core): Reply {
  const window = core.globalWindows.at(-1);
  const retryAfter = Math.max(0.001, ((window?.start ?? Date.now()) + 1000 - Date.now()) / 1000);
  return {
    status: 429,
    headers: {
      "retry-after": retryAfter.toFixed(3),
      "x-ratelimit-global": "true",
      "x-ratelimit-scope": "global",
    },
    body: { message: "You are being rate limited.", retry_after: retryAfter, global: true },
  };
}

function takeFault(core: Core, method: string, routePath: string): ActiveFault | undefined {
  const fault = core.faults.find(
    (f) =>
      f.remaining > 0 && (!f.rule.method || f.rule.method.toUpperCase() === method) && f.matcher(routePath),
  );
  if (!fault) return undefined;
  fault.remaining -= 1;
  fault.hits += 1;
  if (fault.remaining === 0) core.faults.splice(core.faults.indexOf(fault), 1);
  return fault;
}

function faultReply(rule: FailRule): Reply {
  const status = rule.status ?? 500;
  if (status === 429) {
    const retryAfter = rule.retryAfter ?? 0.1;
    return {
      status,
      headers: {
        "retry-after": String(retryAfter),
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset-after": retryAfter.toFixed(3),
        "x-ratelimit-reset": ((Date.now() + retryAfter * 1000) / 1000).toFixed(3),
        "x-ratelimit-scope": rule.global ? "global" : "user",
        ...(rule.global ? { "x-ratelimit-global": "true" } : {}),
      },
      body: rule.body ?? {
        message: "You are being rate limited.",
        retry_after: retryAfter,
        global: rule.global ?? false,
      },
    };
  }
  const text: Record<number, string> = {
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
  };
  return { status, body: rule.body ?? { message: `${status}: ${text[status] ?? "Error"}`, code: 0 } };
}

// ---------------------------------------------------------------------------------------------------------
// Gateway info, users, application

route("GET", "/gateway", ({ core }) => ok({ url: core.gatewayUrl }), { auth: false });

route("GET", "/gateway/bot", ({ core }) => {
  const started = core.gateway.identifies.filter((i) => i.sessionId).length;
  return ok({
    url: core.gatewayUrl,
    shards: core.gateway.recommendedShards,
    session_start_limit: {
      total: 1000,
      remaining: Math.max(0, 1000 - started),
      reset_after: 86_400_000,
      max_concurrency: core.gateway.maxConcurrency,
    },
  });
});

route("GET", "/users/@me", ({ core }) =>
  ok({
    ...core.world.botUser,
    verified: true,
    mfa_enabled: false,
    email: null,
    locale: "en-US",
    premium_type: 0,
  }),
);

route("GET", "/users/:userId", ({ core, params }) => {
  const user = core.world.users.get(params.userId ?? "");
  return user ? ok(user) : err(404, 10013, "Unknown User");
});

route("POST", "/users/@me/channels", ({ core, body }) => {
  const recipient = asObject(body).recipient_id;
  if (typeof recipient !== "string" || !core.world.users.has(recipient)) {
    return fail(
      formError([{ path: ["recipient_id"], code: "NUMBER_TYPE_COERCE", message: "Value is not snowflake." }]),
    );
  }
  return ok(core.world.dmChannel(recipient));
});

route("GET", "/applications/@me", ({ core }) => {
  const { world } = core;
  return ok({
    id: world.applicationId,
    name: world.botUser.username,
    icon: null,
    description: "",
    summary: "",
    type: null,
    hook: true,
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: "0".repeat(64),
    flags: core.gateway.applicationFlags(),
    owner: world.ownerUser,
    team: null,
    bot: world.botUser,
    approximate_guild_count: world.guilds.size,
    interactions_endpoint_url: null,
    redirect_uris: [],
    tags: [],
    install_params: { scopes: ["bot", "applications.commands"], permissions: "0" },
    integration_types_config: { "0": {} },
  });
});

// ---------------------------------------------------------------------------------------------------------
// Interactions

const ALLOWED_CALLBACKS: Record<number, number[]> = {
  2: [4, 5, 9, 12],
  3: [4, 5, 6, 7, 9, 12],
  4: [8],
  5: [4, 5, 6, 7],
};

route(
  "POST",
  "/interactions/:interactionId/:token/callback",
  ({ core, params, body, files, query }) => {
    const state = core.interactions.get(params.interactionId ?? "");
    if (!state || state.token !== params.token) return err(404, 10062, "Unknown interaction");
    return applyInteractionCallback(core, state, body, files, query.get("with_response") === "true");
  },
  { auth: false },
);

/**
 * An interaction's first response, however it arrived: POST /interactions/:id/:token/callback (gateway
 * bots) or the HTTP response of an interactions endpoint (see `useInteractionsEndpoint`).
 */
export function applyInteractionCallback(
  core: Core,
  state: InteractionState,
  body: Json,
  files: RecordedFile[],
  withResponse: boolean,
): Reply {
  const ackTimeout = core.config.interactionAckTimeoutMs;
  if (state.callbacks.length === 0 && ackTimeout > 0 && Date.now() - state.createdAt > ackTimeout) {
    core.config.log(
      `[emulator] interaction ${state.id} (${state.name}) answered after ${Date.now() - state.createdAt}ms (> ${ackTimeout}ms): 10062 Unknown interaction`,
    );
    return err(404, 10062, "Unknown interaction");
  }
  if (state.callbacks.length > 0) return err(400, 40060, "Interaction has already been acknowledged.");
  const payload = asObject(body);
  const type = payload.type;
  if (typeof type !== "number" || !(ALLOWED_CALLBACKS[state.type] ?? []).includes(type)) {
    return fail(
      formError([
        {
          path: ["type"],
          code: "INTERACTION_RESPONSE_TYPE_INVALID",
          message: `Invalid interaction response type ${String(type)} for this interaction`,
        },
      ]),
    );
  }
  const data = asObject(payload.data ?? null);
  const world = core.world;
  let message: MessageRecord | undefined;

  if (type === 4 || type === 7) {
    const invalid = validateMessage(data, {
      requireContent: type === 4,
      fileCount: files.length,
      prefix: ["data"],
    });
    if (invalid) return fail(invalid);
  }
  if (type === 8) {
    const invalid = validateChoices(data);
    if (invalid) return fail(invalid);
  }
  switch (type) {
    case 4:
    case 5: {
      // The original response: the message (4), or the "thinking..." placeholder of a deferred one (5).
      const parts: MessageParts =
        type === 4
          ? core.partsFromBody(data, files, { allowEphemeral: true })
          : {
              content: "",
              embeds: [],
              components: [],
              attachments: [],
              flags:
                ((typeof data.flags === "number" ? data.flags : 0) & MessageFlag.Ephemeral) |
                MessageFlag.Loading,
              tts: false,
            };
      message = core.createMessage({
        channelId: state.channelId,
        author: world.botUser,
        parts,
        type: state.type === 2 ? 20 : 0,
        source: "interaction",
        body: data,
        interaction: state,
      });
      state.originalId = message.message.id;
      break;
    }
    case 6:
    case 7: {
      message = state.originalId ? world.messages.get(state.originalId) : undefined;
      if (type === 7 && message) core.editMessage(message, data, files);
      break;
    }
  }
  state.callbacks.push({
    at: Date.now(),
    type,
    body: payload as unknown as APIInteractionResponse,
    withResponse,
  });
  core.hub.notify();
  if (!withResponse) return noContent();
  return ok({
    interaction: {
      id: state.id,
      type: state.type,
      ...(message
        ? {
            response_message_id: message.message.id,
            response_message_loading: type === 5,
            response_message_ephemeral: message.ephemeral,
          }
        : {}),
    },
    resource: { type, ...(message && type !== 6 ? { message: message.message } : {}) },
  });
}

function validateChoices(data: JsonObject): DiscordError | null {
  const choices = data.choices;
  if (!Array.isArray(choices)) {
    return formError(
      [{ path: ["choices"], code: "BASE_TYPE_REQUIRED", message: "This field is required" }],
      ["data"],
    );
  }
  const errors: FieldError[] = [];
  if (choices.length > 25)
    errors.push({
      path: ["choices"],
      code: "BASE_TYPE_MAX_LENGTH",
      message: "Must be 25 or fewer in length.",
    });
  choices.forEach((choice, i) => {
    const name = isObject(choice) ? choice.name : undefined;
    if (typeof name !== "string" || name.length < 1 || name.length > 100) {
      errors.push({
        path: ["choices", i, "name"],
        code: "BASE_TYPE_BAD_LENGTH",
        message: "Must be between 1 and 100 in length.",
      });
    }
    const value = isObject(choice) ? choice.value : undefined;
    if (typeof value !== "string" && typeof value !== "number") {
      errors.push({
        path: ["choices", i, "value"],
        code: "BASE_TYPE_REQUIRED",
        message: "This field is required",
      });
    } else if (typeof value === "string" && value.length > 100) {
      errors.push({
        path: ["choices", i, "value"],
        code: "BASE_TYPE_MAX_LENGTH",
        message: "Must be 100 or fewer in length.",
      });
    }
  });
  return errors.length ? formError(errors, ["data"]) : null;
}

// ---------------------------------------------------------------------------------------------------------
// Interaction webhooks (follow-ups and @original)

function webhookState(core: Core, params: Record<string, string>): InteractionState | Reply {
  const state =
    params.appId === core.world.applicationId ? core.interactionsByToken.get(params.token ?? "") : undefined;
  return state ?? err(404, 10015, "Unknown Webhook");
}

/** The interaction's message a webhook route names (`@original` or a follow-up's id), with the interaction. */
function webhookMessage(
  core: Core,
  params: Record<string, string>,
): { state: InteractionState; record: MessageRecord } | Reply {
  const state = webhookState(core, params);
  if (isReply(state)) return state;
  const messageId = params.messageId ?? "";
  const id = messageId === "@original" ? state.originalId : messageId;
  const owned = id !== null && (id === state.originalId || state.followUpIds.includes(id));
  const record = owned ? core.world.messages.get(id) : undefined;
  return record && !record.deleted ? { state, record } : err(404, 10008, "Unknown Message");
}

function isReply(value: unknown): value is Reply {
  return (
    typeof value === "object" &&
    value !== null &&
    "status" in value &&
    !("message" in value && "source" in value)
  );
}

route(
  "POST",
  "/webhooks/:appId/:token",
  ({ core, params, body, files, query }) => {
    const state = webhookState(core, params);
    if (isReply(state)) return state;
    const first = state.callbacks[0];
    if (!first) return err(404, 10015, "Unknown Webhook");
    const data = asObject(body);
    const invalid = validateMessage(data, { requireContent: true, fileCount: files.length });
    if (invalid) return fail(invalid);
    const original = state.originalId ? core.world.messages.get(state.originalId) : undefined;
    let record: MessageRecord;
    if (first.type === 5 && original && ((original.message.flags ?? 0) & MessageFlag.Loading) !== 0) {
      // Discord: the first follow-up after a deferred reply replaces the "thinking..." message.
      record = core.editMessage(original, data, files);
      state.editsSinceAck += 1;
    } else {
      record = core.createMessage({
        channelId: state.channelId,
        author: core.world.botUser,
        parts: core.partsFromBody(data, files, { allowEphemeral: true }),
        type: state.type === 2 ? 20 : 0,
        source: "followup",
        body: data,
        interaction: state,
      });
      state.followUpIds.push(record.message.id);
    }
    core.hub.notify();
    return query.get("wait") === "true" ? ok(record.message) : noContent();
  },
  { auth: false },
);

route(
  "GET",
  "/webhooks/:appId/:token/messages/:messageId",
  ({ core, params }) => {
    const found = webhookMessage(core, params);
    return isReply(found) ? found : ok(found.record.message);
  },
  { auth: false },
);

route(
  "PATCH",
  "/webhooks/:appId/:token/messages/:messageId",
  ({ core, params, body, files }) => {
    const found = webhookMessage(core, params);
    if (isReply(found)) return found;
    const { state, record } = found;
    const data = asObject(body);
    const invalid = validateEdit(record.message, data, files.length);
    if (invalid) return fail(invalid);
    core.editMessage(record, data, files);
    if (record.message.id === state.originalId && state.callbacks.length > 0) state.editsSinceAck += 1;
    core.hub.notify();
    return ok(record.message);
  },
  { auth: false },
);

route(
  "DELETE",
  "/webhooks/:appId/:token/messages/:messageId",
  ({ core, params }) => {
    const found = webhookMessage(core, params);
    if (isReply(found)) return found;
    core.deleteMessage(found.record);
    return noContent();
  },
  { auth: false },
);

/** An edit must leave a non-empty message and respect the usual limits. */
function validateEdit(current: APIMessage, data: JsonObject, fileCount: number): DiscordError | null {
  const invalid = validateMessage(data, { requireContent: false, fileCount });
  if (invalid) return invalid;
  const merged: JsonObject = {
    content: current.content,
    embeds: current.embeds as unknown as Json,
    components: (current.components ?? []) as unknown as Json,
    ...data,
  };
  const keptAttachments = Array.isArray(data.attachments)
    ? data.attachments.length
    : current.attachments.length;
  return validateMessage(merged, { requireContent: true, fileCount: fileCount + keptAttachments });
}

// ---------------------------------------------------------------------------------------------------------
// Channels & messages

const TEXT_CHANNEL_TYPES = new Set([0, 1, 2, 3, 5, 10, 11, 12, 13]);

route("GET", "/channels/:channelId", ({ core, params }) => {
  const info = core.world.channel(params.channelId ?? "");
  return info ? ok(info.channel) : err(404, 10003, "Unknown Channel");
});

route("GET", "/channels/:channelId/messages", ({ core, params, query }) => {
  const channelId = params.channelId ?? "";
  if (!core.world.channel(channelId)) return err(404, 10003, "Unknown Channel");
  const limit = Math.min(100, Math.max(1, Number(query.get("limit") ?? 50)));
  let list = core.channelMessages(channelId).filter((r) => !r.ephemeral);
  const before = query.get("before");
  const after = query.get("after");
  if (before) list = list.filter((r) => BigInt(r.message.id) < BigInt(before));
  if (after) list = list.filter((r) => BigInt(r.message.id) > BigInt(after));
  const page = after ? list.slice(0, limit) : list.slice(-limit);
  return ok(page.reverse().map((r) => r.message));
});

route("POST", "/channels/:channelId/messages", ({ core, params, body, files }) => {
  const { world } = core;
  const channelId = params.channelId ?? "";
  const info = world.channel(channelId);
  if (!info) return err(404, 10003, "Unknown Channel");
  if (!TEXT_CHANNEL_TYPES.has(info.channel.type))
    return err(400, 50008, "Cannot send messages in a non-text channel");
  if (info.kind === "guild") {
    const perms = world.permissions(info.guild, world.botUser.id);
    const needed = (1n << 10n) | (1n << 11n);
    if ((perms & needed) !== needed) return err(403, 50013, "Missing Permissions");
  }
  const data = asObject(body);
  const invalid = validateMessage(data, { requireContent: true, fileCount: files.length });
  if (invalid) return fail(invalid);
  let referenced: APIMessage | null = null;
  const reference = data.message_reference;
  if (isObject(reference) && typeof reference.message_id === "string") {
    const target = world.messages.get(reference.message_id);
    const refChannel = typeof reference.channel_id === "string" ? reference.channel_id : channelId;
    if (target && !target.deleted && target.channelId === refChannel && !target.ephemeral) {
      referenced = target.message;
    } else if (reference.fail_if_not_exists !== false) {
      return fail(
        formError([
          {
            path: ["message_reference"],
            code: "MESSAGE_REFERENCE_UNKNOWN_MESSAGE",
            message: "Unknown message",
          },
        ]),
      );
    }
  }
  const record = core.createMessage({
    channelId,
    author: world.botUser,
    parts: core.partsFromBody(data, files, { allowEphemeral: false }),
    type: referenced ? 19 : 0,
    source: "channel",
    body: data,
    referenced,
    extra: typeof data.nonce === "string" || typeof data.nonce === "number" ? { nonce: data.nonce } : {},
  });
  return ok(record.message);
});

function channelMessage(core: Core, params: Record<string, string>): MessageRecord | Reply {
  const channelId = params.channelId ?? "";
  if (!core.world.channel(channelId)) return err(404, 10003, "Unknown Channel");
  const record = core.world.messages.get(params.messageId ?? "");
  if (!record || record.deleted || record.ephemeral || record.channelId !== channelId) {
    return err(404, 10008, "Unknown Message");
  }
  return record;
}

route("GET", "/channels/:channelId/messages/:messageId", ({ core, params }) => {
  const record = channelMessage(core, params);
  return isReply(record) ? record : ok(record.message);
});

route("PATCH", "/channels/:channelId/messages/:messageId", ({ core, params, body, files }) => {
  const record = channelMessage(core, params);
  if (isReply(record)) return record;
  if (record.message.author.id !== core.world.botUser.id) {
    return err(403, 50005, "Cannot edit a message authored by another user");
  }
  const data = asObject(body);
  const invalid = validateEdit(record.message, data, files.length);
  if (invalid) return fail(invalid);
  return ok(core.editMessage(record, data, files).message);
});

route("DELETE", "/channels/:channelId/messages/:messageId", ({ core, params }) => {
  const record = channelMessage(core, params);
  if (isReply(record)) return record;
  core.deleteMessage(record);
  return noContent();
});

function reaction(add: boolean): Handler {
  return ({ core, params }) => {
    const record = channelMessage(core, params);
    if (isReply(record)) return record;
    const raw = params.emoji ?? "";
    const [name, id] = raw.includes(":") ? raw.split(":") : [raw, undefined];
    const emoji = { id: id ?? null, name: name ?? raw };
    const reactions = [...(record.message.reactions ?? [])];
    const index = reactions.findIndex(
      (r) => r.emoji.name === emoji.name && (r.emoji.id ?? null) === emoji.id,
    );
    const existing = index >= 0 ? reactions[index] : undefined;
    if (add && !existing?.me) {
      const count = (existing?.count ?? 0) + 1;
      const next = {
        emoji,
        count,
        me: true,
        me_burst: false,
        burst_colors: [],
        count_details: { burst: 0, normal: count },
      };
      if (existing) reactions[index] = next;
      else reactions.push(next);
    } else if (!add && existing?.me) {
      const count = existing.count - 1;
      if (count <= 0) reactions.splice(index, 1);
      else reactions[index] = { ...existing, count, me: false, count_details: { burst: 0, normal: count } };
    }
    record.message = { ...record.message, reactions };
    const d = {
      user_id: core.world.botUser.id,
      channel_id: record.channelId,
      message_id: record.message.id,
      emoji,
      burst: false,
      type: 0,
      ...(record.guildId ? { guild_id: record.guildId } : {}),
    };
    const bit = record.guildId ? 1 << 10 : 1 << 13;
    core.gateway.dispatchEach(add ? "MESSAGE_REACTION_ADD" : "MESSAGE_REACTION_REMOVE", (s) =>
      s.intents & bit ? d : undefined,
    );
    return noContent();
  };
}

route("PUT", "/channels/:channelId/messages/:messageId/reactions/:emoji/@me", reaction(true));
route("DELETE", "/channels/:channelId/messages/:messageId/reactions/:emoji/@me", reaction(false));

route("POST", "/channels/:channelId/typing", ({ core, params }) =>
  core.world.channel(params.channelId ?? "") ? noContent() : err(404, 10003, "Unknown Channel"),
);

// ---------------------------------------------------------------------------------------------------------
// Guilds

function guildOr404(core: Core, guildId: string | undefined) {
  return core.world.guilds.get(guildId ?? "");
}

route("GET", "/guilds/:guildId", ({ core, params, query }) => {
  const guild = guildOr404(core, params.guildId);
  if (!guild) return err(404, 10004, "Unknown Guild");
  const {
    joined_at: _j,
    large: _l,
    unavailable: _u,
    member_count,
    voice_states: _v,
    members: _m,
    channels: _c,
    threads: _t,
    presences: _p,
    stage_instances: _s,
    guild_scheduled_events: _g,
    soundboard_sounds: _b,
    ...rest
  } = core.world.guildCreate(guild);
  return ok({
    ...rest,
    ...(query.get("with_counts") === "true"
      ? { approximate_member_count: member_count, approximate_presence_count: 0 }
      : {}),
  });
});

route("GET", "/guilds/:guildId/channels", ({ core, params }) => {
  const guild = guildOr404(core, params.guildId);
  return guild ? ok(guild.channels) : err(404, 10004, "Unknown Guild");
});

route("GET", "/guilds/:guildId/roles", ({ core, params }) => {
  const guild = guildOr404(core, params.guildId);
  return guild ? ok(guild.roles) : err(404, 10004, "Unknown Guild");
});

route("GET", "/guilds/:guildId/members", ({ core, params, query }) => {
  const guild = guildOr404(core, params.guildId);
  if (!guild) return err(404, 10004, "Unknown Guild");
  const limit = Math.min(1000, Math.max(1, Number(query.get("limit") ?? 1)));
  const after = query.get("after") ?? "0";
  const ids = [...guild.members.keys()]
    .filter((id) => BigInt(id) > BigInt(after))
    .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  return ok(ids.slice(0, limit).map((id) => core.world.member(guild, id)));
});

route("GET", "/guilds/:guildId/members/search", ({ core, params, query }) => {
  const guild = guildOr404(core, params.guildId);
  if (!guild) return err(404, 10004, "Unknown Guild");
  const q = (query.get("query") ?? "").toLowerCase();
  const ids = [...guild.members.keys()].filter((id) =>
    core.world.user(id).username.toLowerCase().startsWith(q),
  );
  return ok(ids.slice(0, Number(query.get("limit") ?? 1)).map((id) => core.world.member(guild, id)));
});

route("GET", "/guilds/:guildId/members/:userId", ({ core, params }) => {
  const guild = guildOr404(core, params.guildId);
  if (!guild) return err(404, 10004, "Unknown Guild");
  return guild.members.has(params.userId ?? "")
    ? ok(core.world.member(guild, params.userId ?? ""))
    : err(404, 10007, "Unknown Member");
});

// ---------------------------------------------------------------------------------------------------------
// Application commands (global: /applications/:appId/commands, guild: .../guilds/:guildId/commands)

function commandScope(
  core: Core,
  params: Record<string, string>,
): Map<string, APIApplicationCommand> | Reply {
  if (params.appId !== core.world.applicationId) return err(403, 50001, "Missing Access");
  if (params.guildId !== undefined && !core.world.guilds.has(params.guildId))
    return err(403, 50001, "Missing Access");
  return core.world.commandScope(params.guildId ?? null);
}

function buildCommand(
  core: Core,
  input: JsonObject,
  guildId: string | null,
  previous: APIApplicationCommand | undefined,
): APIApplicationCommand {
  const { world } = core;
  const type = typeof input.type === "number" ? input.type : 1;
  const command: Record<string, unknown> = {
    id: previous?.id ?? world.ids.next(),
    application_id: world.applicationId,
    version: world.ids.next(),
    type,
    name: input.name,
    name_localizations: input.name_localizations ?? null,
    description: type === 1 ? input.description : "",
    description_localizations: input.description_localizations ?? null,
    default_member_permissions: input.default_member_permissions ?? null,
    nsfw: input.nsfw ?? false,
    integration_types: input.integration_types ?? [0],
    contexts: input.contexts ?? null,
  };
  if (guildId) command.guild_id = guildId;
  else command.dm_permission = input.dm_permission ?? true;
  if (Array.isArray(input.options) && input.options.length > 0) command.options = input.options;
  return command as unknown as APIApplicationCommand;
}

function sameCommand(a: APIApplicationCommand, b: JsonObject): boolean {
  return a.name === b.name && (a.type ?? 1) === (typeof b.type === "number" ? b.type : 1);
}

for (const base of ["/applications/:appId/commands", "/applications/:appId/guilds/:guildId/commands"]) {
  route("GET", base, ({ core, params }) => {
    const scope = commandScope(core, params);
    return isReply(scope) ? scope : ok([...scope.values()]);
  });

  route("PUT", base, ({ core, params, body }) => {
    const scope = commandScope(core, params);
    if (isReply(scope)) return scope;
    if (!Array.isArray(body)) {
      return fail(
        formError([
          { path: [], code: "LIST_TYPE_CONVERT", message: "Only iterables may be used in a ListType" },
        ]),
      );
    }
    const errors: FieldError[] = [];
    body.forEach((command, i) => {
      validateCommand(errors, [i], command);
    });
    const seen = new Set<string>();
    body.forEach((command, i) => {
      if (!isObject(command)) return;
      const key = `${String(command.type ?? 1)}:${String(command.name)}`;
      if (seen.has(key)) {
        errors.push({
          path: [i, "name"],
          code: "APPLICATION_COMMANDS_DUPLICATE_NAME",
          message: `Application command names must be unique`,
        });
      }
      seen.add(key);
    });
    if (errors.length) return fail(formError(errors));
    const previous = [...scope.values()];
    scope.clear();
    for (const input of body.filter(isObject)) {
      const command = buildCommand(
        core,
        input,
        params.guildId ?? null,
        previous.find((p) => sameCommand(p, input)),
      );
      scope.set(command.id, command);
    }
    core.hub.notify();
    return ok([...scope.values()]);
  });

  route("POST", base, ({ core, params, body }) => {
    const scope = commandScope(core, params);
    if (isReply(scope)) return scope;
    const errors: FieldError[] = [];
    validateCommand(errors, [], body);
    if (errors.length) return fail(formError(errors));
    const input = asObject(body);
    const previous = [...scope.values()].find((p) => sameCommand(p, input));
    const command = buildCommand(core, input, params.guildId ?? null, previous);
    scope.set(command.id, command);
    core.hub.notify();
    return ok(command, previous ? 200 : 201);
  });

  route("GET", `${base}/:commandId`, ({ core, params }) => {
    const scope = commandScope(core, params);
    if (isReply(scope)) return scope;
    const command = scope.get(params.commandId ?? "");
    return command ? ok(command) : err(404, 10063, "Unknown application command");
  });

  route("PATCH", `${base}/:commandId`, ({ core, params, body }) => {
    const scope = commandScope(core, params);
    if (isReply(scope)) return scope;
    const existing = scope.get(params.commandId ?? "");
    if (!existing) return err(404, 10063, "Unknown application command");
    const merged = { ...(existing as unknown as JsonObject), ...asObject(body) };
    const errors: FieldError[] = [];
    validateCommand(errors, [], merged);
    if (errors.length) return fail(formError(errors));
    const command = buildCommand(core, merged, params.guildId ?? null, existing);
    scope.set(command.id, command);
    core.hub.notify();
    return ok(command);
  });

  route("DELETE", `${base}/:commandId`, ({ core, params }) => {
    const scope = commandScope(core, params);
    if (isReply(scope)) return scope;
    if (!scope.delete(params.commandId ?? "")) return err(404, 10063, "Unknown application command");
    core.hub.notify();
    return noContent();
  });
}
