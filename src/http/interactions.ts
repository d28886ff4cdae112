import {
  type APIApplicationCommandAutocompleteResponse,
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
  ApplicationCommandOptionType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
} from "discord-api-types/v10";
import { z } from "zod";
import { type InteractionFrontEnd, observeInteraction } from "../observe.js";
import {
  type CommandRequest,
  type RawOptionValue,
  type ResolvedCommand,
  runCommand,
} from "../reply/command.js";
import { handleButton } from "../reply/components.js";
import { finaliseReply } from "../reply/finalise.js";
import { errorReply } from "../reply/render.js";
import type { FinalReply } from "../reply/types.js";

/**
 * The HTTP interactions adapter, transport-free: a verified interaction payload in, the interaction
 * response Discord expects as the HTTP answer out. The same command handlers, button handler,
 * `finaliseReply` (neutralised mentions, allowed_mentions, limits) as the gateway bot; only the wire differs.
 */

/** Answer in the HTTP response if ready by then; otherwise respond "thinking…" (5) and edit @original. */
export const DEFER_AFTER_MS = 2_000;

export interface InteractionServices extends InteractionFrontEnd {
  commands: Map<string, ResolvedCommand>;
  /** PATCH webhooks/{application_id}/{token}/messages/@original (a deferred answer). */
  editOriginal(applicationId: string, token: string, body: APIInteractionResponseCallbackData): Promise<void>;
  /** Default DEFER_AFTER_MS. */
  deferAfterMs?: number;
}

export type InteractionAnswer =
  | {
      ok: true;
      /** The HTTP response body. */
      response: APIInteractionResponse;
      /** Work continuing after the response (a deferred answer's edit); settles, never rejects. */
      later?: Promise<void>;
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
  return data;
}

/** Options flattened (a subcommand's own options too), as the gateway adapter does. */
function requestOf(interaction: WithCommon & { data: z.output<typeof CommandData> }): CommandRequest {
  const options: Record<string, RawOptionValue> = {};
  let subcommand: string | undefined;
  const collect = (list: readonly RawOption[]) => {
    for (const option of list) {
      if (option.type === ApplicationCommandOptionType.Subcommand) subcommand = option.name;
      if (option.options) collect(option.options);
      else if (option.value !== undefined) options[option.name] = option.value;
    }
  };
  collect(interaction.data.options ?? []);
  return {
    name: interaction.data.name,
    options,
    userId: userIdOf(interaction),
    guildId: interaction.guild_id ?? null,
    locale: interaction.locale ?? "en-US",
    ...(subcommand !== undefined && { subcommand }),
    memberPermissions: interaction.guild_id ? (interaction.member?.permissions ?? null) : null,
  };
}

function userIdOf(interaction: WithCommon): string {
  return interaction.member?.user.id ?? interaction.user?.id ?? "0";
}

function focusedOf(list: readonly RawOption[]): RawOption | undefined {
  for (const option of list) {
    if (option.focused) return option;
    const nested = option.options && focusedOf(option.options);
    if (nested) return nested;
  }
  return undefined;
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

  const observed = observeInteraction(services);
  const { context } = observed;
  const where = {
    via: "http",
    interactionId: interaction.id,
    guildId: interaction.guild_id ?? null,
    userId: userIdOf(interaction),
  };
  // The question's text (debug level) goes with where it was asked only.
  const logAnswer = (fields: Record<string, unknown>) => observed.logAnswer({ ...where, ...fields }, where);

  switch (interaction.type) {
    case InteractionType.ApplicationCommandAutocomplete: {
      const command = services.commands.get(interaction.data.name);
      const focused = focusedOf(interaction.data.options ?? []);
      let choices: APIApplicationCommandAutocompleteResponse["data"]["choices"] = [];
      try {
        choices =
          (focused &&
            command?.autocomplete?.({ name: focused.name, value: String(focused.value ?? "") }, context)) ||
          [];
      } catch (error) {
        services.log.error({ err: error, ...where, command: interaction.data.name }, "autocomplete failed");
      }
      return {
        ok: true,
        response: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } },
      };
    }

    case InteractionType.MessageComponent: {
      const customId = interaction.data.custom_id;
      let response: APIInteractionResponse;
      try {
        const result =
          interaction.data.component_type === ComponentType.Button
            ? handleButton(customId, context.engine)
            : { kind: "reply" as const, reply: errorReply() };
        const reply = finaliseReply(result.reply);
        response =
          result.kind === "update"
            ? { type: InteractionResponseType.UpdateMessage, data: toEditData(reply) }
            : { type: InteractionResponseType.ChannelMessageWithSource, data: toMessageData(reply) };
        logAnswer({ kind: "button", customId });
      } catch (error) {
        services.log.error({ err: error, ...where, customId }, "interaction failed");
        response = {
          type: InteractionResponseType.ChannelMessageWithSource,
          data: toMessageData(finaliseReply(errorReply())),
        };
      }
      return { ok: true, response };
    }

    case InteractionType.ApplicationCommand: {
      const command = services.commands.get(interaction.data.name);
      if (!command) {
        const reply = finaliseReply({
          content: "I don't know that command any more. Try `/help`.",
          ephemeral: true,
        });
        return {
          ok: true,
          response: { type: InteractionResponseType.ChannelMessageWithSource, data: toMessageData(reply) },
        };
      }
      const request = requestOf(interaction);
      const ephemeral = request.options.hide === true || command.data.name === "help";
      const failed = (error: unknown) => {
        services.log.error({ err: error, ...where, command: request.name }, "interaction failed");
        return finaliseReply(errorReply());
      };
      const work = runCommand(command, request, context).then((reply) => {
        logAnswer({ kind: "command", command: request.name });
        return reply;
      }, failed);
      return respondInTime(work, ephemeral, services.deferAfterMs ?? DEFER_AFTER_MS, async (reply) => {
        await services.editOriginal(interaction.application_id, interaction.token, toEditData(reply));
      }).then((answer) => {
        if (answer.later) {
          answer.later = answer.later.catch((error: unknown) =>
            services.log.error({ err: error, ...where, command: request.name }, "deferred answer failed"),
          );
        }
        return answer;
      });
    }
  }
}

/** The reply in the HTTP response when ready within `deferAfterMs`; otherwise type 5 now, the edit later. */
async function respondInTime(
  work: Promise<FinalReply>,
  ephemeral: boolean,
  deferAfterMs: number,
  edit: (reply: FinalReply) => Promise<void>,
): Promise<Extract<InteractionAnswer, { ok: true }>> {
  let timer: NodeJS.Timeout | undefined;
  const deferred = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, deferAfterMs, undefined);
  });
  const first = await Promise.race([work, deferred]);
  clearTimeout(timer);
  if (first) {
    return {
      ok: true,
      response: { type: InteractionResponseType.ChannelMessageWithSource, data: toMessageData(first) },
    };
  }
  return {
    ok: true,
    response: {
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      ...(ephemeral && { data: { flags: MessageFlags.Ephemeral } }),
    },
    later: work.then(edit),
  };
}
