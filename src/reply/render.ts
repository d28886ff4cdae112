import { ButtonStyle, ComponentType } from "discord-api-types/v10";
import type { Derivation, EngineAnswer } from "../engine/types.js";
import type { FactBase, KnownFact } from "../facts/base.js";
import type { Unit } from "../facts/schema.js";
import { categorySlug, customIdOf } from "./custom-id.js";
import { answerFooter, asOfWords, categoryList, editionLine, formatValue, labelOfKey } from "./format.js";
import { truncate } from "./limits.js";
import type { Button, ButtonRow, Embed, EmbedField, Reply } from "./types.js";

/** Alibaba orange for answers; grey for "not sure" and "not covered". */
const ANSWER_COLOR = 0xff6a00;
const MUTED_COLOR = 0x99aab5;
/** Facts listed per /topics page. */
export const TOPICS_PAGE_SIZE = 12;
/** Earlier editions shown under an answer. */
const MAX_HISTORY = 5;

export function button(
  customId: string,
  label: string,
  style: Button["style"] = ButtonStyle.Secondary,
  disabled = false,
): Button {
  return { type: ComponentType.Button, style, custom_id: customId, label: truncate(label, 80), disabled };
}

export function row(...buttons: Button[]): ButtonRow {
  return { type: ComponentType.ActionRow, components: buttons };
}

function sourceButton(factId: string): Button {
  return button(customIdOf({ kind: "source", factId }), "Source", ButtonStyle.Secondary);
}

function factButtons(facts: KnownFact[], prefix = ""): ButtonRow[] {
  if (facts.length === 0) return [];
  return [
    row(
      ...facts
        .slice(0, 5)
        .map((f) => button(customIdOf({ kind: "fact", factId: f.id }), `${prefix}${f.title}`)),
    ),
  ];
}

/** Structured values as fields, where they add something the sentence does not: two or more figures. */
function valueFields(fact: KnownFact): EmbedField[] {
  if (fact.values.length < 2) return [];
  return fact.values.map((v) => ({ name: labelOfKey(v.key), value: `**${formatValue(v)}**`, inline: true }));
}

/** The figures a computed answer used: by key ("Before"/"After") within one fact, else by what they measure. */
function derivationFields(derivation: Derivation): EmbedField[] {
  const oneFact = new Set(derivation.operands.map((o) => o.factId)).size === 1;
  return derivation.operands.map((o) => ({
    name: oneFact ? labelOfKey(o.key) : o.measures.charAt(0).toUpperCase() + o.measures.slice(1),
    value: formatValue({ number: o.number, unit: o.unit as Unit }),
    inline: true,
  }));
}

/** "January 2017: After 14.4% · Before 10.23%" per earlier edition, newest first. */
function historyField(fact: KnownFact): EmbedField[] {
  if (fact.history.length === 0) return [];
  const lines = fact.history.slice(0, MAX_HISTORY).map(({ edition, fact: earlier }) => {
    const said =
      earlier.values.length > 0
        ? earlier.values.map((v) => `${labelOfKey(v.key)} ${formatValue(v)}`).join(" · ")
        : earlier.answer;
    return `**${edition.dateText}**: ${said}`;
  });
  return [{ name: "Earlier editions", value: lines.join("\n"), inline: false }];
}

/** The engine's text ends in "_(as of … · edition)_"; an embed has that in its footer already. */
export function withoutProvenance(text: string): string {
  return text.replace(/\s*_\([^\n]*\)_\s*$/, "");
}

/** The answer embed of one fact: sentence (figure in bold), values, history, edition and as-of date. */
export function factEmbed(fact: KnownFact, derivation?: { derivation: Derivation; text: string }): Embed {
  return {
    color: ANSWER_COLOR,
    title: fact.title,
    description: derivation ? withoutProvenance(derivation.text) : fact.answer,
    fields: [
      ...(derivation ? derivationFields(derivation.derivation) : valueFields(fact)),
      ...historyField(fact),
    ],
    footer: { text: answerFooter(fact, fact.edition) },
  };
}

export function factReply(fact: KnownFact): Reply {
  return { embeds: [factEmbed(fact)], components: [row(sourceButton(fact.id))] };
}

/** The quote behind a fact, with the edition it is from. */
export function sourceReply(fact: KnownFact): Reply {
  const fields: EmbedField[] = [
    { name: "Edition", value: `${fact.edition.title} (${fact.edition.publisher})`, inline: true },
    { name: "Published", value: fact.edition.dateText, inline: true },
  ];
  const asOf = asOfWords(fact);
  if (asOf) fields.push({ name: "As of", value: asOf, inline: true });
  for (const { edition, fact: earlier } of fact.history.slice(0, MAX_HISTORY)) {
    fields.push({ name: `Earlier: ${editionLine(edition)}`, value: `> ${earlier.quote}`, inline: false });
  }
  return {
    embeds: [
      {
        color: ANSWER_COLOR,
        title: `Source: ${fact.title}`,
        description: `> ${fact.quote}`,
        fields,
        footer: { text: editionLine(fact.edition) },
      },
    ],
  };
}

/** What the bot covers, for declines and empty questions. */
function coverageLine(base: FactBase): string {
  return `I can answer questions about the ${base.editions[0]?.title ?? "tracker"}: ${categoryList(base)}. Try \`/topics\` for the list.`;
}

/** Any engine outcome as a reply; the engine's text is what the bot says, the embed adds structure. */
export function answerReply(answer: EngineAnswer, base: FactBase): Reply {
  switch (answer.outcome) {
    case "answer": {
      if (!answer.fact) return { content: answer.text };
      const derivation = answer.derivation ? { derivation: answer.derivation, text: answer.text } : undefined;
      // A close runner-up comes along as "See also", so a near tie costs one click, not a wrong answer.
      return {
        embeds: [factEmbed(answer.fact, derivation)],
        components: [row(sourceButton(answer.fact.id)), ...factButtons(answer.suggestions, "See also: ")],
      };
    }
    case "suggest":
      return {
        embeds: [
          {
            color: MUTED_COLOR,
            title: "Did you mean…",
            description: withoutProvenance(answer.text),
            footer: { text: "Pick one, or ask again with more detail." },
          },
        ],
        components: factButtons(answer.suggestions),
      };
    case "decline": {
      // The engine's decline usually names the categories already; add them only when it does not.
      const covered = base.categories.some((c) => answer.text.includes(c));
      const description = covered ? answer.text : `${answer.text}\n\n${coverageLine(base)}`;
      return {
        embeds: [{ color: MUTED_COLOR, description }],
        components: factButtons(answer.suggestions, "Related: "),
      };
    }
    case "smalltalk":
      return { content: answer.text };
    case "empty":
      return { content: answer.text.trim() ? answer.text : coverageLine(base) };
  }
}

/** Lines of /topics: a bold header per category, then its facts. */
function topicLines(base: FactBase, category: string): string[][] {
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
  const pages = topicLines(base, category);
  const lines = pages[page];
  if (!lines) return undefined;
  const last = pages.length - 1;
  const name =
    category === "all" ? "Topics" : (base.categories.find((c) => categorySlug(c) === category) ?? category);
  const components =
    last === 0
      ? []
      : [
          row(
            button(
              customIdOf({ kind: "topics", category, page: Math.max(page - 1, 0) }),
              "◀ Prev",
              ButtonStyle.Secondary,
              page === 0,
            ),
            button(
              customIdOf({ kind: "topics", category, page: Math.min(page + 1, last) }),
              "Next ▶",
              ButtonStyle.Secondary,
              page === last,
            ),
          ),
        ];
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
        footer: { text: `Page ${page + 1}/${last + 1} · /fact <topic> answers any of these` },
      },
    ],
    components,
  };
}

export interface CommandSummary {
  name: string;
  description: string;
}

export function helpReply(base: FactBase, commands: readonly CommandSummary[]): Reply {
  const editions = base.editions.map((e) => `• ${editionLine(e)}`).join("\n");
  return {
    embeds: [
      {
        color: ANSWER_COLOR,
        title: "How to ask",
        description: [
          `I answer questions about the ${base.editions[0]?.title ?? "tracker"} from its text, with the figures and dates it gives.`,
          "Use `/ask`, @mention me with a question, reply to one of my answers, or DM me.",
          `Topics: ${categoryList(base)}.`,
        ].join("\n"),
        fields: [
          {
            name: "Commands",
            value: commands.map((c) => `\`/${c.name}\` — ${c.description}`).join("\n"),
            inline: false,
          },
          { name: `Editions loaded (${base.facts.length} facts)`, value: editions || "none", inline: false },
        ],
      },
    ],
  };
}

/** For a forged, stale or unknown button or topic. */
export function staleReply(): Reply {
  return {
    content: "That button is out of date or isn't one of mine. Try `/ask` or `/topics` again.",
    ephemeral: true,
  };
}

export function errorReply(): Reply {
  return { content: "Sorry, something went wrong answering that. Please try again.", ephemeral: true };
}
