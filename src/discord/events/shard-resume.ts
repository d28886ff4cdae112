import { Events } from "discord.js";
import { defineEvent } from "../gateway.js";

export default defineEvent({
  name: Events.ShardResume,
  execute: (gateway, shard, replayed) => gateway.log.info({ shard, replayed }, "gateway resumed"),
});
