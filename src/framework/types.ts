import type {
  APIActionRowComponent,
  APIButtonComponentWithCustomId,
  APIEmbed,
  APIEmbedField,
} from "discord-api-types/v10";

/**
 * What a command or button answers, independent of the transport (discord.js, the local console,
 * an HTTP interactions endpoint). Plain data in discord-api-types shapes, so adapters only copy fields.
 */
export interface Reply {
  content?: string;
  embeds?: APIEmbed[];
  components?: ButtonRow[];
  /** Only the asker sees it (interactions only; a message reply is always public). */
  ephemeral?: boolean;
  /** A user pointed to the answer: pinged, and the only one who may be. Ignored when ephemeral. */
  mention?: string;
}

/** Only what Discord may ping: nothing, or the one user a `mention` option names. */
export interface AllowedMentions {
  parse: [];
  users?: string[];
}

/** A reply ready for the wire: mentions neutralised, limits applied, allowed mentions decided. */
export interface FinalReply {
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  ephemeral: boolean;
  allowedMentions: AllowedMentions;
}

export type Button = APIButtonComponentWithCustomId;
export type ButtonRow = APIActionRowComponent<Button>;
export type { APIEmbed as Embed, APIEmbedField as EmbedField };

/** How a button click is answered: a new (usually ephemeral) message, or the clicked message edited. */
export type ButtonReply = { kind: "reply"; reply: Reply } | { kind: "update"; reply: Reply };
