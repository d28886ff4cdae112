import { ButtonStyle, ComponentType } from "discord-api-types/v10";
import type { EngineAnswer } from "../engine/types.js";
import type { FactBase, KnownFact } from "../facts/base.js";
import { customIdOf } from "../framework/custom-id.js";
import { truncate } from "../framework/limits.js";
import type { Button, ButtonRow, Embed, EmbedField, Reply } from "../framework/types.js";
import { type AnswerView, answerView, type HistoryEntry, historyOf, topicList } from "./answer.js";
import { asOfPhrase, asOfWords, editionLine } from "./figures.js";
import { bold, muted, plain, renderRich } from "./rich.js";

/** Alibaba orange for answers; grey for "not sure" and "not covered". */
export const ANSWER_COLOR = 0xff6a00;
export const MUTED_COLOR = 0x99aab5;
/** Discord blurple for the server managers' own replies (/settings, /unanswered). */
export const SETTINGS_COLOR = 0x5865f2;
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

/** ◀ Prev / Next ▶ for a paged reply; none when there is one page. */
export function pagerRow(page: number, pages: number, idOf: (page: number) => string): ButtonRow[] {
  const last = pages - 1;
  if (last <= 0) return [];
  return [
    row(
      button(idOf(Math.max(page - 1, 0)), "◀ Prev", ButtonStyle.Secondary, page === 0),
      button(idOf(Math.min(page + 1, last)), "Next ▶", ButtonStyle.Secondary, page === last),
    ),
  ];
}

/** The Source button: it also carries the answered fact's id, which a reply to the message reads back. */
function sourceButton(factId: string): Button {
  return button(customIdOf("source", factId), "Source");
}

export function factButtons(choices: AnswerView["choices"], prefix = ""): ButtonRow[] {
  if (choices.length === 0) return [];
  return [
    row(...choices.slice(0, 5).map((c) => button(customIdOf("fact", c.factId), `${prefix}${c.title}`))),
  ];
}

const field = (name: string, value: string, inline: boolean): EmbedField => ({ name, value, inline });

/** "**Alibaba Tracker, January 2017**: 14.4% (end of February 2017) · Before: 10.23% (January 2017)". */
function historyMarkdown(entry: HistoryEntry): string {
  return renderRich([bold(entry.edition), plain(`: ${entry.said}`)], "markdown");
}

/**
 * The embed of an answer view: the sentence (figure in bold) and the older-edition note, its figures, earlier
 * editions, the footer.
 */
function answerEmbed(view: AnswerView, footer: string | undefined): Embed {
  const history = view.history.slice(0, MAX_HISTORY).map(historyMarkdown);
  const note = view.note ? `\n${renderRich([muted(view.note)], "markdown")}` : "";
  return {
    color: ANSWER_COLOR,
    ...(view.title && { title: view.title }),
    description: `${renderRich(view.body, "markdown")}${note}`,
    fields: [
      ...view.fields.map((f) => field(f.name, `**${f.value}**`, true)),
      ...(history.length > 0 ? [field("Earlier editions", history.join("\n"), false)] : []),
    ],
    ...(footer && { footer: { text: footer } }),
  };
}

/** Footer of a fact: the edition it comes from and when it holds. */
function factFooter(fact: KnownFact): string {
  const asOf = asOfPhrase(fact);
  return asOf ? `${editionLine(fact.edition)} · ${asOf}` : editionLine(fact.edition);
}

function coverageLine(base: FactBase): string {
  return `I can answer questions about the ${base.editions[0]?.title ?? "tracker"}: ${topicList(base)}. Try \`/topics\` for the list.`;
}

/**
 * Any engine answer as a Discord reply. With `chart`, an answer from one fact asks for the chart of its figure
 * over time (drawn by the pipeline, when the figure has one); a computed answer never does.
 */
export function answerReply(answer: EngineAnswer, base: FactBase, options: { chart?: boolean } = {}): Reply {
  const view = answerView(answer, base);
  switch (view.outcome) {
    case "answer": {
      const fact = answer.fact;
      if (!fact) return { content: renderRich(view.body, "markdown") };
      const footer = answer.derivation ? view.provenance : factFooter(fact);
      // A close runner-up comes along as "See also", so a near tie costs one click, not a wrong answer.
      return {
        embeds: [answerEmbed(view, footer)],
        components: [row(sourceButton(fact.id)), ...factButtons(view.choices, "See also: ")],
        ...(options.chart && !answer.derivation && { chartOf: fact }),
      };
    }
    case "suggest":
      return {
        embeds: [
          {
            color: MUTED_COLOR,
            title: view.title ?? "Did you mean…",
            description: renderRich(view.body, "markdown"),
            footer: { text: "Pick one, or ask again with more detail." },
          },
        ],
        components: factButtons(view.choices),
      };
    case "decline":
      return {
        embeds: [{ color: MUTED_COLOR, description: renderRich(view.body, "markdown") }],
        components: factButtons(view.choices, "Related: "),
      };
    case "clarify":
    case "smalltalk":
      return { content: renderRich(view.body, "markdown") };
    case "empty":
      return { content: renderRich(view.body, "markdown") || coverageLine(base) };
  }
}

/** One fact, looked up by id (a picked topic, a button), with the chart of its figure over time. */
export function factReply(fact: KnownFact, base: FactBase): Reply {
  return answerReply({ outcome: "answer", answered: true, fact, confidence: 1, suggestions: [] }, base, {
    chart: true,
  });
}

/**
 * The quote behind a fact, with the edition it is from, each earlier edition's figures (with when they held)
 * and quote, and the chart of its figure over time.
 */
export function sourceReply(fact: KnownFact): Reply {
  const fields: EmbedField[] = [
    field("Edition", `${fact.edition.title} (${fact.edition.publisher})`, true),
    field("Published", fact.edition.dateText, true),
  ];
  const asOf = asOfWords(fact);
  if (asOf) fields.push(field("As of", asOf, true));
  for (const entry of historyOf(fact).slice(0, MAX_HISTORY)) {
    fields.push(
      field(
        `Earlier: ${entry.edition}`,
        `${renderRich([plain(entry.said)], "markdown")}\n> ${entry.quote}`,
        false,
      ),
    );
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
    chartOf: fact,
  };
}
