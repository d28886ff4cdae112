import { ApplicationCommandOptionType } from "discord-api-types/v10";
import { z } from "zod";
import type { Engine, EngineAnswer } from "../engine/types.js";
import type { KnownFact } from "../facts/base.js";
import { factButtons } from "../format/discord.js";
import { AnswerOptions, type Choice, type Command } from "./command.js";
import { Slug } from "./custom-id.js";
import { DISCORD_LIMITS, truncate } from "./limits.js";
import type { Reply } from "./types.js";

/** Longest partial topic ranked: nobody types more to pick a topic, and ranking time grows with length. */
const MAX_TOPIC_QUERY = 100;

/** Autocomplete over the facts: name the title, value the id, ranked by the engine. */
export function topicChoices(engine: Engine, partial: string): Choice[] {
  const query = partial.trim().slice(0, MAX_TOPIC_QUERY);
  return engine.complete(query, DISCORD_LIMITS.choices).map((fact) => ({
    name: truncate(fact.title, DISCORD_LIMITS.choiceName),
    value: fact.id.slice(0, DISCORD_LIMITS.choiceValue),
  }));
}

/**
 * The topic option of /fact and /source: a fact picked by autocomplete (its id), or a question typed freely;
 * resolveTopic tells them apart.
 */
export const topicOptionDefinition = {
  type: ApplicationCommandOptionType.String,
  name: "topic",
  description: "Start typing: SingPost, Taobao, Alibaba Cloud…",
  required: true,
  autocomplete: true,
  max_length: 500,
} as const;

export const TopicOptions = AnswerOptions.extend({ topic: z.string() });

/** Autocomplete for the topic option. */
export const topicAutocomplete: NonNullable<Command["autocomplete"]> = (focused, { engine }) =>
  topicChoices(engine, focused.value);

/**
 * A picked autocomplete value is a fact id; anything else was typed freely and is asked as a question.
 * A fragment the engine cannot answer ("sing") still offers what autocomplete would have. A value shaped
 * like a fact id (`singpost-stakes`) that names no fact and that the engine cannot answer is a stale or
 * forged pick: `stale` is set, with what to say, so the command answers privately.
 */
export function resolveTopic(
  engine: Engine,
  value: string,
): { fact: KnownFact } | { answer: EngineAnswer; stale?: { id: string } } {
  const id = Slug.safeParse(value.trim());
  const fact = id.success ? engine.fact(id.data) : undefined;
  if (fact) return { fact };
  const answer = engine.ask(value);
  const stale = id.success && id.data.includes("-") && answer.outcome !== "answer";
  if (answer.outcome === "decline" || answer.outcome === "empty" || stale) {
    const completions = engine.complete(value.trim().slice(0, MAX_TOPIC_QUERY), 3);
    if (stale) {
      return { answer: { ...answer, outcome: "suggest", suggestions: completions }, stale: { id: id.data } };
    }
    if (value.trim() && completions.length > 0) {
      return { answer: { ...answer, outcome: "suggest", suggestions: completions } };
    }
  }
  return { answer };
}

/** What a stale or forged autocomplete pick gets: said privately, with what autocomplete would offer now. */
export function staleTopicReply(id: string, suggestions: readonly KnownFact[]): Reply {
  return {
    content: `I have no topic \`${id}\` any more (it may be out of date). ${suggestions.length > 0 ? "Did you mean one of these?" : "Try `/topics` for the list."}`,
    components: factButtons(suggestions.map((f) => ({ factId: f.id, title: f.title }))),
    ephemeral: true,
  };
}
