import { Events, type Message } from "discord.js";
import { customIdsOfComponents, turnOfAnswerButtons } from "../../conversation/context.js";
import type { Turn } from "../../engine/types.js";
import { type EffectiveSettings, effectiveSettings } from "../../store/settings.js";
import { toMessageReply } from "../adapter.js";
import {
  mentionsUser,
  questionOf,
  type Trigger,
  type TurnLimiter,
  triggerOf,
  worthVolunteering,
} from "../free-text.js";
import { defineEvent, type Gateway } from "../gateway.js";

const repliesTo = (message: Message, botId: string) =>
  message.reference !== null && message.mentions.repliedUser?.id === botId;

function triggerOfMessage(
  message: Message,
  botId: string,
  listenChannelIds: readonly string[],
): Trigger | undefined {
  const channel = message.channel;
  const parentId = channel.isThread() ? channel.parentId : null;
  return triggerOf({
    isDM: !message.inGuild(),
    mentionsBot: mentionsUser(message.content, botId),
    repliesToBot: repliesTo(message, botId),
    inListenChannel:
      listenChannelIds.includes(message.channelId) ||
      (parentId !== null && listenChannelIds.includes(parentId)),
  });
}

/** A member's free-text answers: the server's own cooldown (one per N s, 0 = none), else the default limit. */
function takeTurn(limiter: TurnLimiter, message: Message, settings: EffectiveSettings | undefined) {
  const cooldown = settings?.cooldownSeconds ?? null;
  if (cooldown === null) return limiter.take(message.author.id);
  if (cooldown === 0) return { allowed: true } as const;
  return limiter.take(`${message.guildId}:${message.author.id}`, { limit: 1, windowMs: cooldown * 1000 });
}

/**
 * The answer of the bot a message replies to, as a turn read from its buttons (the gateway payload carries
 * the replied-to message, which discord.js caches; else it is fetched). Undefined for a reply to anyone
 * else, or when that message is gone or names no fact.
 */
async function repliedTurn(message: Message, botId: string): Promise<Turn | undefined> {
  if (!repliesTo(message, botId)) return undefined;
  const replied = await message.fetchReference().catch(() => undefined);
  if (replied?.author.id !== botId) return undefined;
  return turnOfAnswerButtons(customIdsOfComponents(replied.components.map((c) => c.toJSON())));
}

/** A plain message: answered when it asks the bot (mention, reply, DM), or volunteered when sure (listen). */
async function answer(gateway: Gateway, message: Message): Promise<void> {
  const botId = message.client.user.id;
  if (message.author.bot || message.author.id === botId || message.webhookId || message.system) return;
  const { store, settingsDefaults } = gateway.services;
  // The server's settings as they are now (a cached read); DMs follow the defaults.
  const settings = message.guildId
    ? effectiveSettings(await store.getSettings(message.guildId), settingsDefaults)
    : undefined;
  const trigger = triggerOfMessage(message, botId, settings?.activeListenChannelIds ?? []);
  if (!trigger) return;

  const repliedTo = await repliedTurn(message, botId);
  // Asked exactly as `/ask` is, through the same pipeline; what is overheard is never recorded.
  const request = {
    type: "command" as const,
    name: "ask",
    options: { question: questionOf(message.content, botId) },
    via: trigger === "listen" ? ("listen" as const) : ("message" as const),
    userId: message.author.id,
    guildId: message.guildId,
    channelId: message.channelId,
    locale: "en-US",
    memberPermissions: null,
    logFields: { messageId: message.id, channelId: message.channelId },
    ...(repliedTo && { repliedTo }),
  };
  const observed = await gateway.pipeline.run(request);
  const { observation, response } = observed;
  // Overheard: only confident answers, and not the same fact again soon in the same channel.
  const spacingKey =
    trigger === "listen" && observation?.factId ? `${message.channelId}:${observation.factId}` : undefined;
  const threshold = settings?.confidence ?? settingsDefaults.confidence;
  if (trigger === "listen" && (!spacingKey || !observation || !worthVolunteering(observation, threshold)))
    return;
  if (spacingKey && !gateway.volunteered.isDue(spacingKey)) return;

  const allowed = takeTurn(gateway.limiter, message, settings);
  if (!allowed.allowed) {
    // Asked directly: one quiet ⏳ per burst; overheard: nothing at all.
    if (trigger === "prompted" && allowed.firstRefusal) await message.react("⏳").catch(() => {});
    return;
  }
  if (spacingKey) gateway.volunteered.tryMark(spacingKey);
  if (response.type === "choices") return;
  // Only a turn that is answered is followed up on (chatter left unanswered is never kept); kept before the
  // reply goes out, so a question sent the moment the answer shows already reads it.
  await observed.remember();
  await message.reply(toMessageReply(response.reply));
  gateway.pipeline.logAnswer(request, observed);
}

export default defineEvent({
  name: Events.MessageCreate,
  execute: (gateway, message) => {
    if (gateway.stopping) return;
    gateway.track(
      answer(gateway, message).catch((error: unknown) =>
        gateway.log.error(
          { err: error, messageId: message.id, guildId: message.guildId, channelId: message.channelId },
          "free-text answer failed",
        ),
      ),
    );
  },
});
