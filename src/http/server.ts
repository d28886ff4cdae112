import { config as loadDotenv } from "dotenv";
import { orExit, parseHttpConfig } from "../app/config.js";
import { createLogger } from "../app/log.js";
import { createReloader, EngineHolder } from "../app/reload.js";
import { createDefaultEngine } from "../app/runtime.js";
import { handleSignals } from "../app/signals.js";
import { startHttpEndpoint } from "./endpoint.js";

/**
 * `npm run serve:http`: the HTTP interactions endpoint (set its URL as "Interactions Endpoint URL" in the
 * developer portal). Needs only DISCORD_PUBLIC_KEY; listens on PORT (3000). SIGHUP re-reads the fact base;
 * SIGTERM/SIGINT finish the requests in flight, then exit 0.
 */
loadDotenv({ quiet: true });

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
  handleSignals({ log, reload, stop: () => endpoint.stop(), stoppingMessage: "shutting down" });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
