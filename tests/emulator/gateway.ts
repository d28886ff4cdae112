/**
 * Gateway (WebSocket) half of the emulator: HELLO / IDENTIFY / READY + GUILD_CREATE, heartbeats,
 * RESUME with replay, op 9 / op 7, close codes, and per-session dispatch logs.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { GatewayIdentifyData, GatewayPresenceUpdateData, GatewayReadyDispatchData } from "discord.js";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import type { GatewayReceived, IdentifyRecord, ResumeRecord } from "./types.js";
import type { ChangeHub } from "./waiters.js";
import type { World } from "./world.js";

export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  GuildMessageReactions: 1 << 10,
  DirectMessages: 1 << 12,
  DirectMessageReactions: 1 << 13,
  MessageContent: 1 << 15,
} as const;

/** Every intent bit Discord currently defines: 0-16, 20, 21, 24, 25 (GatewayIntentBits). */
const VALID_INTENTS = 0x1ffff | (1 << 20) | (1 << 21) | (1 << 24) | (1 << 25);

/** Close codes after which Discord will not let the session be resumed. */
const FATAL_CLOSE_CODES = new Set([4004, 4010, 4011, 4012, 4013, 4014]);

const MAX_LOG = 2000;

interface DispatchPayload {
  op: 0;
  t: string;
  s: number;
  d: unknown;
}

interface Conn {
  ws: WebSocket;
  session: Session | null;
  openedAt: number;
}

export interface Session {
  id: string;
  seq: number;
  log: DispatchPayload[];
  conn: Conn | null;
  intents: number;
  identify: IdentifyRecord;
  presence: GatewayPresenceUpdateData | null;
  readyAt: number;
  /** `[shard_id, num_shards]` from IDENTIFY; `[0, 1]` when it sent none. */
  shard: [number, number];
  /** Guilds in its READY (the ones its shard owns). */
  guildIds: string[];
}

/** Events about a channel that, outside a guild (DMs), Discord sends to shard 0 only. */
const DM_ROUTED_EVENTS = new Set([
  "INTERACTION_CREATE",
  "MESSAGE_CREATE",
  "MESSAGE_UPDATE",
  "MESSAGE_DELETE",
  "MESSAGE_REACTION_ADD",
  "MESSAGE_REACTION_REMOVE",
  "TYPING_START",
  "CHANNEL_PINS_UPDATE",
]);

/** The shard a guild belongs to: `(guild_id >> 22) % num_shards`, as Discord routes it. */
export function shardIdOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** Whether a session (of a possibly sharded bot) gets an event about `guildId` (null: a DM). */
export function sessionOwns(session: Pick<Session, "shard">, guildId: string | null): boolean {
  const [id, count] = session.shard;
  if (count <= 1) return true;
  return guildId === null ? id === 0 : shardIdOf(guildId, count) === id;
}

export interface GatewayDeps {
  world: World;
  hub: ChangeHub;
  log: (line: string) => void;
  token: string;
  heartbeatIntervalMs: number;
  privileged: { messageContent: boolean; guildMembers: boolean; presences: boolean };
  gatewayUrl: () => string;
  /** What GET /gateway/bot recommends (`shards`); routing follows each IDENTIFY's own `shard`. */
  recommendedShards: number;
  /** Logins per bucket are refused (op 9) sooner than this after the last one; 0 = no pacing. */
  identifyWindowMs: number;
  maxConcurrency: number;
}

export class Gateway {
  private wss = new WebSocketServer({ noServer: true });
  readonly conns = new Set<Conn>();
  readonly sessions = new Map<string, Session>();
  readonly identifies: IdentifyRecord[] = [];
  /** IDENTIFYs refused for coming sooner than `identifyWindowMs` after their bucket's previous login. */
  readonly identifiesTooSoon: IdentifyRecord[] = [];
  /** When each bucket (shard id % max_concurrency) last let a login through. */
  private readonly lastLogin = new Map<number, number>();
  readonly resumes: ResumeRecord[] = [];
  readonly received: GatewayReceived[] = [];
  heartbeatAcks = true;

  constructor(private readonly deps: GatewayDeps) {}

  get recommendedShards(): number {
    return this.deps.recommendedShards;
  }

  get maxConcurrency(): number {
    return this.deps.maxConcurrency;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
  }

  // --- connection lifecycle ----------------------------------------------------------------------------

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const conn: Conn = { ws, session: null, openedAt: Date.now() };
    this.conns.add(conn);
    this.deps.hub.notify();
    ws.on("message", (data, isBinary) => this.onMessage(conn, data, isBinary));
    ws.on("close", (code) => this.onClose(conn, code));
    ws.on("error", (error) => this.deps.log(`[emulator] gateway socket error: ${error.message}`));

    const query = new URL(req.url ?? "/", "ws://localhost").searchParams;
    if (query.get("v") !== "10") {
      this.deps.log(`[emulator] gateway connection with v=${query.get("v")}; closing 4012`);
      ws.close(4012, "Invalid API version");
      return;
    }
    const encoding = query.get("encoding") ?? "json";
    if (encoding !== "json" || query.has("compress")) {
      this.deps.log(`[emulator] gateway: only encoding=json without compress is supported (${req.url})`);
      ws.close(4002, "Unsupported encoding/compression");
      return;
    }
    this.send(conn, { op: 10, d: { heartbeat_interval: this.deps.heartbeatIntervalMs }, s: null, t: null });
  }

  private onClose(conn: Conn, code: number): void {
    this.conns.delete(conn);
    const session = conn.session;
    if (session && session.conn === conn) {
      session.conn = null;
      // A client closing with 1000/1001 ends its session (Discord does the same).
      if (code === 1000 || code === 1001) this.sessions.delete(session.id);
    }
    conn.session = null;
    this.deps.hub.notify();
  }

  private send(conn: Conn, payload: unknown): void {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(JSON.stringify(payload));
  }

  private close(conn: Conn, code: number, reason: string): void {
    const session = conn.session;
    if (session) {
      if (session.conn === conn) session.conn = null;
      if (FATAL_CLOSE_CODES.has(code)) this.sessions.delete(session.id);
    }
    conn.session = null;
    if (conn.ws.readyState === WebSocket.OPEN || conn.ws.readyState === WebSocket.CONNECTING) {
      conn.ws.close(code, reason);
    }
    this.deps.hub.notify();
  }

  // --- inbound -----------------------------------------------------------------------------------------

  private onMessage(conn: Conn, data: RawData, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error("binary frame");
      payload = JSON.parse(data.toString()) as { op?: unknown; d?: unknown };
    } catch {
      this.close(conn, 4002, "Error while decoding payload.");
      return;
    }
    const op = typeof payload.op === "number" ? payload.op : -1;
    this.received.push({ at: Date.now(), op, d: op === 2 || op === 6 ? redactToken(payload.d) : payload.d });
    switch (op) {
      case 1:
        if (this.heartbeatAcks) this.send(conn, { op: 11, d: null, s: null, t: null });
        return;
      case 2:
        this.identify(conn, payload.d as GatewayIdentifyData);
        return;
      case 6:
        this.resume(conn, payload.d as { token?: string; session_id?: string; seq?: number });
        return;
      case 3:
      case 4:
      case 8:
      case 31:
        if (!conn.session) {
          this.close(conn, 4003, "Not authenticated.");
          return;
        }
        if (op === 3) conn.session.presence = payload.d as GatewayPresenceUpdateData;
        if (op === 8) this.requestGuildMembers(conn.session, payload.d as Record<string, unknown>);
        this.deps.hub.notify();
        return;
      default:
        this.close(conn, 4001, "Unknown opcode.");
    }
  }

  private identify(conn: Conn, d: GatewayIdentifyData | undefined): void {
    const record: IdentifyRecord = {
      at: Date.now(),
      token: typeof d?.token === "string" ? d.token : "",
      intents: typeof d?.intents === "number" ? d.intents : Number.NaN,
      properties: d?.properties ?? null,
      shard: Array.isArray(d?.shard) ? [d.shard[0], d.shard[1]] : null,
      presence: (d?.presence as GatewayPresenceUpdateData | undefined) ?? null,
      compress: d?.compress === true,
      largeThreshold: typeof d?.large_threshold === "number" ? d.large_threshold : null,
      sessionId: null,
      rejectedWith: null,
    };
    this.identifies.push(record);
    const rejection = this.identifyRejection(conn, record);
    if (rejection) {
      record.rejectedWith = rejection[0];
      this.close(conn, rejection[0], rejection[1]);
      return;
    }
    if (this.deps.identifyWindowMs > 0) {
      // Discord answers a login over the session start rate with an invalid session (op 9).
      const bucket = (record.shard?.[0] ?? 0) % this.deps.maxConcurrency;
      const last = this.lastLogin.get(bucket);
      if (last !== undefined && record.at - last < this.deps.identifyWindowMs) {
        this.identifiesTooSoon.push(record);
        this.send(conn, { op: 9, d: false, s: null, t: null });
        this.deps.hub.notify();
        return;
      }
      this.lastLogin.set(bucket, record.at);
    }
    const { world } = this.deps;
    const session: Session = {
      id: randomBytes(16).toString("hex"),
      seq: 0,
      log: [],
      conn,
      intents: record.intents,
      identify: record,
      presence: record.presence,
      readyAt: 0,
      shard: record.shard ?? [0, 1],
      guildIds: [],
    };
    record.sessionId = session.id;
    this.sessions.set(session.id, session);
    conn.session = session;

    // Each shard is told about, and later sent events of, only the guilds it owns.
    const guilds = [...world.guilds.values()].filter((g) => sessionOwns(session, g.id));
    session.guildIds = guilds.map((g) => g.id);
    const ready: GatewayReadyDispatchData & Record<string, unknown> = {
      v: 10,
      user: { ...world.botUser, verified: true, mfa_enabled: false, email: null },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: "normal",
      resume_gateway_url: this.deps.gatewayUrl(),
      ...(record.shard ? { shard: record.shard } : {}),
      application: {
        id: world.applicationId,
        flags: this.applicationFlags(),
      } as GatewayReadyDispatchData["application"],
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      user_settings: {},
      _trace: ['["emulator-gateway",{"micros":0}]'],
    };
    this.dispatchTo(session, "READY", ready);
    for (const guild of guilds) this.dispatchTo(session, "GUILD_CREATE", world.guildCreate(guild));
    session.readyAt = Date.now();
    this.deps.hub.notify();
  }

  /** Why Discord would refuse this IDENTIFY: [close code, reason], or null. */
  private identifyRejection(conn: Conn, record: IdentifyRecord): [number, string] | null {
    if (conn.session) return [4005, "Already authenticated."];
    if (stripBot(record.token) !== this.deps.token) return [4004, "Authentication failed."];
    const intents = record.intents;
    if (!Number.isInteger(intents) || intents < 0 || (intents & ~VALID_INTENTS) !== 0) {
      return [4013, "Invalid intent(s)."];
    }
    const { privileged } = this.deps;
    if (
      (intents & Intent.MessageContent && !privileged.messageContent) ||
      (intents & Intent.GuildMembers && !privileged.guildMembers) ||
      (intents & Intent.GuildPresences && !privileged.presences)
    ) {
      return [4014, "Disallowed intent(s)."];
    }
    const shard = record.shard;
    if (shard && (shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1])) return [4010, "Invalid shard."];
    return null;
  }

  /** Application flags as READY reports them (the privileged-intent approvals). */
  applicationFlags(): number {
    const { privileged } = this.deps;
    return (
      (privileged.presences ? 1 << 12 : 0) |
      (privileged.guildMembers ? 1 << 14 : 0) |
      (privileged.messageContent ? 1 << 18 : 0)
    );
  }

  private resume(conn: Conn, d: { token?: string; session_id?: string; seq?: number } | undefined): void {
    const seq = typeof d?.seq === "number" ? d.seq : 0;
    const sessionId = typeof d?.session_id === "string" ? d.session_id : "";
    const record: ResumeRecord = { at: Date.now(), sessionId, seq, replayed: null };
    this.resumes.push(record);
    if (conn.session) {
      this.close(conn, 4005, "Already authenticated.");
      return;
    }
    if (stripBot(d?.token ?? "") !== this.deps.token) {
      this.close(conn, 4004, "Authentication failed.");
      return;
    }
    const session = this.sessions.get(sessionId);
    const oldest = session?.log[0]?.s ?? 1;
    if (!session || seq > session.seq || (session.seq > seq && oldest > seq + 1)) {
      // Unknown / expired session: Discord answers op 9 (not resumable) and the client re-identifies.
      this.send(conn, { op: 9, d: false, s: null, t: null });
      this.deps.hub.notify();
      return;
    }
    if (session.conn && session.conn !== conn) {
      const old = session.conn;
      session.conn = null;
      old.session = null;
      old.ws.close(4000, "Session resumed elsewhere");
    }
    session.conn = conn;
    conn.session = session;
    const missed = session.log.filter((p) => p.s > seq);
    for (const payload of missed) this.send(conn, payload);
    record.replayed = missed.length;
    this.dispatchTo(session, "RESUMED", { _trace: ['["emulator-gateway",{"micros":0}]'] });
    this.deps.hub.notify();
  }

  private requestGuildMembers(session: Session, d: Record<string, unknown>): void {
    const { world } = this.deps;
    const guildIds = Array.isArray(d.guild_id) ? (d.guild_id as string[]) : [String(d.guild_id)];
    const userIds = Array.isArray(d.user_ids)
      ? (d.user_ids as string[])
      : typeof d.user_ids === "string"
        ? [d.user_ids]
        : null;
    const query = typeof d.query === "string" ? d.query.toLowerCase() : "";
    const limit = typeof d.limit === "number" ? d.limit : 0;
    for (const guildId of guildIds) {
      const guild = world.guilds.get(guildId);
      if (!guild) continue;
      let ids = [...guild.members.keys()];
      if (userIds) ids = ids.filter((id) => userIds.includes(id));
      else if (query) ids = ids.filter((id) => world.user(id).username.toLowerCase().startsWith(query));
      if (!userIds && limit > 0) ids = ids.slice(0, limit);
      this.dispatchTo(session, "GUILD_MEMBERS_CHUNK", {
        guild_id: guild.id,
        members: ids.map((id) => world.member(guild, id)),
        chunk_index: 0,
        chunk_count: 1,
        ...(userIds ? { not_found: userIds.filter((id) => !guild.members.has(id)) } : {}),
        ...(d.nonce !== undefined ? { nonce: d.nonce } : {}),
      });
    }
  }

  // --- outbound ----------------------------------------------------------------------------------------

  private dispatchTo(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    const payload: DispatchPayload = { op: 0, t, s: session.seq, d };
    session.log.push(payload);
    if (session.log.length > MAX_LOG) session.log.splice(0, session.log.length - MAX_LOG);
    if (session.conn) this.send(session.conn, payload);
  }

  /** Dispatch an event to every session (connected, or waiting to resume — then it is replayed). */
  dispatch(t: string, d: unknown): number {
    return this.dispatchEach(t, () => d);
  }

  /**
   * Dispatch with per-session data; `data` returns undefined to skip a session (intent filtering).
   * An event carrying `guild_id` goes only to sessions whose shard owns that guild; a DM event to shard 0.
   */
  dispatchEach(t: string, data: (session: Session) => unknown, viaShard?: number): number {
    let count = 0;
    for (const session of this.sessions.values()) {
      const d = data(session);
      if (d === undefined) continue;
      if (viaShard === undefined ? !routesTo(session, t, d) : session.shard[0] !== viaShard) continue;
      this.dispatchTo(session, t, d);
      count += 1;
    }
    this.deps.hub.notify();
    return count;
  }

  // --- fault controls ----------------------------------------------------------------------------------

  /** Close every live socket with `code` (sessions stay resumable unless the code is fatal). */
  drop(code: number, reason: string): number {
    const conns = [...this.conns];
    for (const conn of conns) this.close(conn, code, reason);
    return conns.length;
  }

  /** Kill every socket without a close frame (the client sees 1006). */
  terminate(): number {
    const conns = [...this.conns];
    for (const conn of conns) {
      if (conn.session?.conn === conn) conn.session.conn = null;
      conn.session = null;
      conn.ws.terminate();
    }
    this.deps.hub.notify();
    return conns.length;
  }

  /** Send op 9 on every identified socket; non-resumable sessions are forgotten. */
  invalidate(resumable: boolean): number {
    let count = 0;
    for (const conn of this.conns) {
      const session = conn.session;
      if (!session) continue;
      session.conn = null;
      conn.session = null;
      if (!resumable) this.sessions.delete(session.id);
      this.send(conn, { op: 9, d: resumable, s: null, t: null });
      count += 1;
    }
    this.deps.hub.notify();
    return count;
  }

  /** Send op 7 (Reconnect) on every socket; discord.js closes with 4200 and resumes. */
  requestReconnect(): number {
    for (const conn of this.conns) this.send(conn, { op: 7, d: null, s: null, t: null });
    return this.conns.size;
  }

  /** Terminate every socket and stop accepting upgrades (sessions are kept). */
  async shutdown(): Promise<void> {
    this.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  /** A fresh WebSocketServer after `shutdown()` (for `restart()`). */
  reopen(): void {
    this.wss = new WebSocketServer({ noServer: true });
  }

  liveSessions(): Session[] {
    return [...this.sessions.values()].filter((s) => s.conn !== null);
  }
}

function routesTo(session: Session, t: string, d: unknown): boolean {
  const guildId =
    d && typeof d === "object" && typeof (d as { guild_id?: unknown }).guild_id === "string"
      ? (d as { guild_id: string }).guild_id
      : null;
  if (guildId !== null) return sessionOwns(session, guildId);
  return DM_ROUTED_EVENTS.has(t) ? sessionOwns(session, null) : true;
}

function stripBot(token: string): string {
  return token.replace(/^Bot\s+/i, "");
}

function redactToken(d: unknown): unknown {
  if (d && typeof d === "object" && "token" in d) return { ...d, token: "[redacted]" };
  return d;
}
