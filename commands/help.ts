import { z } from "zod";
import { defineCommand } from "../src/reply/command.js";
import { helpReply } from "../src/reply/render.js";

export default defineCommand({
  data: {
    name: "help",
    description: "How to ask, the commands, and the tracker editions loaded",
  },
  options: z.object({}),
  execute: (_options, _request, { engine, commands }) => ({
    ...helpReply(engine.base, commands),
    ephemeral: true,
  }),
});
