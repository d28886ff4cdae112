import { z } from "zod";
import { answerReply, sourceReply } from "#format/discord.js";
import { answerOptionDefinitions, defineCommand, withAnswerOptions } from "#framework/command.js";
import { Slug } from "#framework/custom-id.js";
import { staleButton } from "#framework/dispatch.js";
import {
  resolveTopic,
  staleTopicReply,
  TopicOptions,
  topicAutocomplete,
  topicOptionDefinition,
} from "#framework/topic.js";

export default defineCommand({
  data: {
    name: "source",
    description: "Show the tracker's own words behind a fact, with its edition and date",
    options: [topicOptionDefinition, ...answerOptionDefinitions],
  },
  options: TopicOptions,
  execute(options, _request, { engine }) {
    const topic = resolveTopic(engine, options.topic);
    if ("fact" in topic) return withAnswerOptions(sourceReply(topic.fact), options);
    if (topic.stale) return staleTopicReply(topic.stale.id, topic.answer.suggestions);
    // Typed freely: the source of the fact the question is about, when the engine is sure of it.
    const { answer } = topic;
    const reply =
      answer.outcome === "answer" && answer.fact
        ? sourceReply(answer.fact)
        : answerReply(answer, engine.base);
    return withAnswerOptions(reply, options);
  },
  autocomplete: topicAutocomplete,
  // The Source button under every answer: the quote, privately.
  button: {
    args: z.tuple([Slug]),
    handle([factId], _request, { engine }) {
      const fact = engine.fact(factId);
      return { kind: "reply", reply: fact ? { ...sourceReply(fact), ephemeral: true } : staleButton() };
    },
  },
});
