import { ApplicationCommandOptionType } from "discord-api-types/v10";
import { z } from "zod";
import {
  AnswerOptions,
  answerOptionDefinitions,
  defineCommand,
  withAnswerOptions,
} from "../src/reply/command.js";
import { answerReply } from "../src/reply/render.js";
import { noteUnanswered } from "../src/store/unanswered.js";

export default defineCommand({
  data: {
    name: "ask",
    description: "Ask a question about the Alibaba Tracker",
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "question",
        description: "e.g. what's Alibaba's stake in SingPost?",
        required: true,
        max_length: 500,
      },
      ...answerOptionDefinitions,
    ],
  },
  options: AnswerOptions.extend({ question: z.string() }),
  async execute(options, request, context) {
    const answer = context.engine.ask(options.question);
    await noteUnanswered(context, request.guildId, options.question, answer);
    return withAnswerOptions(answerReply(answer, context.engine.base), options);
  },
});
