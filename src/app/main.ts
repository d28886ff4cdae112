import { config as loadDotenv } from "dotenv";
import { forgetManagerSettings, shardLogFields } from "../discord/sharding.js";
import { configOrExit } from "./config.js";
import { createLogger, type Logger } from "./log.js";
import { createReloader, EngineHolder } from "./reload.js";
import { createDefaultEngine } from "./runtime.js";
import { handleSignals } from "./signals.js";

/**
 * `npm start`: the Discord bot when DISCORD_TOKEN is set, otherwise the local console.
 * discord.js is imported only on the bot path.
 */
loadDotenv({ quiet: true });

/** Set once the bot path has its logger; until then (and for the console) problems go to stderr as text. */
let log: Logger | undefined;

async function main(): Promise<void> {
  if (!process.env.DISCORD_TOKEN?.trim()) {
    const { startConsole } = await import("../console/repl.js");
    await startConsole();
    return;
  }

  const config = configOrExit(process.env, ["DISCORD_TOKEN"]);
  // Run by `npm run start:sharded`, every line names the shard; run on its own, SHARD_COUNT is not ours.
  forgetManagerSettings();
  log = createLogger({ level: config.logLevel ?? "info", secrets: [config.token], base: shardLogFields() });
  const engines = new EngineHolder(createDefaultEngine());
  const reload = createReloader(engines, { log });
  const [{ startBot }, { describeStartupError }] = await Promise.all([
    import("../discord/client.js"),
    import("../discord/errors.js"),
  ]);

  const fatal = (error: unknown): never => {
    const line = describeStartupError(error);
    log?.fatal({ err: error }, line);
    // Also the one plain line a person starting the bot reads, whatever the log format.
    console.error(line);
    process.exit(1);
  };
  let bot: Awaited<ReturnType<typeof startBot>>;
  try {
    bot = await startBot(config, engines, { log, reload, onFatal: fatal });
  } catch (error) {
    fatal(error);
  }

  handleSignals({
    log,
    reload,
    stop: () => bot.stop(),
    stoppingMessage: "shutting down: finishing replies in flight, then exiting",
    logExit: true,
  });
}

process.on("unhandledRejection", (reason) => {
  if (log) log.error({ err: reason }, "unhandled rejection");
  else console.error("unhandled rejection:", reason);
});

main().catch((error: unknown) => {
  log?.fatal({ err: error }, "start-up failed");
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
