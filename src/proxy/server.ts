import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { populateErrorResponse, populateSuccessfulResponse } from "@discordjs/proxy";
// The ESM build, which @discordjs/proxy imports too: its error classes must be ours (instanceof).
import { REST, RESTEvents, type RequestMethod } from "@discordjs/rest";
import type { ProxyConfig } from "../app/config.js";
import type { Logger } from "../app/log.js";

/**
 * One REST rate limit for the whole bot: every shard on every machine sends its requests here, and one
 * @discordjs/rest instance applies Discord's limits (50 requests/s for the bot, each route's bucket) to all
 * of them together. The proxy is the one place that sees what reached Discord, so it logs 429s and the
 * invalid requests (401, 403, 429) that Discord counts towards a temporary ban.
 */

/** Discord bans for a while after 10,000 invalid requests in 10 minutes; warn well before. */
const INVALID_WARNING_EVERY = 100;
/**
 * Two requests a second short of Discord's 50: its one-second windows and ours begin at different moments
 * (network jitter), so a request sent at the end of one of our windows can land in Discord's next one.
 * Discord answers repeated 429s with a ban; 4% of the throughput is a cheap insurance.
 */
export const PROXY_REQUESTS_PER_SECOND = 48;

export interface ProxyHandle {
  server: Server;
  /** `http://host:port/api`: what each bot process sets as DISCORD_PROXY_URL. */
  url: string;
  rest: REST;
  stop(): Promise<void>;
}

/**
 * @discordjs/proxy's `proxyRequests`, with one change: the body is read into memory before it is queued.
 * `proxyRequests` hands @discordjs/rest the incoming stream, so when Discord answers 429 and the request is
 * retried, the retry goes out with an empty body (Discord then says 400). Request bodies are small JSON
 * (attachments at most a few MB), so buffering costs little. Responses go back through the package's own
 * helpers.
 */
function forwardTo(rest: REST) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://noop");
    const chunks: Uint8Array[] = [];
    for await (const chunk of req) chunks.push(chunk as Uint8Array);
    const body = Buffer.concat(chunks);
    const headers: Record<string, string> = {};
    if (req.headers["content-type"]) headers["Content-Type"] = req.headers["content-type"];
    if (req.headers.authorization) headers.authorization = req.headers.authorization;
    const reason = req.headers["x-audit-log-reason"];
    if (typeof reason === "string") headers["x-audit-log-reason"] = reason;
    try {
      const response = await rest.queueRequest({
        fullRoute: url.pathname.replace(/^\/api(\/v\d+)?/, "") as `/${string}`,
        method: (req.method ?? "GET") as RequestMethod,
        ...(body.length > 0 && { body }),
        // The caller's Authorization header is forwarded as it came.
        auth: false,
        passThroughBody: true,
        query: url.searchParams,
        headers,
      });
      await populateSuccessfulResponse(res, response);
    } catch (error) {
      if (!populateErrorResponse(res, error)) throw error;
    } finally {
      res.end();
    }
  };
}

export async function startProxy(config: ProxyConfig, log: Logger): Promise<ProxyHandle> {
  const rest = new REST({
    ...(config.apiUrl && { api: config.apiUrl }),
    invalidRequestWarningInterval: INVALID_WARNING_EVERY,
    globalRequestsPerSecond: PROXY_REQUESTS_PER_SECOND,
  });
  rest.on(RESTEvents.Response, (request, response) => {
    const { status } = response;
    if (status === 429) {
      const headers = response.headers;
      log.warn(
        {
          status,
          method: request.method,
          route: request.route,
          global: headers.get("x-ratelimit-global") === "true",
          scope: headers.get("x-ratelimit-scope"),
          retryAfter: Number(headers.get("retry-after") ?? 0),
        },
        "Discord answered 429 Too Many Requests",
      );
    } else if (status === 401 || status === 403) {
      log.warn({ status, method: request.method, route: request.route }, "invalid request");
    }
  });
  rest.on(RESTEvents.InvalidRequestWarning, ({ count, remainingTime }) => {
    log.error(
      { count, resetInMs: remainingTime },
      "invalid requests (401/403/429) are piling up; Discord bans the bot for a while at 10,000 in 10 minutes",
    );
  });
  rest.on(RESTEvents.RateLimited, (info) => {
    log.debug(
      { global: info.global, route: info.route, waitMs: info.timeToReset },
      "holding requests for the rate limit",
    );
  });

  const forward = forwardTo(rest);
  const tokens = new Set<string>();
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/health") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    if (!req.url?.startsWith("/api/")) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"message":"404: Not Found","code":0}');
      return;
    }
    const auth = req.headers.authorization;
    if (auth) {
      // Only a digest is kept: enough to notice a second bot, nothing that could leak the token.
      const digest = createHash("sha256").update(auth).digest("hex");
      if (!tokens.has(digest)) {
        tokens.add(digest);
        if (tokens.size === 2) {
          log.error(
            "a second bot token came through this proxy: the rate limit is per bot, so run one proxy per token",
          );
        }
      }
    }
    forward(req, res).catch((error: unknown) => {
      log.error(
        { err: error, method: req.method, path: req.url?.split("?")[0] },
        "proxying a request failed",
      );
      if (res.writableEnded) return;
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end('{"message":"502: Bad Gateway","code":0}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  const shown = host === "0.0.0.0" || host === "[::]" ? "127.0.0.1" : host;
  return {
    server,
    url: `http://${shown}:${port}/api`,
    rest,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
    },
  };
}
