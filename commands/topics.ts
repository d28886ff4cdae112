import { ApplicationCommandOptionType } from "discord-api-types/v10";
import { z } from "zod";
import type { FactBase } from "#facts/base.js";
import { ANSWER_COLOR, pagerRow } from "#format/discord.js";
import {
  AnswerOptions,
  answerOptionDefinitions,
  defineCommand,
  PageNumber,
  withAnswerOptions,
} from "#framework/command.js";
import { categorySlug, customIdOf, Slug } from "#framework/custom-id.js";
import { staleButton } from "#framework/dispatch.js";
import { DISCORD_LIMITS, truncate } from "#framework/limits.js";
import type { Reply } from "#framework/types.js";

/** Facts listed per page. */
export const TOPICS_PAGE_SIZE = 12;

/** Pages of lines: a bold header per category, then its facts. */
function topicPages(base: FactBase, category: string): string[][] {
  const facts =
    category === "all" ? base.facts : base.facts.filter((f) => categorySlug(f.category) === category);
  const pages: string[][] = [];
  for (let i = 0; i < facts.length; i += TOPICS_PAGE_SIZE) {
    const lines: string[] = [];
    let current: string | undefined;
    for (const fact of facts.slice(i, i + TOPICS_PAGE_SIZE)) {
      if (fact.category !== current) {
        current = fact.category;
        lines.push(`${lines.length > 0 ? "\n" : ""}**${fact.category}**`);
      }
      lines.push(`• ${fact.title} — \`${fact.id}\``);
    }
    pages.push(lines);
  }
  return pages;
}

/** One page of /topics with Prev/Next, or undefined for an unknown category or page (a stale button). */
export function topicsReply(base: FactBase, category: string, page: number): Reply | undefined {
  const pages = topicPages(base, category);
  const lines = pages[page];
  if (!lines) return undefined;
  const name =
    category === "all" ? "Topics" : (base.categories.find((c) => categorySlug(c) === category) ?? category);
  const count =
    category === "all"
      ? base.facts.length
      : base.facts.filter((f) => categorySlug(f.category) === category).length;
  return {
    embeds: [
      {
        color: ANSWER_COLOR,
        title: `${name} (${count} facts)`,
        description: lines.join("\n"),
        footer: { text: `Page ${page + 1}/${pages.length} · /fact <topic> answers any of these` },
      },
    ],
    components: pagerRow(page, pages.length, (p) => customIdOf("topics", category, p)),
  };
}

export default defineCommand({
  data: (base) => ({
    name: "topics",
    description: "What the bot knows, by category",
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "category",
        description: "Only this category",
        choices: base.categories.slice(0, DISCORD_LIMITS.choices).map((c) => ({
          name: truncate(c, DISCORD_LIMITS.choiceName),
          value: categorySlug(c),
        })),
      },
      {
        type: ApplicationCommandOptionType.Integer,
        name: "page",
        description: "Start at this page",
        min_value: 1,
        max_value: 99,
      },
      ...answerOptionDefinitions,
    ],
  }),
  options: AnswerOptions.extend({
    category: z.string().optional(),
    page: z.number().int().min(1).default(1),
  }),
  execute(options, _request, { engine }) {
    // A category typed in the console may be its name rather than its slug.
    const category = options.category ? categorySlug(options.category) : "all";
    const page = topicsReply(engine.base, category, options.page - 1);
    if (page) return withAnswerOptions(page, options);
    const known = topicsReply(engine.base, category, 0) !== undefined;
    return {
      content: known
        ? `There is no page ${options.page}. Try \`/topics\` without one.`
        : `I have no category "${options.category}". Try \`/topics\` without one.`,
      ephemeral: true,
    };
  },
  // Paging edits the list in place.
  button: {
    updates: true,
    args: z.tuple([Slug, PageNumber]),
    handle([category, page], _request, { engine }) {
      const reply = topicsReply(engine.base, category, page);
      return reply ? { kind: "update", reply } : { kind: "reply", reply: staleButton() };
    },
  },
});
