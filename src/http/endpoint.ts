import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { finished } from "node:stream/promises";
import { setTimeout as delay } from "node:timers/promises";
import type { APIInteractionResponseCallbackData } from "discord-api-types/v10";
import type { HttpConfig } from "../app/config.js";
import { type Logger, silentLogger } from "../app/log.js";
import { type EngineRef, engineRefOf, type Reloader } from "../app/reload.js";
import type { Engine } from "../engine/types.js";
import { type ChartOptions, warmCharts } from "../framework/charts.js";
import type { Services } from "../framework/command.js";
import { createPipeline } from "../framework/dispatch.js";
import { loadCommands } from "../framework/load-commands.js";
import { answerInteraction, type InteractionServices } from "./interactions.js";
import { checkSignature, publicKeyFromHex } from "./verify.js";

/**
 * The HTTP interactions endpoint: Discord POSTs each interaction to `POST /interactions`, signed; the
 * response body is the answer. No gateway connection and no state between requests, so any number of
 * replicas can run behind a load balancer. Free-text questions (mentions, DMs) need the gateway bot.
 */

/** Discord's interaction payloads are a few kB; anything far larger is refused unread. */
export const BODY_LIMIT_BYTES = 100 * 1024;
/** How long stop() waits for requests and deferred edits in flight. */
const STOP_GRACE_MS = 5_000;

export interface HttpEndpointOptions {
  log?: Logger;
  /** Default: every interface (behind a load balancer). */
  host?: string;
  bodyLimitBytes?: number;
  /** Answer with "thinking…" (type 5) when a reply takes longer than this; default 2 s. */
  deferAfterMs?: number;
  /** Replaces the REST edit of @original (tests). */
  editOriginal?: InteractionServices["editOriginal"];
  reload?: Reloader;
  /** Commands to serve instead of `commands/` (tests). */
  commands?: Services["commands"];
  /** How charts are drawn and how long an answer waits for one (tests); default: chart.js, 1.5 s. */
  charts?: ChartOptions;
}

export interface HttpEndpoint {
  server: Server;
  port: number;
  /** e.g. http://127.0.0.1:3000 (loopback, for local callers). */
  url: string;
  /** Stops accepting requests, finishes those in flight and deferred edits, then closes. */
  stop(): Promise<void>;
}

/** Edits @original with @discordjs/rest (via discord.js), honouring DISCORD_API_URL; no token needed. */
function restEditor(config: HttpConfig): InteractionServices["editOriginal"] {
  let rest: Promise<{ patch(route: `/${string}`, options: object): Promise<unknown> }> | undefined;
  let routes: typeof import("discord.js").Routes | undefined;
  return async (applicationId, token, body: APIInteractionResponseCallbackData, files = []) => {
    rest ??= import("discord.js").then(({ REST, Routes }) => {
      routes = Routes;
      const client = new REST({ version: "10", ...(config.apiUrl && { api: config.apiUrl }) });
      if (config.token) client.setToken(config.token);
      return client;
    });
    const client = await rest;
    if (!routes) throw new Error("discord.js did not load");
    await client.patch(routes.webhookMessage(applicationId, token, "@original"), {
      body,
      files: files.map((file) => ({ name: file.name, data: file.data })),
      auth: false,
    });
  };
}

type BodyResult = { ok: true; body: Uint8Array } | { ok: false };

/** The raw body, or `ok: false` as soon as it exceeds `limit` (the rest is drained unread). */
function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) {
    req.resume();
    return Promise.resolve({ ok: false });
  }
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const onData = (chunk: Uint8Array) => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.resume();
        resolve({ ok: false });
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => {
      if (size > limit) return;
      const body = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.length;
      }
      resolve({ ok: true, body });
    });
    req.on("error", reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export async function startHttpEndpoint(
  config: HttpConfig,
  engine: Engine | EngineRef,
  options: HttpEndpointOptions = {},
): Promise<HttpEndpoint> {
  const log = options.log ?? silentLogger();
  const key = publicKeyFromHex(config.publicKey);
  const engines = engineRefOf(engine);
  const commands = options.commands ?? (await loadCommands(engines.current.base));
  // No conversation memory: replicas share nothing, so every question is read alone (follow-ups need the
  // gateway bot, as /help says here).
  const pipeline = createPipeline(
    { commands, engines, ...(options.reload && { reload: options.reload }) },
    { log, client: "http", ...(options.charts && { charts: options.charts }) },
  );
  const services: InteractionServices = {
    pipeline,
    log,
    editOriginal: options.editOriginal ?? restEditor(config),
    ...(options.deferAfterMs !== undefined && { deferAfterMs: options.deferAfterMs }),
  };
  const limit = options.bodyLimitBytes ?? BODY_LIMIT_BYTES;
  const inflight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    const settled = work.catch(() => {});
    inflight.add(settled);
    void settled.finally(() => inflight.delete(settled));
  };
  let stopping = false;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/health") {
      if (req.method !== "GET" && req.method !== "HEAD") {
        send(res, 405, { error: "method not allowed" }, { allow: "GET, HEAD" });
        return;
      }
      if (stopping) send(res, 503, { status: "stopping" });
      else send(res, 200, { status: "ok", facts: engines.current.base.facts.length });
      return;
    }
    if (path !== "/interactions") {
      send(res, 404, { error: "not found" });
      return;
    }
    if (req.method !== "POST") {
      send(res, 405, { error: "method not allowed" }, { allow: "POST" });
      return;
    }
    const read = await readBody(req, limit);
    if (!read.ok) {
      send(res, 413, { error: "payload too large" }, { connection: "close" });
      return;
    }
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const check = checkSignature(
      key,
      { signature: header("x-signature-ed25519"), timestamp: header("x-signature-timestamp") },
      read.body,
    );
    if (!check.ok) {
      log.warn({ reason: check.reason, remote: req.socket.remoteAddress }, "refused an unsigned interaction");
      send(res, 401, { error: "invalid request signature" });
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(new TextDecoder().decode(read.body));
    } catch {
      send(res, 400, { error: "body is not JSON" });
      return;
    }
    const answer = await answerInteraction(payload, services);
    if (!answer.ok) {
      log.warn({ error: answer.error }, "unanswerable interaction");
      send(res, answer.status, { error: answer.error });
      return;
    }
    if (answer.later) track(answer.later);
    const { afterResponse } = answer;
    // What follows the response (attaching files) edits the message it creates: only once it is sent.
    if (afterResponse) track(finished(res).then(afterResponse));
    send(res, 200, answer.response);
  }

  const server = createServer((req, res) => {
    const work = handle(req, res).catch((error: unknown) => {
      log.error({ err: error }, "interactions endpoint failed");
      if (!res.headersSent) send(res, 500, { error: "internal error" });
      else res.destroy();
    });
    track(work);
  });
  // Discord waits 3 s for an answer; a client that sends nothing for much longer is not Discord.
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;

  if (options.host) server.listen(config.port, options.host);
  else server.listen(config.port);
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  warmCharts(log);
  log.info(
    {
      port,
      commands: commands.size,
      facts: engines.current.base.facts.length,
      routes: ["POST /interactions", "GET /health"],
    },
    `interactions endpoint listening on port ${port}`,
  );

  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (stopping) return;
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      log.info({ inflight: inflight.size }, "stopping: finishing requests in flight");
      const deadline = delay(STOP_GRACE_MS);
      // A request finishing now may add a deferred edit, so wait until nothing is left (or time is up).
      while (inflight.size > 0) {
        const done = await Promise.race([Promise.allSettled([...inflight]).then(() => true), deadline]);
        if (done !== true) break;
      }
      server.closeAllConnections();
      await closed;
      log.info("interactions endpoint closed");
    },
  };
}
