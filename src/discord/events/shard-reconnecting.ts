import { Events } from "discord.js";
import { defineEvent } from "../gateway.js";

export default defineEvent({
  name: Events.ShardReconnecting,
  execute: (gateway, shard) => gateway.log.warn({ shard }, "gateway reconnecting"),
});
