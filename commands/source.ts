import {
  answerOptionDefinitions,
  defineCommand,
  resolveTopic,
  TopicOptions,
  topicAutocomplete,
  topicOptionDefinition,
  withAnswerOptions,
} from "../src/reply/command.js";
import { answerReply, sourceReply } from "../src/reply/render.js";

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
    // Typed freely: the source of the fact the question is about, when the engine is sure of it.
    const { answer } = topic;
    const reply =
      answer.outcome === "answer" && answer.fact
        ? sourceReply(answer.fact)
        : answerReply(answer, engine.base);
    return withAnswerOptions(reply, { ...options, hide: options.hide || topic.stale === true });
  },
  autocomplete: topicAutocomplete,
});
