import {
  answerOptionDefinitions,
  defineCommand,
  resolveTopic,
  TopicOptions,
  topicAutocomplete,
  topicOptionDefinition,
  withAnswerOptions,
} from "../src/reply/command.js";
import { answerReply, factReply } from "../src/reply/render.js";
import { noteUnanswered } from "../src/store/unanswered.js";

export default defineCommand({
  data: {
    name: "fact",
    description: "Look up one fact of the tracker by topic",
    options: [topicOptionDefinition, ...answerOptionDefinitions],
  },
  options: TopicOptions,
  async execute(options, request, context) {
    const { engine } = context;
    const topic = resolveTopic(engine, options.topic);
    if ("fact" in topic) return withAnswerOptions(factReply(topic.fact), options);
    // Typed freely (not a stale pick): a question the tracker may not cover yet.
    if (!topic.stale) await noteUnanswered(context, request.guildId, options.topic, topic.answer);
    // A stale or forged autocomplete pick is answered privately.
    return withAnswerOptions(answerReply(topic.answer, engine.base), {
      ...options,
      hide: options.hide || topic.stale === true,
    });
  },
  autocomplete: topicAutocomplete,
});
