import { StoreOpenError } from "../store/sqlite.js";

/** The gateway closed the connection for good (a code discord.js does not recover from). */
export class GatewayCloseError extends Error {
  constructor(readonly code: number) {
    super(`Discord closed the gateway connection (code ${code})`);
    this.name = "GatewayCloseError";
  }
}

const CLOSE_EXPLANATIONS: Record<number, string> = {
  4004: "Discord rejected DISCORD_TOKEN (authentication failed): copy the bot token again from the developer portal.",
  4013: "Discord rejected the gateway intents (invalid intents).",
  4014: "Discord refused the Message Content intent (close 4014): enable it under Bot → Privileged Gateway Intents in the developer portal, or set MESSAGE_CONTENT=false (the bot then answers mentions, replies and DMs only).",
};

/** One line for a failed start: never a stack trace, never the token. */
export function describeStartupError(error: unknown): string {
  // The database's own line already says which file and what to do.
  if (error instanceof StoreOpenError) return error.message;
  if (error instanceof GatewayCloseError) {
    return CLOSE_EXPLANATIONS[error.code] ?? `Discord closed the connection with code ${error.code}.`;
  }
  const e = error as { code?: unknown; message?: unknown; status?: unknown };
  if (e?.code === "TokenInvalid" || e?.status === 401) {
    return "Discord rejected DISCORD_TOKEN (401 Unauthorized): copy the bot token again from the developer portal.";
  }
  const message = typeof e?.message === "string" ? e.message : String(error);
  return `Could not connect to Discord: ${message.split("\n")[0]}`;
}
