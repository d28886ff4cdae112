import {
  type Interaction,
  type InteractionReplyOptions,
  type InteractionUpdateOptions,
  MessageFlags,
  type MessageReplyOptions,
} from "discord.js";
import type { Actor } from "../framework/command.js";
import { flattenOptions, type Request } from "../framework/dispatch.js";
import type { FinalReply } from "../framework/types.js";

/** discord.js sends these JSON shapes as they are, and the files as multipart uploads. */
function body(reply: FinalReply) {
  return {
    content: reply.content ?? "",
    embeds: reply.embeds,
    components: reply.components,
    allowedMentions: {
      parse: [],
      ...(reply.allowedMentions.users && { users: reply.allowedMentions.users }),
    },
    // Only when there are some: discord.js turns `files: []` into `attachments: []`, which on an edit would
    // remove what the message already carries.
    ...(reply.files.length > 0 && {
      files: reply.files.map((file) => ({ attachment: Buffer.from(file.data), name: file.name })),
    }),
  };
}

export function toInteractionReply(reply: FinalReply): InteractionReplyOptions {
  return { ...body(reply), ...(reply.ephemeral && { flags: MessageFlags.Ephemeral }) };
}

/** An edit (paging, or a deferred answer): ephemerality is fixed by the first response, so it is not sent. */
export function toInteractionUpdate(reply: FinalReply): InteractionUpdateOptions {
  return body(reply);
}

/** A free-text answer: a reply to the question that pings nobody, not even its author. */
export function toMessageReply(reply: FinalReply): MessageReplyOptions {
  return { ...body(reply), allowedMentions: { parse: [], repliedUser: false } };
}

function actorOf(interaction: Interaction): Actor {
  return {
    userId: interaction.user.id,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    locale: interaction.locale,
    memberPermissions: interaction.inGuild()
      ? (interaction.memberPermissions?.bitfield.toString() ?? null)
      : null,
    logFields: { interactionId: interaction.id },
  };
}

/** The transport-free request of an interaction, or undefined for a kind the bot does not handle. */
export function requestOf(interaction: Interaction): Request | undefined {
  if (interaction.isChatInputCommand()) {
    return {
      type: "command",
      name: interaction.commandName,
      ...flattenOptions(interaction.options.data),
      ...actorOf(interaction),
    };
  }
  if (interaction.isAutocomplete()) {
    const focused = interaction.options.getFocused(true);
    return {
      type: "autocomplete",
      name: interaction.commandName,
      focused: { name: focused.name, value: String(focused.value) },
      ...actorOf(interaction),
    };
  }
  if (interaction.isButton())
    return { type: "button", customId: interaction.customId, ...actorOf(interaction) };
  return undefined;
}
