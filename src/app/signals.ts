import type { Logger } from "./log.js";
import type { Reloader } from "./reload.js";

/** Milliseconds allowed for a clean shutdown before exiting anyway. */
const SHUTDOWN_TIMEOUT_MS = 8_000;

export interface SignalHandling {
  log: Logger;
  /** SIGHUP re-reads the fact base (DATA_DIR); a broken one is logged and the one in service stays. */
  reload: Reloader;
  /** Finishes the work in flight and disconnects. */
  stop: () => Promise<void>;
  /** Logged, with the signal, when shutting down begins. */
  stoppingMessage: string;
  /** Also log a shutdown that timed out and the clean exit. */
  logExit?: boolean;
}

/**
 * For an entry point that is up: SIGHUP reloads; the first SIGINT or SIGTERM stops, then exits 0 (1 when
 * stopping fails or takes longer than SHUTDOWN_TIMEOUT_MS).
 */
export function handleSignals({ log, reload, stop, stoppingMessage, logExit = false }: SignalHandling): void {
  process.on("SIGHUP", () => {
    reload("SIGHUP");
  });

  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, stoppingMessage);
    setTimeout(() => {
      if (logExit) log.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, "shutdown timed out");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    stop().then(
      () => {
        if (logExit) log.info({ signal }, "exiting");
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: a second signal (the terminal's SIGINT and the sharding manager's SIGTERM) is ignored.
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}
