import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { proxyRequests } from "@discordjs/proxy";
import { REST, RESTEvents } from "discord.js";
import type { ProxyConfig } from "../config.js";
import type { Logger } from "../log.js";

/**
 * One REST rate limit for the whole bot: every shard on every machine sends its requests here, and one
 * @discordjs/rest instance applies Discord's limits (50 requests/s for the bot, each route's bucket) to all
 * of them together. The proxy is the one place that sees what reached Discord, so it logs 429s and the
 * invalid requests (401, 403, 429) that Discord counts towards a temporary ban.
 */

/** Discord bans for a while after 10,000 invalid requests in 10 minutes; warn well before. */
const INVALID_WARNING_EVERY = 100;

export interface ProxyHandle {
  server: Server;
  /** `http://host:port/api`: what each bot process sets as DISCORD_PROXY_URL. */
  url: string;
  rest: REST;
  stop(): Promise<void>;
}

export async function startProxy(config: ProxyConfig, log: Logger): Promise<ProxyHandle> {
  const rest = new REST({
    ...(config.apiUrl && { api: config.apiUrl }),
    invalidRequestWarningInterval: INVALID_WARNING_EVERY,
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

  const forward = proxyRequests(rest);
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
    Promise.resolve(forward(req, res)).catch((error: unknown) => {
      log.error(
        { err: error, method: req.method, path: req.url?.split("?")[0] },
        "proxying a request failed",
      );
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
