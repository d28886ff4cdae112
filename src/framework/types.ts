import type {
  APIActionRowComponent,
  APIButtonComponentWithCustomId,
  APIEmbed,
  APIEmbedField,
} from "discord-api-types/v10";
import type { KnownFact } from "../facts/base.js";

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
  /** Files sent with the message (a chart); the first embed may show one as its image (`attachment://name`). */
  files?: ReplyFile[];
  /**
   * The fact whose figure over time is drawn and attached, when it has one. Drawing is the pipeline's (it is
   * slow and may fail, and the answer must not wait long for it or fail with it), so a handler only asks.
   */
  chartOf?: KnownFact;
}

/** A file attached to a reply: the name it has on the message, and its bytes. */
export interface ReplyFile {
  name: string;
  data: Uint8Array;
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
  files: ReplyFile[];
}

export type Button = APIButtonComponentWithCustomId;
export type ButtonRow = APIActionRowComponent<Button>;
export type { APIEmbed as Embed, APIEmbedField as EmbedField };

/** How a button click is answered: a new (usually ephemeral) message, or the clicked message edited. */
export type ButtonReply = { kind: "reply"; reply: Reply } | { kind: "update"; reply: Reply };
