import { REST, Routes } from "discord.js";
import type { Config } from "../src/app/config.js";
import { memoryLogger } from "../src/app/log.js";
import { type EngineRef, engineRefOf } from "../src/app/reload.js";
import { createDefaultEngine } from "../src/app/runtime.js";
import { type BotHandle, type BotOptions, startBot } from "../src/discord/client.js";
import { commandsPayload } from "../src/discord/registration.js";
import type { Engine } from "../src/engine/types.js";
import { loadCommands } from "../src/framework/load-commands.js";
import { MemoryGuildStore } from "../src/store/memory.js";
import { type DiscordEmulator, type EmulatorOptions, startEmulator } from "./emulator/index.js";

export const GENERAL = "300000000000000001";
export const LISTEN = "300000000000000002";

/** The bot's log, kept for assertions instead of printed: `lines` (JSON) and `entries()` (parsed). */
export function quietLog(secrets: string[] = []) {
  return memoryLogger({ level: "debug", secrets });
}

export interface Rig {
  emu: DiscordEmulator;
  engine: Engine;
  bot: BotHandle;
  botId: string;
  logs: ReturnType<typeof quietLog>;
  /**
   * Stops the bot and starts a new one (nothing kept in memory) against the same emulator and settings (the
   * rig's memory store, or the database file).
   */
  restartBot(): Promise<void>;
  stop(): Promise<void>;
}

/** An emulator with #general and a listen channel, the commands registered, and the bot logged in. */
export async function startRig(
  options: {
    emulator?: EmulatorOptions;
    config?: Partial<Config>;
    userLimit?: number;
    /** The engine the bot serves (e.g. an EngineHolder to reload, or one that throws); default the real one. */
    engine?: Engine | EngineRef;
    bot?: Omit<BotOptions, "log" | "freeText">;
  } = {},
): Promise<Rig> {
  const emu = await startEmulator({
    log: false,
    guilds: [
      {
        channels: [
          { id: GENERAL, name: "general" },
          { id: LISTEN, name: "ask-alibaba" },
        ],
      },
    ],
    ...options.emulator,
  });
  const engine = options.engine ? engineRefOf(options.engine).current : createDefaultEngine();
  const body = commandsPayload((await loadCommands(engine.base)).values());
  await new REST({ api: emu.apiUrl })
    .setToken(emu.token)
    .put(Routes.applicationCommands(emu.applicationId), { body });
  const logs = quietLog([emu.token]);
  const config: Config = {
    token: emu.token,
    apiUrl: emu.apiUrl,
    listenChannelIds: [LISTEN],
    messageContent: true,
    ...options.config,
  };
  // Settings in memory unless the test names a database (config.databasePath) or passes a store.
  const store = config.databasePath === undefined ? new MemoryGuildStore() : undefined;
  const start = () =>
    startBot(config, options.engine ?? engine, {
      ...(store && { store }),
      ...options.bot,
      log: logs.logger,
      freeText: { userLimit: options.userLimit ?? 1000 },
    });
  try {
    const bot = await start();
    const rig: Rig = {
      emu,
      engine,
      bot,
      botId: bot.client.user.id,
      logs,
      async restartBot() {
        await rig.bot.stop();
        rig.bot = await start();
      },
      async stop() {
        await rig.bot.stop();
        await emu.close();
      },
    };
    return rig;
  } catch (error) {
    await emu.close();
    throw error;
  }
}
