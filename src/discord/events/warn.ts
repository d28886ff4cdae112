import { Events } from "discord.js";
import { defineEvent } from "../gateway.js";

export default defineEvent({
  name: Events.Warn,
  execute: (gateway, message) => gateway.log.warn({ detail: message }, "discord client warning"),
});
