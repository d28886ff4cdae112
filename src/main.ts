import { config as loadDotenv } from "dotenv";
import { configOrExit } from "./config.js";
import { createDefaultEngine } from "./runtime.js";

/**
 * `npm start`: the Discord bot when DISCORD_TOKEN is set, otherwise the local console.
 * discord.js is imported only on the bot path.
 */
loadDotenv({ quiet: true });

/** Seconds allowed for a clean shutdown before exiting anyway. */
const SHUTDOWN_TIMEOUT_MS = 8_000;

async function main(): Promise<void> {
  if (!process.env.DISCORD_TOKEN?.trim()) {
    const { startConsole } = await import("./console/repl.js");
    await startConsole();
    return;
  }

  const config = configOrExit(process.env, ["DISCORD_TOKEN"]);
  const engine = createDefaultEngine();
  const [{ startBot }, { describeStartupError }] = await Promise.all([
    import("./discord/bot.js"),
    import("./discord/errors.js"),
  ]);

  let bot: Awaited<ReturnType<typeof startBot>>;
  try {
    bot = await startBot(config, engine, {
      onFatal: (error) => {
        console.error(describeStartupError(error));
        process.exit(1);
      },
    });
  } catch (error) {
    console.error(describeStartupError(error));
    process.exit(1);
  }

  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log(`[bot] ${signal}: finishing replies in flight, then exiting`);
    setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS).unref();
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("[bot] shutdown failed:", error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

process.on("unhandledRejection", (reason) => console.error("[bot] unhandled rejection:", reason));

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
