import { Events } from "discord.js";
import { defineEvent } from "../gateway.js";

export default defineEvent({
  name: Events.Error,
  execute: (gateway, error) => gateway.log.error({ err: error }, "discord client error"),
});
