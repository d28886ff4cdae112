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
import { answerReply, sourceReply } from "../src/reply/render.js";

export default defineCommand({
  data: {
    name: "source",
    description: "Show the tracker's own words behind a fact, with its edition and date",
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
    if ("fact" in topic) return withAnswerOptions(sourceReply(topic.fact), options);
    // Typed freely: the source of the fact the question is about, when the engine is sure of it.
    const { answer } = topic;
    const reply =
      answer.outcome === "answer" && answer.fact
        ? sourceReply(answer.fact)
        : answerReply(answer, engine.base);
    return withAnswerOptions(reply, { ...options, hide: options.hide || topic.stale === true });
  },
  autocomplete: (focused, { engine }) => topicChoices(engine, focused.value),
});
