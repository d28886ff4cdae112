import {
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import type { ResolvedCommand } from "../reply/command.js";

/**
 * The bulk-overwrite body: every command usable in guilds and the bot's DMs, for guild installs, unless the
 * command names its own contexts (/admin: servers only).
 */
export function commandsPayload(
  commands: Iterable<ResolvedCommand>,
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [...commands].map((command) => ({
    ...command.data,
    contexts: command.data.contexts ?? [InteractionContextType.Guild, InteractionContextType.BotDM],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  }));
}

/** What the bot needs in a channel: read it, answer (also in threads) with embeds, react ⏳. */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions;

export function inviteUrl(clientId: string): string {
  const params = new URLSearchParams({
    client_id: clientId,
    scope: "bot applications.commands",
    permissions: BOT_PERMISSIONS.toString(),
    integration_type: String(ApplicationIntegrationType.GuildInstall),
  });
  return `https://discord.com/oauth2/authorize?${params.toString().replace(/\+/g, "%20")}`;
}
