/**
 * # Discord API emulator (REST + Gateway) for end-to-end tests
 *
 * A local, in-memory Discord that a real discord.js v14 `Client` logs into: one HTTP server on
 * 127.0.0.1 serving `/api/v10/...` REST routes and the Gateway WebSocket (same port).
 *
 * ```ts
 * import { startEmulator } from "./emulator/index.js";
 *
 * const emu = await startEmulator({ token: "test-token" });
 * const client = new Client({ intents, partials: [Partials.Channel], rest: { api: emu.apiUrl } });
 * await client.login(emu.token);                 // or: DISCORD_API_URL=emu.apiUrl DISCORD_TOKEN=emu.token
 * await emu.waitForReady();
 *
 * const r = await emu.sendCommand({ name: "ask", options: { question: "hi" } });
 * const cb = await r.response();                 // { type: 4 | 5 | ..., body: { type, data } }
 * const msg = await r.final();                   // the visible reply (after defer + editReply, too)
 * expect(msg.message.content).toContain("...");
 *
 * const m = await emu.sendMessage({ content: "<@BOT_ID> hello" });        // MESSAGE_CREATE
 * const out = await emu.waitForChannelMessage((msg) => msg.message_reference?.message_id === m.message.id);
 * expect(out.allowedMentions).toEqual({ parse: [], replied_user: false });
 * await emu.close();
 * ```
 *
 * ## startEmulator(options?: EmulatorOptions): Promise<DiscordEmulator>
 * Options (all optional): `token` ("emulator-token"), `applicationId` (bot user id = application id),
 * `botUser`, `users`, `guilds: [{ id, name, ownerId, channels: [{ id, name, type }], roles, members,
 * everyonePermissions, botPermissions }]` (default: one guild "Test Guild" with #general), `host`, `port`
 * (0 = ephemeral), `messageContentAllowed` / `guildMembersAllowed` / `presencesAllowed` (privileged intents;
 * a disallowed one in IDENTIFY closes 4014), `heartbeatIntervalMs` (41250), `interactionAckTimeoutMs` (3000:
 * later first callbacks get 404 10062 like Discord; 0 disables), `strictCommands` (sendCommand throws for
 * unregistered commands), `echoBotMessages` (true: the bot's own messages come back as MESSAGE_CREATE like on
 * Discord), `checkRestToken` (true), `log` (console.warn; false = silent), `defaultTimeoutMs` (5000), `shards`
 * (1: what GET /gateway/bot recommends), `globalRateLimit` (50 requests per second for the bot, fixed one-second
 * windows; over it, 429 with `x-ratelimit-global`; interaction callbacks and webhooks exempt; `false` = off),
 * `identifyWindowMs` (0 = off; else one login per bucket `shard_id % maxConcurrency` per window, a sooner
 * IDENTIFY gets op 9), `maxConcurrency` (1: GET /gateway/bot's `session_start_limit.max_concurrency`).
 *
 * ## Sharding
 * Each IDENTIFY's `shard: [id, count]` is honoured as Discord does: READY/GUILD_CREATE list only the guilds
 * that shard owns (`(guild_id >> 22) % count`), events carrying a `guild_id` go only to the owning shard's
 * session, DM events only to shard 0 (sessions without a shard, or with count 1, get everything).
 * `waitForShards(count, ms)` (IDENTIFY records by shard id, once each is READY), `gatewaySessions()` (`{ id,
 * shard, connected, ready, guildIds, presence, identify, events }`), `sessionsThatGot(t, match)` (which
 * sessions were sent a dispatch), `shardOf(guildId, count)`. Interactions take `viaShard` to go to that
 * shard's session instead of the guild's own. `globalWindows` (each rate-limit window: start, count, refused)
 * and `identifiesTooSoon` (logins refused by the pacing) show the limits at work.
 *
 * ## HTTP interactions (an Interactions Endpoint URL instead of the gateway)
 * `useInteractionsEndpoint({ url, privateKey })` (an Ed25519 KeyObject; `null` switches back): sendCommand,
 * sendAutocomplete and clickButton then POST the payload signed (`X-Signature-Ed25519` over
 * `X-Signature-Timestamp` + body) and take the HTTP response as the callback — handles, `final()`,
 * webhooks and follow-ups work the same. `endpointDeliveries` (status, body, ms per POST),
 * `pingInteractionsEndpoint()`, `verifyInteractionsEndpoint()` (Discord's URL check: signed PING → 200
 * `{type:1}`, a forged one → 401), and `signatureHeaders(privateKey, body, timestamp?)` for hand-made requests.
 *
 * ## Long runs
 * `onMessage(listener)` (every message created or edited, synchronously, without scanning the store) and
 * `clearHistory()` (drop recorded messages, requests, interactions and replay logs; keeps the world).
 *
 * ## DiscordEmulator
 * Addresses: `apiUrl` (http://127.0.0.1:PORT/api — pass as `rest: { api }`), `gatewayUrl`, `port`, `token`,
 * `applicationId`, `botUser`, `defaultUser` ("tester", member of every guild), `ownerUser`, `guildId`
 * (first guild), `channelId` (its first text channel), `guilds()`.
 *
 * Gateway: `waitForReady(ms)` (a session got READY + GUILD_CREATEs and is connected), `identifies`,
 * `resumes`, `gatewayReceived` (every payload the client sent; tokens redacted), `connections` (open
 * sockets), `sessions` (live session count), `waitForResume(ms)`, `waitFor(check, ms, what)` (generic:
 * re-checked on every emulator state change and every 10 ms, so it also works for client-side state),
 * `dispatch(t, d)` (raw event to every session, routed by `guild_id` for shards). Events dispatched while a
 * session is disconnected are kept and replayed on RESUME; INTERACTION_CREATE/MESSAGE_* go to every session
 * (intent-filtered; for sharded sessions only the owning shard).
 *
 * Interactions (dispatch INTERACTION_CREATE, return a handle):
 * - `sendCommand({ name, options?, subcommand?, subcommandGroup?, guildId?, channelId?, dm?, user?, locale?,
 *   memberPermissions?, appPermissions? })` — `options` is Discord's `[{ name, type, value }]` list or a
 *   `{ name: value }` map (types from the registered command, else inferred); user/channel/role options get
 *   `resolved` data.
 * - `sendAutocomplete({ ...same, focused: "optionName" })` → handle with `choices(ms)`.
 * - `clickButton({ message, customId, user?, values? })` / `selectMenu(...)` — `message` is a
 *   MessageRecord, APIMessage or id; the component must exist on it (unless `force`).
 * - Handle: `id`, `token`, `payload`, `callbacks`, `response(ms)` (first callback), `final(ms)` (the visible
 *   message after 4 / 7 / 5+edit / 6+edit / 5+first follow-up), `original()`, `followUps()`,
 *   `waitForFollowUp(index?, ms)`.
 *
 * Messages: `sendMessage({ content, channelId?, guildId?, dm?, author?, mentions?, mentionRoles?,
 * mentionEveryone?, referencedMessage?, bot?, embeds?, components? })` → MessageRecord (MESSAGE_CREATE, content
 * blanked for sessions without MessageContent, as Discord does); `sendMessages(inputs, { batch, pauseMs })` (a
 * burst, in batches); `waitForChannelMessage(pred?, ms)` (messages
 * the bot created with POST /channels/:id/messages — existing ones included), `waitForBotMessage(pred?, ms)`
 * (any bot message incl. interaction replies/follow-ups), `channelMessages(channelId)`, `botMessages()`,
 * `message(id)`, `expectNoMessage(ms, pred?)` (rejects if the bot posts anything in that window),
 * `addReaction({ message, emoji, user? })` (MESSAGE_REACTION_ADD).
 * A MessageRecord is `{ message: APIMessage, channelId, guildId, source, body (the bot's request body),
 * allowedMentions, interactionId, edits, deleted, ephemeral }`. Uploaded files become `message.attachments`
 * (an embed image `attachment://name` is shown as that attachment's URL); `attachmentData(id)` gives the bytes.
 *
 * Users/commands: `createUser({ username, bot? }, { guildIds?, roles? })`, `commands(guildId?)` (registered
 * via PUT/POST; ids, version, application_id filled in), `user(id)`.
 *
 * REST log: `requests` (`{ method, path, route, template, query, headers (no authorization), body (JSON or
 * multipart payload_json), files, status, injected }`), `unhandledRequests`, `waitForRequest(match, ms)`.
 * Unknown routes are logged ("unhandled REST route: METHOD /api/v10/...") and answered
 * `404 {"message":"404: Not Found","code":0}`. Every response carries x-ratelimit-* headers.
 * Validation mirrors Discord for common mistakes (400 50035 Invalid Form Body with nested `errors` for
 * content > 2000, > 10 embeds, embed limits, bad command names/descriptions...; 50006 empty message;
 * 40060 already acknowledged; 10062 unknown/expired interaction; 401 `{"message":"401: Unauthorized","code":0}`
 * for a wrong token).
 *
 * Faults: `failNext({ method?, path, status?, retryAfter?, global?, body?, times?, delayMs? })` → FaultHandle
 * (`path`: "/channels/:id/messages", "/webhooks/*" or a RegExp on the route after /api/v10; 429 sends
 * `retry-after` + `{ message, retry_after, global }`; 5xx are retried by discord.js up to 3 times),
 * `dropConnection(code = 4000, reason?)` (close frame; resumable unless 4004/4010-4014),
 * `terminateConnection()` (no close frame → 1006 → resume), `invalidateSession(resumable = false)` (op 9),
 * `requestReconnect()` (op 7), `setHeartbeatAcks(enabled)` (zombie connection), `restart({ downtimeMs })`
 * (close HTTP + WS, reopen on the same port, state and sessions kept), `close()` (idempotent; terminates
 * every socket and rejects pending waits so the test runner can exit).
 *
 * Gateway close codes sent automatically: 4004 wrong token (IDENTIFY/RESUME), 4014 disallowed privileged
 * intent, 4013 invalid intents, 4005 double IDENTIFY, 4003 payload before IDENTIFY, 4001 unknown opcode,
 * 4002 undecodable payload / unsupported encoding or compression, 4012 not v=10, 4010 invalid shard.
 * RESUME of an unknown session is answered with op 9 d:false.
 *
 * ## discord.js behaviour worth knowing (14.28)
 * - Login = `GET /gateway/bot` (401 → `TokenInvalid`) + WebSocket; `clientReady` waits for one GUILD_CREATE
 *   per READY guild. After a resumable close it waits 500 ms, then RESUMEs at READY's resume_gateway_url.
 * - A non-resumable op 9 makes it re-IDENTIFY, but its identify throttle spaces IDENTIFYs 5 s (+ up to
 *   1.5 s jitter) apart, so expect ~4-6 s; events dispatched in between are lost (as on Discord).
 * - MESSAGE_CREATE needs `channel_type` to materialise an uncached DM channel (Partials.Channel).
 * - Interactions need `authorizing_integration_owners`, `entitlements`, `app_permissions`; callbacks are
 *   sent without Authorization; `interaction.followUp()` uses `?wait=true`; 5xx are retried 3 times.
 */
import { createServer, type Server } from "node:http";
import type { APIApplicationCommand, APIEmbed, APIMessage, APIUser } from "discord.js";
import { Core, type InteractionState, MessageFlag } from "./core.js";
import { shardIdOf } from "./gateway.js";
import {
  deliverToEndpoint,
  type InteractionsEndpoint,
  postSigned,
  signatureHeaders,
} from "./http-endpoint.js";
import { createCommandInteraction, createComponentInteraction, createHandle } from "./interactions.js";
import { compilePathPattern, handleHttp } from "./rest.js";
import type {
  AutocompleteHandle,
  AutocompleteInput,
  CommandInput,
  ComponentInput,
  EmulatorOptions,
  EndpointDelivery,
  FailRule,
  FaultHandle,
  GatewayReceived,
  GatewaySessionInfo,
  GlobalWindow,
  IdentifyRecord,
  InteractionHandle,
  MessageRecord,
  MessageRef,
  RecordedRequest,
  ResumeRecord,
  UserMessageInput,
  UserRef,
  UserSeed,
} from "./types.js";
import { sleep } from "./waiters.js";
import { type GuildState, World } from "./world.js";

export { shardIdOf } from "./gateway.js";
export type { InteractionsEndpoint } from "./http-endpoint.js";
export { signatureHeaders } from "./http-endpoint.js";
export { DISCORD_EPOCH, SnowflakeGenerator, snowflakeTimestamp } from "./snowflake.js";
export type * from "./types.js";
export type { GuildState, MemberState } from "./world.js";

export class DiscordEmulator {
  readonly #core: Core;
  readonly #options: EmulatorOptions;
  #server: Server | null = null;
  #closed = false;

  /** @internal use `startEmulator()` */
  constructor(options: EmulatorOptions = {}) {
    this.#options = options;
    const log = options.log === false ? () => {} : (options.log ?? ((line: string) => console.warn(line)));
    const world = new World(options);
    this.#core = new Core(
      world,
      {
        token: options.token ?? "emulator-token",
        interactionAckTimeoutMs: options.interactionAckTimeoutMs ?? 3000,
        strictCommands: options.strictCommands ?? false,
        echoBotMessages: options.echoBotMessages ?? true,
        checkRestToken: options.checkRestToken ?? true,
        globalRateLimit: options.globalRateLimit === false ? 0 : (options.globalRateLimit ?? 50),
        defaultTimeoutMs: options.defaultTimeoutMs ?? 5000,
        log,
      },
      {
        heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
        privileged: {
          messageContent: options.messageContentAllowed ?? true,
          guildMembers: options.guildMembersAllowed ?? true,
          presences: options.presencesAllowed ?? true,
        },
        recommendedShards: options.shards ?? 1,
        identifyWindowMs: options.identifyWindowMs ?? 0,
        maxConcurrency: options.maxConcurrency ?? 1,
      },
    );
    this.#core.host = options.host ?? "127.0.0.1";
  }

  /** @internal */
  async listen(port: number): Promise<void> {
    const core = this.#core;
    const server = createServer((req, res) => {
      void handleHttp(core, req, res);
    });
    server.on("upgrade", (req, socket, head) => {
      core.gateway.handleUpgrade(req, socket, head);
    });
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, core.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const address = server.address();
    core.port = typeof address === "object" && address ? address.port : port;
    this.#server = server;
  }

  // --- addresses & world -------------------------------------------------------------------------------

  get apiUrl(): string {
    return this.#core.apiUrl;
  }
  get gatewayUrl(): string {
    return this.#core.gatewayUrl;
  }
  get port(): number {
    return this.#core.port;
  }
  get token(): string {
    return this.#core.config.token;
  }
  get applicationId(): string {
    return this.#core.world.applicationId;
  }
  get botUser(): APIUser {
    return this.#core.world.botUser;
  }
  /** "tester": a plain member of every guild; the default author/user of everything a test sends. */
  get defaultUser(): APIUser {
    return this.#core.world.defaultUser;
  }
  /** Owner of the default guilds (has every permission). */
  get ownerUser(): APIUser {
    return this.#core.world.ownerUser;
  }
  /** The first guild's id. */
  get guildId(): string {
    return this.#core.world.guild().id;
  }
  /** The first guild's first text channel id. */
  get channelId(): string {
    const world = this.#core.world;
    return world.defaultChannel(world.guild()).id;
  }
  /** Guild state (roles, channels, members) — mutable, for advanced setups. */
  guilds(): GuildState[] {
    return [...this.#core.world.guilds.values()];
  }
  user(id: string): APIUser | undefined {
    return this.#core.world.users.get(id);
  }

  /** Create a user; it joins the given guilds (default: every guild) with the given role ids. */
  createUser(seed: UserSeed, opts: { guildIds?: string[]; roles?: string[] } = {}): APIUser {
    const world = this.#core.world;
    const user = world.addUser(seed);
    for (const guild of world.guilds.values()) {
      if (opts.guildIds && !opts.guildIds.includes(guild.id)) continue;
      world.memberState(guild, user.id).roles.push(...(opts.roles ?? []));
    }
    return user;
  }

  // --- gateway -----------------------------------------------------------------------------------------

  /** Open gateway sockets. */
  get connections(): number {
    return this.#core.gateway.conns.size;
  }
  /** Sessions currently attached to an open socket. */
  get sessions(): number {
    return this.#core.gateway.liveSessions().length;
  }
  get identifies(): readonly IdentifyRecord[] {
    return this.#core.gateway.identifies;
  }
  get resumes(): readonly ResumeRecord[] {
    return this.#core.gateway.resumes;
  }
  get gatewayReceived(): readonly GatewayReceived[] {
    return this.#core.gateway.received;
  }

  /** Resolves when a client has identified, was sent READY + every GUILD_CREATE, and is connected. */
  waitForReady(timeoutMs?: number): Promise<IdentifyRecord> {
    const gateway = this.#core.gateway;
    return this.waitFor(
      () => gateway.liveSessions().find((s) => s.readyAt > 0)?.identify,
      timeoutMs,
      () =>
        `a READY gateway session (connections: ${gateway.conns.size}, identifies: ${gateway.identifies
          .map((i) => (i.rejectedWith ? `rejected ${i.rejectedWith}` : "ok"))
          .join(", ")})`,
    );
  }

  /** Resolves when a RESUME beyond the `after`-th one (default: the ones seen so far) succeeded. */
  waitForResume(
    timeoutMs?: number,
    after = this.resumes.filter((r) => r.replayed !== null).length,
  ): Promise<ResumeRecord> {
    const gateway = this.#core.gateway;
    return this.waitFor(
      () => {
        const done = gateway.resumes.filter((r) => r.replayed !== null);
        return done.length > after && this.sessions > 0 ? done[after] : undefined;
      },
      timeoutMs,
      () => `a successful RESUME (#${after + 1}); resumes so far: ${JSON.stringify(gateway.resumes)}`,
    );
  }

  /** Generic wait: `check` runs now and after every emulator state change until it returns a truthy value. */
  waitFor<T>(
    check: () => T | undefined | null | false,
    timeoutMs?: number,
    what: string | (() => string) = "a condition",
  ): Promise<T> {
    return this.#core.hub.waitFor(check, timeoutMs ?? this.#core.config.defaultTimeoutMs, () =>
      typeof what === "string" ? what : what(),
    );
  }

  /**
   * Resolves when `count` shards (`shard: [0..count-1, count]`) each have a READY, connected session;
   * their IDENTIFY records, by shard id.
   */
  waitForShards(count: number, timeoutMs?: number): Promise<IdentifyRecord[]> {
    const gateway = this.#core.gateway;
    return this.waitFor(
      () => {
        const ready = gateway.liveSessions().filter((s) => s.readyAt > 0 && s.shard[1] === count);
        const byShard = new Map(ready.map((s) => [s.shard[0], s.identify]));
        if (byShard.size !== count) return undefined;
        return [...byShard.entries()].sort(([a], [b]) => a - b).map(([, identify]) => identify);
      },
      timeoutMs,
      () =>
        `${count} READY shards; live sessions: ${JSON.stringify(gateway.liveSessions().map((s) => ({ shard: s.shard, ready: s.readyAt > 0 })))}`,
    );
  }

  /** Every gateway session (live or waiting to resume), with its shard, guilds and the events it was sent. */
  gatewaySessions(): GatewaySessionInfo[] {
    return [...this.#core.gateway.sessions.values()].map((s) => ({
      id: s.id,
      shard: s.shard,
      connected: s.conn !== null,
      ready: s.readyAt > 0,
      guildIds: s.guildIds,
      presence: s.presence,
      identify: s.identify,
      events: s.log,
    }));
  }

  /** Sessions that were sent a `t` dispatch whose data matches (e.g. one interaction's id). */
  sessionsThatGot(t: string, match: (d: Record<string, unknown>) => boolean): GatewaySessionInfo[] {
    return this.gatewaySessions().filter((s) =>
      s.events.some((e) => e.t === t && typeof e.d === "object" && e.d !== null && match(e.d as never)),
    );
  }

  /** The shard that owns a guild for a bot with `shardCount` shards: `(guild_id >> 22) % shardCount`. */
  shardOf(guildId: string, shardCount: number): number {
    return shardIdOf(guildId, shardCount);
  }

  /** Dispatch a raw event (op 0) to every session; returns how many sessions got it. */
  dispatch(t: string, d: unknown): number {
    return this.#core.gateway.dispatch(t, d);
  }

  // --- interactions ------------------------------------------------------------------------------------

  async sendCommand(input: CommandInput): Promise<InteractionHandle> {
    this.#requireSession("sendCommand");
    const state = createCommandInteraction(this.#core, input, "command", null);
    this.#deliver(state, input.viaShard);
    return createHandle(this.#core, state);
  }

  async sendAutocomplete(input: AutocompleteInput): Promise<AutocompleteHandle> {
    this.#requireSession("sendAutocomplete");
    const state = createCommandInteraction(this.#core, input, "autocomplete", input.focused);
    this.#deliver(state);
    return createHandle(this.#core, state);
  }

  async clickButton(input: ComponentInput): Promise<InteractionHandle> {
    this.#requireSession("clickButton");
    const state = createComponentInteraction(this.#core, input);
    this.#deliver(state);
    return createHandle(this.#core, state);
  }

  /** INTERACTION_CREATE on the gateway, or a signed POST to the interactions endpoint when one is set. */
  #deliver(state: InteractionState, viaShard?: number): void {
    const endpoint = this.#core.interactionsEndpoint;
    if (endpoint) deliverToEndpoint(this.#core, endpoint, state);
    else this.#core.gateway.dispatchEach("INTERACTION_CREATE", () => state.payload, viaShard);
  }

  /** The global rate limit's windows so far (start, requests let through, requests refused with 429). */
  get globalWindows(): readonly GlobalWindow[] {
    return this.#core.globalWindows;
  }

  /** IDENTIFYs refused (op 9) for coming too soon after their bucket's last login (`identifyWindowMs`). */
  get identifiesTooSoon(): readonly IdentifyRecord[] {
    return this.#core.gateway.identifiesTooSoon;
  }

  // --- interactions endpoint (HTTP mode) ---------------------------------------------------------------

  /**
   * Deliver interactions (sendCommand, sendAutocomplete, clickButton) as Discord does to an application
   * with an Interactions Endpoint URL: POSTed with an Ed25519 signature, the HTTP response taken as the
   * callback (handles, `final()`, webhooks and follow-ups work as with the gateway). `null` switches back.
   */
  useInteractionsEndpoint(endpoint: InteractionsEndpoint | null): void {
    this.#core.interactionsEndpoint = endpoint;
  }

  /** Every POST to the interactions endpoint so far, with its status and response body. */
  get endpointDeliveries(): readonly EndpointDelivery[] {
    return this.#core.endpointDeliveries;
  }

  /** A signed PING (type 1) to the endpoint; Discord expects 200 `{ "type": 1 }`. */
  async pingInteractionsEndpoint(): Promise<{ status: number; body: unknown }> {
    const endpoint = this.#requireEndpoint();
    return postSigned(endpoint, this.#pingPayload());
  }

  /**
   * What Discord checks before it accepts an Interactions Endpoint URL: a signed PING answered with
   * `{ type: 1 }`, and a PING with an invalid signature refused with 401. `problems` says what failed.
   */
  async verifyInteractionsEndpoint(): Promise<{ ok: boolean; problems: string[] }> {
    const endpoint = this.#requireEndpoint();
    const problems: string[] = [];
    const good = await postSigned(endpoint, this.#pingPayload());
    if (good.status !== 200 || (good.body as { type?: unknown } | null)?.type !== 1) {
      problems.push(
        `signed PING answered ${good.status} ${JSON.stringify(good.body)} (expected 200 {"type":1})`,
      );
    }
    const payload = this.#pingPayload();
    const headers = signatureHeaders(endpoint.privateKey, JSON.stringify({ ...payload, id: "0" }));
    const forged = await postSigned(endpoint, payload, headers);
    if (forged.status !== 401)
      problems.push(`PING with an invalid signature answered ${forged.status} (expected 401)`);
    return { ok: problems.length === 0, problems };
  }

  #pingPayload() {
    return {
      id: this.#core.world.ids.next(),
      application_id: this.#core.world.applicationId,
      type: 1,
      token: `emu.ping.${Date.now()}`,
      version: 1,
    };
  }

  #requireEndpoint(): InteractionsEndpoint {
    const endpoint = this.#core.interactionsEndpoint;
    if (!endpoint)
      throw new Error("[emulator] no interactions endpoint (call useInteractionsEndpoint first)");
    return endpoint;
  }

  /** A select-menu interaction (same as clickButton with `values`). */
  selectMenu(input: ComponentInput & { values: string[] }): Promise<InteractionHandle> {
    return this.clickButton(input);
  }

  #requireSession(what: string): void {
    if (this.#core.interactionsEndpoint) return;
    if (this.#core.gateway.sessions.size === 0) {
      throw new Error(
        `[emulator] ${what}: no gateway session (has the client logged in? await emu.waitForReady())`,
      );
    }
  }

  // --- messages ----------------------------------------------------------------------------------------

  /** A user posts a message: stored and dispatched as MESSAGE_CREATE. */
  /**
   * Many MESSAGE_CREATEs as a burst, `batch` at a time with `pauseMs` between (20 and 10: 2,000 a second).
   * Dispatching hundreds in one go would stall the event loop this emulator shares with the test, and skew
   * its clock for the global rate limit.
   */
  async sendMessages(
    inputs: readonly UserMessageInput[],
    { batch = 20, pauseMs = 10 }: { batch?: number; pauseMs?: number } = {},
  ): Promise<MessageRecord[]> {
    const sent: MessageRecord[] = [];
    for (let i = 0; i < inputs.length; i += batch) {
      sent.push(...(await Promise.all(inputs.slice(i, i + batch).map((input) => this.sendMessage(input)))));
      await sleep(pauseMs);
    }
    return sent;
  }

  async sendMessage(input: UserMessageInput): Promise<MessageRecord> {
    const core = this.#core;
    const world = core.world;
    let author: APIUser;
    if (input.author !== undefined) author = world.user(input.author);
    else if (input.bot) {
      author =
        [...world.users.values()].find((u) => u.bot && u.id !== world.botUser.id) ??
        world.addUser({ username: "other-bot", bot: true });
    } else author = world.defaultUser;
    let channelId: string;
    if (input.dm) channelId = world.dmChannel(author.id).id;
    else if (input.channelId) channelId = input.channelId;
    else channelId = world.defaultChannel(world.guild(input.guildId)).id;
    const info = world.channel(channelId);
    if (!info) throw new Error(`[emulator] sendMessage: unknown channel ${channelId}`);
    if (input.guildId && (info.kind !== "guild" || info.guild.id !== input.guildId)) {
      throw new Error(`[emulator] sendMessage: channel ${channelId} is not in guild ${input.guildId}`);
    }
    const guild = info.kind === "guild" ? info.guild : null;
    if (guild) world.memberState(guild, author.id);
    const referenced = input.referencedMessage ? world.messageRecord(input.referencedMessage).message : null;
    const parsed = world.mentions(input.content, null, referenced, guild);
    const users = new Map(parsed.users.map((u) => [u.id, u]));
    for (const ref of input.mentions ?? []) {
      const user = world.user(ref);
      users.set(user.id, user);
    }
    return core.createMessage({
      channelId,
      author,
      parts: {
        content: input.content,
        embeds: (input.embeds ?? []) as APIEmbed[],
        components: input.components ?? [],
        attachments: [],
        flags: 0,
        tts: false,
      },
      type: referenced ? 19 : 0,
      source: "user",
      referenced,
      mentionOverride: {
        users: [...users.values()],
        roles: [...new Set([...parsed.roles, ...(input.mentionRoles ?? [])])],
        everyone: input.mentionEveryone ?? /@(everyone|here)\b/.test(input.content),
      },
    });
  }

  /**
   * Resolves with a message the bot created via `POST /channels/:id/messages` matching `predicate`
   * (already-created messages count too).
   */
  waitForChannelMessage(
    predicate: (message: APIMessage, record: MessageRecord) => boolean = () => true,
    timeoutMs?: number,
  ): Promise<MessageRecord> {
    const core = this.#core;
    return this.waitFor(
      () => core.botMessages().find((r) => r.source === "channel" && !r.deleted && predicate(r.message, r)),
      timeoutMs,
      () =>
        `a bot channel message matching the predicate; bot messages so far: ${this.#summary()}${core.recentRequests()}`,
    );
  }

  /** Like waitForChannelMessage, but also interaction replies and follow-ups. */
  waitForBotMessage(
    predicate: (message: APIMessage, record: MessageRecord) => boolean = () => true,
    timeoutMs?: number,
  ): Promise<MessageRecord> {
    const core = this.#core;
    return this.waitFor(
      () => core.botMessages().find((r) => !r.deleted && predicate(r.message, r)),
      timeoutMs,
      () =>
        `a bot message matching the predicate; bot messages so far: ${this.#summary()}${core.recentRequests()}`,
    );
  }

  /**
   * Resolves after `ms` if the bot created no message (channel, interaction reply, follow-up) matching
   * `predicate` in that window; rejects as soon as one appears.
   */
  async expectNoMessage(ms: number, predicate: (message: APIMessage) => boolean = () => true): Promise<void> {
    const core = this.#core;
    const before = new Set(core.botMessages().map((r) => r.message.id));
    const found = await core.hub
      .waitFor(
        () => core.botMessages().find((r) => !before.has(r.message.id) && predicate(r.message)),
        ms,
        () => "",
      )
      .catch((error: Error) => {
        if (error.message.includes("timed out")) return undefined;
        throw error;
      });
    if (found) {
      throw new Error(
        `[emulator] expected no bot message for ${ms}ms, but got (${found.source}) ${JSON.stringify(found.message.content)} in ${found.channelId}`,
      );
    }
  }

  /**
   * Calls `listener` for every message created or edited (users' and the bot's, interaction replies
   * included), synchronously, without scanning the store — for load runs awaiting thousands of replies.
   * Returns a function that removes it.
   */
  onMessage(listener: (record: MessageRecord, event: "create" | "edit") => void): () => void {
    const listeners = this.#core.messageListeners;
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /**
   * Forget what was recorded — messages, REST requests, interactions, endpoint deliveries, what clients sent
   * and each session's replay log — keeping users, guilds, commands and live sessions. For long (load) runs
   * that measure memory; earlier handles and message ids no longer resolve, and a RESUME from before this
   * point gets op 9.
   */
  clearHistory(): void {
    const core = this.#core;
    core.attachmentBytes.clear();
    core.world.messages.clear();
    core.world.channelLog.clear();
    core.requests.length = 0;
    core.interactions.clear();
    core.interactionsByToken.clear();
    core.endpointDeliveries.length = 0;
    core.gateway.received.length = 0;
    for (const session of core.gateway.sessions.values()) session.log.length = 0;
    core.hub.notify();
  }

  /** Visible (not deleted) messages of a channel, oldest first, including the users' ones. */
  channelMessages(channelId: string = this.channelId): MessageRecord[] {
    return this.#core.channelMessages(channelId);
  }

  botMessages(): MessageRecord[] {
    return this.#core.botMessages();
  }

  message(id: string): MessageRecord | undefined {
    return this.#core.world.messages.get(id);
  }

  /** A user reacts to a message (MESSAGE_REACTION_ADD, to sessions with the reactions intent). */
  addReaction(input: { message: MessageRef; emoji: string; user?: UserRef }): void {
    const core = this.#core;
    const record = core.world.messageRecord(input.message);
    const user = core.world.user(input.user ?? core.world.defaultUser);
    const [name, id] = input.emoji.includes(":") ? input.emoji.split(":") : [input.emoji, undefined];
    const guild = record.guildId ? core.world.guilds.get(record.guildId) : undefined;
    const d = {
      user_id: user.id,
      channel_id: record.channelId,
      message_id: record.message.id,
      emoji: { id: id ?? null, name: name ?? input.emoji },
      burst: false,
      type: 0,
      message_author_id: record.message.author.id,
      ...(guild ? { guild_id: guild.id, member: core.world.member(guild, user.id) } : {}),
    };
    const bit = guild ? 1 << 10 : 1 << 13;
    core.gateway.dispatchEach("MESSAGE_REACTION_ADD", (s) => (s.intents & bit ? d : undefined));
  }

  #summary(): string {
    const list = this.#core.botMessages().slice(-5);
    if (list.length === 0) return "none";
    return list
      .map(
        (r) =>
          `[${r.source}${r.deleted ? ", deleted" : ""}${(r.message.flags ?? 0) & MessageFlag.Loading ? ", loading" : ""}] ${JSON.stringify(r.message.content.slice(0, 80))}`,
      )
      .join("; ");
  }

  // --- REST log & commands -----------------------------------------------------------------------------

  /** The bytes uploaded as an attachment (by its id in `message.attachments`), or undefined. */
  attachmentData(attachmentId: string): Buffer | undefined {
    return this.#core.attachmentBytes.get(attachmentId);
  }

  get requests(): readonly RecordedRequest[] {
    return this.#core.requests;
  }

  /** Requests that matched no route (also logged when they happen). */
  get unhandledRequests(): RecordedRequest[] {
    return this.#core.requests.filter(
      (r) => r.template === null && (r.status === 404 || r.status === 405) && !r.injected,
    );
  }

  /** Resolves with the first completed request matching `match` (method + route pattern, or a predicate). */
  waitForRequest(
    match: { method?: string; path: string | RegExp } | ((request: RecordedRequest) => boolean),
    timeoutMs?: number,
  ): Promise<RecordedRequest> {
    const test =
      typeof match === "function"
        ? match
        : (() => {
            const matcher = compilePathPattern(match.path);
            return (r: RecordedRequest) =>
              (!match.method || match.method.toUpperCase() === r.method) && matcher(r.route);
          })();
    return this.waitFor(
      () => this.#core.requests.find((r) => r.status !== 0 && test(r)),
      timeoutMs,
      () => `a matching REST request${this.#core.recentRequests()}`,
    );
  }

  /** Registered application commands (global when `guildId` is omitted). */
  commands(guildId?: string): APIApplicationCommand[] {
    return [...this.#core.world.commandScope(guildId ?? null).values()];
  }

  // --- faults ------------------------------------------------------------------------------------------

  /** Make the next `times` matching REST requests fail with `status` (and/or be delayed by `delayMs`). */
  failNext(rule: FailRule): FaultHandle {
    const fault = { rule, remaining: rule.times ?? 1, hits: 0, matcher: compilePathPattern(rule.path) };
    const core = this.#core;
    core.faults.push(fault);
    return {
      get hits() {
        return fault.hits;
      },
      get remaining() {
        return fault.remaining;
      },
      cancel: () => {
        fault.remaining = 0;
        const index = core.faults.indexOf(fault);
        if (index >= 0) core.faults.splice(index, 1);
      },
    };
  }

  /** Close the gateway socket(s) with `code` (default 4000: resumable). Returns how many were closed. */
  dropConnection(code = 4000, reason = "Emulated disconnect"): number {
    return this.#core.gateway.drop(code, reason);
  }

  /** Kill the gateway socket(s) without a close frame (client sees 1006 and resumes). */
  terminateConnection(): number {
    return this.#core.gateway.terminate();
  }

  /** Send op 9 Invalid Session; `resumable = false` forgets the session (the client re-identifies). */
  invalidateSession(resumable = false): number {
    return this.#core.gateway.invalidate(resumable);
  }

  /** Send op 7 Reconnect (the client reconnects and resumes). */
  requestReconnect(): number {
    return this.#core.gateway.requestReconnect();
  }

  /** Stop (or resume) acknowledging heartbeats — discord.js then treats the connection as a zombie. */
  setHeartbeatAcks(enabled: boolean): void {
    this.#core.gateway.heartbeatAcks = enabled;
  }

  /** Close the HTTP + WS servers and reopen them on the same port, keeping all state and sessions. */
  async restart(opts: { downtimeMs?: number } = {}): Promise<void> {
    if (this.#closed) throw new Error("[emulator] restart() after close()");
    await this.#stopServer();
    if (opts.downtimeMs) await sleep(opts.downtimeMs);
    this.#core.gateway.reopen();
    await this.listen(this.#core.port);
  }

  /** Terminate every socket, stop the servers and reject pending waits. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#core.hub.close(new Error("[emulator] closed"));
    await this.#stopServer();
  }

  async #stopServer(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    await this.#core.gateway.shutdown();
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** The options this emulator was started with. */
  get options(): Readonly<EmulatorOptions> {
    return this.#options;
  }
}

/** Start an emulator listening on 127.0.0.1 (ephemeral port unless `options.port`). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<DiscordEmulator> {
  const emulator = new DiscordEmulator(options);
  await emulator.listen(options.port ?? 0);
  return emulator;
}
