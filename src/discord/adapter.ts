import {
  ApplicationCommandOptionType,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type InteractionReplyOptions,
  type InteractionUpdateOptions,
  MessageFlags,
  type MessageReplyOptions,
} from "discord.js";
import type { CommandRequest, RawOptionValue } from "../reply/command.js";
import type { FinalReply } from "../reply/types.js";

/** discord.js sends these JSON shapes as they are. */
function body(reply: FinalReply) {
  return { content: reply.content ?? "", embeds: reply.embeds, components: reply.components };
}

export function toInteractionReply(reply: FinalReply): InteractionReplyOptions {
  return {
    ...body(reply),
    allowedMentions: {
      parse: [],
      ...(reply.allowedMentions.users && { users: reply.allowedMentions.users }),
    },
    ...(reply.ephemeral && { flags: MessageFlags.Ephemeral }),
  };
}

/** An edit of the clicked message (paging): ephemerality cannot change, so it is not sent. */
export function toInteractionUpdate(reply: FinalReply): InteractionUpdateOptions {
  return {
    ...body(reply),
    allowedMentions: {
      parse: [],
      ...(reply.allowedMentions.users && { users: reply.allowedMentions.users }),
    },
  };
}

/** A free-text answer: a reply to the question that pings nobody, not even its author. */
export function toMessageReply(reply: FinalReply): MessageReplyOptions {
  return { ...body(reply), allowedMentions: { parse: [], repliedUser: false } };
}

/**
 * The transport-free request of a slash command: options flattened (a subcommand's own options too), a user
 * option as its id, the member's permissions as Discord's decimal bitfield (null in DMs).
 */
export function commandRequestOf(interaction: ChatInputCommandInteraction): CommandRequest {
  const options: Record<string, RawOptionValue> = {};
  let subcommand: string | undefined;
  let subcommandGroup: string | undefined;
  const collect = (data: readonly CommandInteractionOption[]) => {
    for (const option of data) {
      if (option.type === ApplicationCommandOptionType.Subcommand) subcommand = option.name;
      if (option.type === ApplicationCommandOptionType.SubcommandGroup) subcommandGroup = option.name;
      if (option.options) collect(option.options);
      else if (option.value !== undefined) options[option.name] = option.value;
    }
  };
  collect(interaction.options.data);
  return {
    name: interaction.commandName,
    options,
    userId: interaction.user.id,
    guildId: interaction.guildId,
    locale: interaction.locale,
    ...(subcommand !== undefined && { subcommand }),
    ...(subcommandGroup !== undefined && { subcommandGroup }),
    memberPermissions: interaction.inGuild()
      ? (interaction.memberPermissions?.bitfield.toString() ?? null)
      : null,
  };
}
