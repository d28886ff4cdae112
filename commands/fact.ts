import { ApplicationCommandOptionType } from "discord-api-types/v10";
import { z } from "zod";
import {
  AnswerOptions,
  answerOptionDefinitions,
  defineCommand,
  resolveTopic,
  topicChoices,
  withAnswerOptions,
} from "../src/reply/command.js";
import { answerReply, factReply } from "../src/reply/render.js";

export default defineCommand({
  data: {
    name: "fact",
    description: "Look up one fact of the tracker by topic",
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "topic",
        description: "Start typing: SingPost, Taobao, Alibaba Cloud…",
        required: true,
        autocomplete: true,
        max_length: 500,
      },
      ...answerOptionDefinitions,
    ],
  },
  options: AnswerOptions.extend({ topic: z.string() }),
  execute(options, _request, { engine }) {
    const topic = resolveTopic(engine, options.topic);
    const reply = "fact" in topic ? factReply(topic.fact) : answerReply(topic.answer, engine.base);
    return withAnswerOptions(reply, options);
  },
  autocomplete: (focused, { engine }) => topicChoices(engine, focused.value),
});
