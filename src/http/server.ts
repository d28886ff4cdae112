import { config as loadDotenv } from "dotenv";
import { orExit, parseHttpConfig } from "../config.js";
import { createLogger } from "../log.js";
import { createReloader, EngineHolder } from "../reload.js";
import { createDefaultEngine } from "../runtime.js";
import { startHttpEndpoint } from "./endpoint.js";

/**
 * `npm run serve:http`: the HTTP interactions endpoint (set its URL as "Interactions Endpoint URL" in the
 * developer portal). Needs only DISCORD_PUBLIC_KEY; listens on PORT (3000). SIGHUP re-reads the fact base;
 * SIGTERM/SIGINT finish the requests in flight, then exit 0.
 */
loadDotenv({ quiet: true });

const SHUTDOWN_TIMEOUT_MS = 8_000;

async function main(): Promise<void> {
  const config = orExit(parseHttpConfig(process.env));
  const log = createLogger({
    level: config.logLevel ?? "info",
    secrets: [config.token],
    base: { mode: "http" },
  });
  const engines = new EngineHolder(createDefaultEngine());
  // /admin reload would reach one replica only, so it is not offered here; SIGHUP reloads this process.
  const reload = createReloader(engines, { log });
  const endpoint = await startHttpEndpoint(config, engines, { log });
  process.on("SIGHUP", () => {
    reload("SIGHUP");
  });

  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, "shutting down");
    setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS).unref();
    endpoint.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
