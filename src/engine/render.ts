import type { FactBase, KnownFact } from "../facts/base.js";
import { formatValue } from "./format.js";
import type { Derivation, SmallTalkKind } from "./types.js";

/** "as of end of February 2017 · Alibaba Tracker, January 2017". */
export function provenance(fact: KnownFact): string {
  const asOf = fact.asOfText ?? fact.asOf;
  const edition = `${fact.edition.title}, ${fact.edition.dateText}`;
  if (asOf.includes(fact.edition.dateText)) return edition;
  // "as of end of February 2017", but "projected for 2025" and "a few days before…" read on their own.
  const isPointInTime =
    /^(\d|Q\d|early|mid|late|end|the end|january|february|march|april|may|june|july|august|september|october|november|december)/i.test(
      asOf,
    );
  return `${isPointInTime ? `as of ${asOf}` : asOf} · ${edition}`;
}

/** Earlier editions' figures, newest first: "Earlier: 10% (Alibaba Tracker, December 2016)". */
export function historyLine(fact: KnownFact): string | null {
  if (fact.history.length === 0) return null;
  const items = fact.history.map(({ edition, fact: old }) => {
    const first = old.values[0];
    const what = first ? formatValue(first) : old.answer.replace(/\*\*/g, "");
    return `${what} (${old.asOfText ?? old.asOf}; ${edition.title}, ${edition.dateText})`;
  });
  return `Earlier: ${items.join("; ")}.`;
}

export function answerText(fact: KnownFact): string {
  const history = historyLine(fact);
  return [`${fact.answer} _(${provenance(fact)})_`, history].filter(Boolean).join("\n");
}

export function derivedText(derivation: Derivation, facts: readonly KnownFact[]): string {
  const sources = [...new Set(facts.map((f) => provenance(f)))].join("; ");
  return `${derivation.sentence} _(computed from the tracker: ${sources})_`;
}

function topicList(base: FactBase): string {
  const names = base.categories;
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function editionName(base: FactBase): string {
  const newest = base.editions[0];
  return newest ? `the ${newest.title} (${newest.dateText})` : "the tracker";
}

export function declineText(base: FactBase, related: readonly KnownFact[]): string {
  const maybe = related.length > 0 ? ` Closest I have: ${related.map((f) => f.title).join("; ")}.` : "";
  return `${capitalize(editionName(base))} doesn't say. I can tell you about ${topicList(base)}.${maybe} Try \`/topics\` for the list.`;
}

export function suggestText(suggestions: readonly KnownFact[]): string {
  const list = suggestions.map((f) => `**${f.title}**`).join(", or ");
  return `I'm not sure which fact you mean. Did you mean ${list}?`;
}

export function emptyText(base: FactBase): string {
  return `Ask me something about ${editionName(base)}, for example "what is Alibaba's stake in SingPost?" or "how many cloud regions does Alibaba have?"`;
}

export function smallTalkText(kind: SmallTalkKind, base: FactBase): string {
  const covers = `I answer questions about ${editionName(base)}: ${topicList(base)}.`;
  switch (kind) {
    case "greeting":
      return `Hi! ${covers} Ask away, e.g. "how many cloud regions does Alibaba have?"`;
    case "thanks":
      return `You're welcome! ${covers}`;
    case "praise":
      return `Glad it helps. ${covers}`;
    case "farewell":
      return `Bye! ${covers}`;
    case "identity":
      return `I'm tracker-bot. ${covers} Every answer comes with its date and the sentence it is from.`;
    case "capabilities":
      return `${covers} Ask in plain words, or use \`/ask\`, \`/fact\`, \`/topics\`, \`/source\` and \`/help\`.`;
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
