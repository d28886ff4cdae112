import { ApplicationCommandOptionType } from "discord-api-types/v10";
import { z } from "zod";
import { turnOf } from "#engine/turn.js";
import { answerReply } from "#format/discord.js";
import {
  AnswerOptions,
  answerOptionDefinitions,
  defineCommand,
  withAnswerOptions,
} from "#framework/command.js";
import { noteUnanswered } from "#store/unanswered.js";

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
    // A follow-up ("and before that?") is read against the member's earlier turns in this channel.
    const previous = (await context.conversation?.previous()) ?? [];
    const answer = context.engine.ask(options.question, { previous });
    context.conversation?.record(turnOf(options.question, answer));
    // Chatter overheard in a listen channel was never asked of the bot: it is not worth an editor's time.
    if (request.via !== "listen") await noteUnanswered(context, request.guildId, options.question, answer);
    return withAnswerOptions(answerReply(answer, context.engine.base), options);
  },
});
