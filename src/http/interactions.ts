import { setTimeout as delay } from "node:timers/promises";
import {
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
} from "discord-api-types/v10";
import { z } from "zod";
import type { Actor } from "../framework/command.js";
import {
  errorReply,
  flattenOptions,
  type Pipeline,
  type Request,
  settledWithin,
  staleButton,
} from "../framework/dispatch.js";
import { finaliseReply } from "../framework/finalise.js";
import type { FinalReply, ReplyFile } from "../framework/types.js";

/**
 * The HTTP interactions adapter, transport-free: a verified interaction payload in, the interaction
 * response Discord expects as the HTTP answer out. The same pipeline as the gateway bot and the console
 * (the same commands, checks, `finaliseReply` and limits); only the wire differs.
 */

export interface InteractionServices {
  pipeline: Pipeline;
  /**
   * PATCH webhooks/{application_id}/{token}/messages/@original: a deferred answer, or the files an answer
   * carries (multipart, `files` uploaded as `files[n]`).
   */
  editOriginal(
    applicationId: string,
    token: string,
    body: APIInteractionResponseCallbackData,
    files?: readonly ReplyFile[],
  ): Promise<void>;
  /** Default DEFER_AFTER_MS. */
  deferAfterMs?: number;
  log: { error(fields: Record<string, unknown>, message: string): void };
}

export type InteractionAnswer =
  | {
      ok: true;
      /** The HTTP response body. */
      response: APIInteractionResponse;
      /** Work continuing after the response (a deferred answer's edit); settles, never rejects. */
      later?: Promise<void>;
      /**
       * Work to start once the response is sent: attaching the files the response could not carry (an edit of
       * the message it created); settles, never rejects.
       */
      afterResponse?: () => Promise<void>;
    }
  | { ok: false; status: 400; error: string };

// --- the payload, parsed (it is signed by Discord, but only the fields used are trusted, and checked) ------

const Snowflake = z.string().regex(/^\d{1,20}$/);

interface RawOption {
  name: string;
  type: number;
  value?: string | number | boolean | undefined;
  focused?: boolean | undefined;
  options?: RawOption[] | undefined;
}

const RawOptionSchema: z.ZodType<RawOption> = z.lazy(() =>
  z.object({
    name: z.string(),
    type: z.number().int(),
    value: z.union([z.string(), z.number(), z.boolean()]).optional(),
    focused: z.boolean().optional(),
    options: z.array(RawOptionSchema).optional(),
  }),
);

const Common = {
  id: Snowflake,
  channel_id: Snowflake.optional(),
  application_id: Snowflake,
  token: z.string().min(1).max(500),
  guild_id: Snowflake.optional(),
  locale: z.string().max(20).optional(),
  member: z.object({ user: z.object({ id: Snowflake }), permissions: z.string().optional() }).optional(),
  user: z.object({ id: Snowflake }).optional(),
};

const CommandData = z.object({ name: z.string().max(32), options: z.array(RawOptionSchema).optional() });

const InteractionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal(InteractionType.Ping) }),
  z.object({ type: z.literal(InteractionType.ApplicationCommand), ...Common, data: CommandData }),
  z.object({ type: z.literal(InteractionType.ApplicationCommandAutocomplete), ...Common, data: CommandData }),
  z.object({
    type: z.literal(InteractionType.MessageComponent),
    ...Common,
    data: z.object({ custom_id: z.string().max(100), component_type: z.number().int() }),
  }),
]);

type ParsedInteraction = z.output<typeof InteractionSchema>;
type WithCommon = Exclude<ParsedInteraction, { type: InteractionType.Ping }>;

// --- wire shapes -------------------------------------------------------------------------------------------

/** A reply as interaction response data: the same fields the discord.js adapter sends. */
export function toMessageData(reply: FinalReply): APIInteractionResponseCallbackData {
  return {
    content: reply.content ?? "",
    embeds: reply.embeds,
    components: reply.components,
    allowed_mentions: {
      parse: [],
      ...(reply.allowedMentions.users && { users: reply.allowedMentions.users }),
    },
    ...(reply.ephemeral && { flags: MessageFlags.Ephemeral }),
  };
}

/** An edit (paging, or a deferred answer): ephemerality is fixed by the first response, so no flags. */
function toEditData(reply: FinalReply): APIInteractionResponseCallbackData {
  const { flags: _flags, ...data } = toMessageData(reply);
  // New files are named in `attachments` by their upload index; an edit keeps only the attachments it lists.
  return reply.files.length > 0
    ? { ...data, attachments: reply.files.map((file, i) => ({ id: String(i), filename: file.name })) }
    : data;
}

/**
 * The reply as an HTTP response can carry it. Discord takes no multipart body in the response to an
 * interactions endpoint, so files are left out (and an embed image showing one), and attached by an edit of
 * the message right after (see `attachFiles`).
 */
function withoutFiles(reply: FinalReply): FinalReply {
  if (reply.files.length === 0) return reply;
  const names = new Set(reply.files.map((file) => `attachment://${file.name}`));
  const embeds = reply.embeds.map(({ image, ...embed }) =>
    image && !names.has(image.url) ? { ...embed, image } : embed,
  );
  return { ...reply, embeds, files: [] };
}

/** Retries of an edit that finds no message yet: Discord may not have applied the response it follows. */
const EDIT_RETRY_DELAYS_MS = [250, 500, 1_000, 2_000];

async function editOriginalWhenThere(
  services: InteractionServices,
  interaction: WithCommon,
  reply: FinalReply,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await services.editOriginal(
        interaction.application_id,
        interaction.token,
        toEditData(reply),
        reply.files,
      );
      return;
    } catch (error) {
      const wait = EDIT_RETRY_DELAYS_MS[attempt];
      if ((error as { status?: unknown }).status !== 404 || wait === undefined) throw error;
      await delay(wait);
    }
  }
}

function actorOf(interaction: WithCommon): Actor {
  return {
    userId: interaction.member?.user.id ?? interaction.user?.id ?? "0",
    guildId: interaction.guild_id ?? null,
    channelId: interaction.channel_id ?? null,
    locale: interaction.locale ?? "en-US",
    memberPermissions: interaction.guild_id ? (interaction.member?.permissions ?? null) : null,
    logFields: { interactionId: interaction.id },
  };
}

/** The pipeline's request for a payload; undefined for a component that is not a button. */
function requestOf(interaction: WithCommon): Request | undefined {
  switch (interaction.type) {
    case InteractionType.ApplicationCommand:
      return {
        type: "command",
        name: interaction.data.name,
        ...flattenOptions(interaction.data.options ?? []),
        ...actorOf(interaction),
      };
    case InteractionType.ApplicationCommandAutocomplete: {
      const { focused } = flattenOptions(interaction.data.options ?? []);
      return {
        type: "autocomplete",
        name: interaction.data.name,
        focused: { name: focused?.name ?? "", value: String(focused?.value ?? "") },
        ...actorOf(interaction),
      };
    }
    case InteractionType.MessageComponent:
      return interaction.data.component_type === ComponentType.Button
        ? { type: "button", customId: interaction.data.custom_id, ...actorOf(interaction) }
        : undefined;
  }
}

const messageResponse = (reply: FinalReply): APIInteractionResponse => ({
  type: InteractionResponseType.ChannelMessageWithSource,
  data: toMessageData(withoutFiles(reply)),
});

/** The edit that adds a ready reply's files to the message its response created, when it has any. */
function attachFiles(
  services: InteractionServices,
  interaction: WithCommon,
  reply: FinalReply,
): Pick<Extract<InteractionAnswer, { ok: true }>, "afterResponse"> {
  if (reply.files.length === 0) return {};
  return {
    afterResponse: () =>
      editOriginalWhenThere(services, interaction, reply).catch((error: unknown) =>
        services.log.error(
          { err: error, interactionId: interaction.id },
          "attaching files failed: the answer went out without them",
        ),
      ),
  };
}

// --- answering ---------------------------------------------------------------------------------------------

export async function answerInteraction(
  payload: unknown,
  services: InteractionServices,
): Promise<InteractionAnswer> {
  const parsed = InteractionSchema.safeParse(payload);
  if (!parsed.success) {
    const type = (payload as { type?: unknown } | null)?.type;
    return { ok: false, status: 400, error: `unsupported or malformed interaction (type ${String(type)})` };
  }
  const interaction = parsed.data;
  if (interaction.type === InteractionType.Ping) {
    return { ok: true, response: { type: InteractionResponseType.Pong } };
  }
  const request = requestOf(interaction);
  if (!request) return { ok: true, response: messageResponse(finaliseReply(staleButton())) };
  const { pipeline } = services;
  const work = pipeline.dispatch(request);
  if (request.type === "autocomplete") {
    const response = await work;
    const choices = response.type === "choices" ? response.choices : [];
    return {
      ok: true,
      response: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } },
    };
  }
  const first = await settledWithin(work, services.deferAfterMs);
  if (first.ready) {
    const response = first.value;
    if (response.type === "choices")
      return { ok: true, response: messageResponse(finaliseReply(errorReply())) };
    return {
      ok: true,
      response:
        response.type === "update"
          ? { type: InteractionResponseType.UpdateMessage, data: toEditData(withoutFiles(response.reply)) }
          : messageResponse(response.reply),
      ...attachFiles(services, interaction, response.reply),
    };
  }
  // Not ready in time: acknowledge now, and edit the answer in when it comes.
  const deferral = pipeline.deferralOf(request);
  const later = first.later
    .then(async (response) => {
      if (response.type === "choices") return;
      await editOriginalWhenThere(services, interaction, response.reply);
    })
    .catch((error: unknown) =>
      services.log.error({ err: error, interactionId: interaction.id }, "deferred answer failed"),
    );
  return {
    ok: true,
    response:
      deferral === "update"
        ? { type: InteractionResponseType.DeferredMessageUpdate }
        : {
            type: InteractionResponseType.DeferredChannelMessageWithSource,
            ...(deferral === "ephemeral" && { data: { flags: MessageFlags.Ephemeral } }),
          },
    later,
  };
}
