import { z } from "zod";
import { pickedTurn } from "#conversation/context.js";
import { turnOf } from "#engine/turn.js";
import { answerReply, factReply } from "#format/discord.js";
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
import { noteUnanswered } from "#store/unanswered.js";

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
    // A topic names its subject, so it is read alone; what it shows is what the member follows up on next.
    if ("fact" in topic) {
      context.conversation?.record(pickedTurn(topic.fact.id));
      return withAnswerOptions(factReply(topic.fact, engine.base), options);
    }
    if (topic.stale) return staleTopicReply(topic.stale.id, topic.answer.suggestions);
    context.conversation?.record(turnOf(options.topic, topic.answer));
    // Typed freely: a question the tracker may not cover yet.
    await noteUnanswered(context, request.guildId, options.topic, topic.answer);
    return withAnswerOptions(answerReply(topic.answer, engine.base, { chart: true }), options);
  },
  autocomplete: topicAutocomplete,
  // "Did you mean" and "See also" buttons: the fact, privately (anyone in the channel may click them). The
  // pick answers the bot's own question, so the clicker's next question follows up on it.
  button: {
    args: z.tuple([Slug]),
    handle([factId], _request, { engine, conversation }) {
      const fact = engine.fact(factId);
      if (fact) conversation?.record(pickedTurn(fact.id));
      return {
        kind: "reply",
        reply: fact ? { ...factReply(fact, engine.base), ephemeral: true } : staleButton(),
      };
    },
  },
});
