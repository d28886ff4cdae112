import {
  type ChatInputCommandInteraction,
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

/** The transport-free request of a slash command: options flattened, a user option as its id. */
export function commandRequestOf(interaction: ChatInputCommandInteraction): CommandRequest {
  const options: Record<string, RawOptionValue> = {};
  for (const option of interaction.options.data) {
    if (option.value !== undefined) options[option.name] = option.value;
  }
  return {
    name: interaction.commandName,
    options,
    userId: interaction.user.id,
    guildId: interaction.guildId,
    locale: interaction.locale,
  };
}
