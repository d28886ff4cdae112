import { Events } from "discord.js";
import { defineEvent } from "../gateway.js";

export default defineEvent({
  name: Events.ShardReady,
  // The first READY is start-up; a later one means the session could not be resumed and was identified anew.
  execute: (gateway, shard) => {
    if (gateway.ready) gateway.log.info({ shard }, "gateway session re-identified");
  },
});
