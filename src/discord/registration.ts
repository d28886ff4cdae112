import {
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import type { ResolvedCommand } from "../framework/command.js";
import { MANAGE_SERVER_DEFAULT } from "../framework/permissions.js";

/**
 * The bulk-overwrite body, from what each command declares: usable in servers and the bot's DMs, or in
 * servers only (`guildOnly`, `requires`), and shown only to server managers (`requires: "manageServer"`),
 * for guild installs.
 */
export function commandsPayload(
  commands: Iterable<ResolvedCommand>,
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [...commands].map((command) => ({
    ...command.data,
    ...(command.requires === "manageServer" && { default_member_permissions: MANAGE_SERVER_DEFAULT }),
    contexts:
      command.guildOnly || command.requires
        ? [InteractionContextType.Guild]
        : (command.data.contexts ?? [InteractionContextType.Guild, InteractionContextType.BotDM]),
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
