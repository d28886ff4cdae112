import { Events, type Interaction, MessageFlags } from "discord.js";
import { errorReply, settledWithin } from "../../framework/dispatch.js";
import { finaliseReply } from "../../framework/finalise.js";
import { requestOf, toInteractionReply, toInteractionUpdate } from "../adapter.js";
import { defineEvent, type Gateway } from "../gateway.js";

/** A slash command, autocomplete or button: through the pipeline, deferred if the answer is slow. */
async function answer(gateway: Gateway, interaction: Interaction): Promise<void> {
  const request = requestOf(interaction);
  if (!request) return;
  const where = { interactionId: interaction.id, guildId: interaction.guildId, userId: interaction.user.id };
  try {
    const work = gateway.pipeline.dispatch(request);
    if (interaction.isAutocomplete()) {
      const response = await work;
      await interaction.respond(response.type === "choices" ? response.choices : []);
      return;
    }
    if (!interaction.isRepliable()) return;
    const first = await settledWithin(work);
    if (first.ready) {
      const response = first.value;
      if (response.type === "update" && interaction.isButton()) {
        await interaction.update(toInteractionUpdate(response.reply));
      } else if (response.type !== "choices") {
        await interaction.reply(toInteractionReply(response.reply));
      }
      return;
    }
    // Not ready in time: acknowledge now ("thinking…", or a silent ack for paging), edit the answer in later.
    const deferral = gateway.pipeline.deferralOf(request);
    if (deferral === "update" && interaction.isButton()) await interaction.deferUpdate();
    else await interaction.deferReply(deferral === "ephemeral" ? { flags: MessageFlags.Ephemeral } : {});
    const response = await first.later;
    if (response.type !== "choices") await interaction.editReply(toInteractionUpdate(response.reply));
  } catch (error) {
    gateway.log.error({ err: error, ...where }, "interaction failed");
    if (interaction.isAutocomplete()) {
      await interaction.respond([]).catch(() => {});
      return;
    }
    if (!interaction.isRepliable()) return;
    const apology = toInteractionReply(finaliseReply(errorReply()));
    const send =
      interaction.replied || interaction.deferred
        ? interaction.followUp(apology)
        : interaction.reply(apology);
    await send.catch(() => {});
  }
}

export default defineEvent({
  name: Events.InteractionCreate,
  execute: (gateway, interaction) => {
    if (!gateway.stopping) gateway.track(answer(gateway, interaction));
  },
});
