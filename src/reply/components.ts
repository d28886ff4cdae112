import type { Engine } from "../engine/types.js";
import { BUILT_IN_DEFAULTS, effectiveSettings } from "../store/settings.js";
import type { CommandContext } from "./command.js";
import { parseCustomId } from "./custom-id.js";
import { serverManagerRefusal } from "./permissions.js";
import { factReply, sourceReply, staleReply, topicsReply } from "./render.js";
import { unansweredReply } from "./server-settings.js";
import type { ComponentReply } from "./types.js";

/**
 * A button click, transport-free. Fact and source buttons answer privately (anyone in the channel may
 * click them); topic paging edits the list in place.
 */
export function handleButton(customId: string, engine: Engine): ComponentReply {
  const id = parseCustomId(customId);
  const stale: ComponentReply = { kind: "reply", reply: staleReply() };
  if (!id) return stale;
  switch (id.kind) {
    case "fact": {
      const fact = engine.fact(id.factId);
      return fact ? { kind: "reply", reply: { ...factReply(fact), ephemeral: true } } : stale;
    }
    case "source": {
      const fact = engine.fact(id.factId);
      return fact ? { kind: "reply", reply: { ...sourceReply(fact), ephemeral: true } } : stale;
    }
    case "topics": {
      const page = topicsReply(engine.base, id.category, id.page);
      return page ? { kind: "update", reply: page } : stale;
    }
    case "unanswered":
      // Needs the server's store and the clicker's permissions: handleComponent answers it.
      return stale;
  }
}

/** What a button click carries that a handler may use. */
export interface ComponentRequest {
  customId: string;
  userId: string;
  guildId: string | null;
  /** The clicker's permissions (decimal bitfield); null or absent outside a server. */
  memberPermissions?: string | null;
}

/**
 * Any button click, with what the interaction carries: `/unanswered` paging (server managers only, checked
 * again on every click, for the clicker's own server), everything else as handleButton.
 */
export async function handleComponent(
  request: ComponentRequest,
  context: CommandContext,
): Promise<ComponentReply> {
  const id = parseCustomId(request.customId);
  if (id?.kind !== "unanswered") return handleButton(request.customId, context.engine);
  const refusal = serverManagerRefusal(request, "unanswered");
  if (refusal) return { kind: "reply", reply: refusal };
  const { store } = context;
  if (!store || !request.guildId) return { kind: "reply", reply: staleReply() };
  const settings = effectiveSettings(
    await store.getSettings(request.guildId),
    context.settingsDefaults ?? BUILT_IN_DEFAULTS,
  );
  const page = await unansweredReply(
    store,
    context.engine,
    request.guildId,
    id.page,
    settings.recordUnanswered,
  );
  return page ? { kind: "update", reply: page } : { kind: "reply", reply: staleReply() };
}
