import { InteractionContextType } from "discord-api-types/v10";
import { z } from "zod";
import { defineCommand } from "../src/reply/command.js";
import { MANAGE_SERVER_DEFAULT, serverManagerRefusal } from "../src/reply/permissions.js";
import { unansweredReply } from "../src/reply/server-settings.js";
import { BUILT_IN_DEFAULTS, effectiveSettings } from "../src/store/settings.js";

export default defineCommand({
  data: {
    name: "unanswered",
    description: "The questions members asked that the tracker could not answer (server managers only)",
    default_member_permissions: MANAGE_SERVER_DEFAULT,
    contexts: [InteractionContextType.Guild],
  },
  options: z.object({}),
  async execute(_options, request, context) {
    const refusal = serverManagerRefusal(request, "unanswered");
    if (refusal) return refusal;
    const { store } = context;
    if (!store || !request.guildId)
      return { content: "Unanswered questions aren't available here.", ephemeral: true };
    const settings = effectiveSettings(
      await store.getSettings(request.guildId),
      context.settingsDefaults ?? BUILT_IN_DEFAULTS,
    );
    const page = await unansweredReply(store, context.engine, request.guildId, 0, settings.recordUnanswered);
    return page ?? { content: "Nothing recorded yet.", ephemeral: true };
  },
});
