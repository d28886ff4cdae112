import type { ClientEvents } from "discord.js";
import type { Config } from "../app/config.js";
import type { Logger } from "../app/log.js";
import type { Services } from "../framework/command.js";
import type { Pipeline } from "../framework/dispatch.js";
import type { SettingsDefaults } from "../store/settings.js";
import type { GuildStore } from "../store/types.js";
import type { FreeTextSettings, Spacing, TurnLimiter } from "./free-text.js";

/** What every gateway event handler shares: the pipeline, the services behind it, and the bot's state. */
export interface Gateway {
  config: Config;
  log: Logger;
  pipeline: Pipeline;
  services: Services & { store: GuildStore; settingsDefaults: SettingsDefaults };
  freeText: FreeTextSettings;
  /** Free-text answers per member. */
  limiter: TurnLimiter;
  /** Facts volunteered lately per listen channel. */
  volunteered: Spacing;
  /** Set once the first READY arrived: a later one is a re-identified session. */
  ready: boolean;
  /** Set by stop(): no new work is taken. */
  stopping: boolean;
  /** Work that stop() waits for. */
  track(work: Promise<void>): void;
}

/** A gateway event's handler, in its own module under `src/discord/events/`. */
export interface GatewayEvent<K extends keyof ClientEvents = keyof ClientEvents> {
  name: K;
  execute(gateway: Gateway, ...args: ClientEvents[K]): void;
}

export function defineEvent<K extends keyof ClientEvents>(event: GatewayEvent<K>): GatewayEvent<K> {
  return event;
}
