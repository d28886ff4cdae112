import { config as loadDotenv } from "dotenv";
import { orExit, parseProxyConfig } from "../app/config.js";
import { createLogger } from "../app/log.js";
import { startProxy } from "./server.js";

/**
 * `npm run proxy`: the REST proxy every shard and machine of one bot shares (DISCORD_PROXY_URL). Listens on
 * PROXY_HOST:PROXY_PORT (127.0.0.1:8080); forwards to Discord, or to DISCORD_API_URL when set. SIGTERM and
 * SIGINT finish the requests in flight, then exit 0.
 */
loadDotenv({ quiet: true });

async function main(): Promise<void> {
  const config = orExit(parseProxyConfig(process.env));
  const log = createLogger({ level: config.logLevel ?? "info", base: { role: "rest-proxy" } });
  const proxy = await startProxy(config, log);
  const address = proxy.server.address();
  log.info(
    {
      url: proxy.url,
      port: typeof address === "object" && address ? address.port : config.port,
      upstream: config.apiUrl ?? "https://discord.com/api",
    },
    `REST proxy listening; set DISCORD_PROXY_URL=${proxy.url} on every shard`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping: finishing requests in flight");
    setTimeout(() => process.exit(1), 10_000).unref();
    proxy.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
