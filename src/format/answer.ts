import type { Derivation, EngineAnswer, Operand, Outcome, SmallTalkKind } from "../engine/types.js";
import type { FactBase, KnownFact } from "../facts/base.js";
import { dateOfValue } from "../facts/history.js";
import type { Fact, Value } from "../facts/schema.js";
import {
  asOfPhrase,
  asOfWords,
  capitalise,
  editionName,
  formatFigure,
  formatPeriod,
  formatQuantity,
  formatValue,
  labelOfKey,
  roundTo,
} from "./figures.js";
import {
  bold,
  code,
  joinRich,
  muted,
  plain,
  type Rich,
  renderRich,
  richOfAuthored,
  type TextStyle,
} from "./rich.js";

/**
 * An engine answer laid out once, as data: what every front end shows, before it is an embed, console
 * lines or the `text` of `ask --json`.
 */
export interface AnswerView {
  outcome: Outcome;
  /** The fact's title, or the heading of a "did you mean". */
  title?: string;
  /** What the bot says. */
  body: Rich;
  /** Figures worth showing on their own: a fact's values, a computation's operands. */
  fields: { name: string; value: string }[];
  /** Earlier editions' versions of the fact, newest first: each edition's figures with when they held. */
  history: HistoryEntry[];
  /** Said when the fact comes from an edition older than the newest loaded. */
  note?: string;
  /** Where the answer comes from: when it holds, and the edition(s). */
  provenance?: string;
  /** The tracker's own sentence behind a single-fact answer. */
  quote?: string;
  /** Facts offered next to or instead of an answer. */
  choices: { factId: string; title: string }[];
  /** How `choices` are offered. */
  choiceRole?: "see-also" | "did-you-mean" | "closest";
}

function describe(op: Operand): string {
  return `${op.value.measures} (${formatValue(op.value)})`;
}

/** "14.4% (February 2017)", "10.23% (January 2017; Alibaba Tracker, January 2017)": a value at its date. */
function atTime(op: Operand): string {
  const when = [op.value.asOf && formatPeriod(op.value.asOf), op.edition && editionName(op.edition)].filter(
    Boolean,
  );
  return when.length > 0 ? `${formatValue(op.value)} (${when.join("; ")})` : formatValue(op.value);
}

/** The computed sentence: the result in bold, then what it was computed from. */
function derivationBody(d: Derivation, base: FactBase): Rich {
  const result = bold(formatQuantity(d.result));
  switch (d.operation) {
    case "difference": {
      const points = d.result.unit === "points" ? ` (${roundTo(d.result.number * 100, 0)} basis points)` : "";
      if (d.changing) {
        const relative =
          d.relative === null
            ? ""
            : `; ${d.relative >= 0 ? "+" : ""}${roundTo(d.relative, 1)}% in relative terms`;
        return [
          result,
          plain(
            `${points}: from ${atTime(d.from)} to ${atTime(d.to)} (${d.to.value.measures.replace(/ after .*$/, "")}${relative}).`,
          ),
        ];
      }
      return [result, plain(`${points}: the difference between ${describe(d.to)} and ${describe(d.from)}.`)];
    }
    case "relative-change":
      return [
        // A change reads with its sign: "+40.8%".
        bold(
          `${d.result.qualifier ? `${d.result.qualifier} ` : ""}${d.result.number >= 0 ? "+" : ""}${roundTo(d.result.number, 1)}%`,
        ),
        plain(
          ` relative change: ${describe(d.from)} to ${describe(d.to)}, a difference of ${formatQuantity(d.difference)}.`,
        ),
      ];
    case "target":
      if (d.value.value.unit !== "percent") {
        // A count against one the question gave: the gap, either way round.
        return [
          bold(formatQuantity({ ...d.result, number: Math.abs(d.result.number) })),
          plain(
            `: the difference between ${formatValue(d.value.value)} (${d.value.value.measures}) and ${formatFigure({ number: d.target, unit: d.value.value.unit })}.`,
          ),
        ];
      }
      return [
        bold(formatFigure({ number: Math.abs(d.result.number), unit: d.result.unit })),
        plain(
          ` ${d.result.number > 0 ? "more" : "less"}: from ${formatValue(d.value.value)} (${d.value.value.measures}) to ${roundTo(d.target)}%.`,
        ),
      ];
    case "of-given":
      return [
        result,
        plain(
          d.as === "share"
            ? `: ${describe(d.value)} as a share of ${formatQuantity({ number: d.given, unit: "count" })}, the number you gave.`
            : `: ${describe(d.value)} of ${formatQuantity({ number: d.given, unit: "count" })}, the number you gave.`,
        ),
      ];
    case "complement":
      return [result, plain(`: the rest of ${formatValue(d.of.value)} (${d.of.value.measures}).`)];
    case "ratio":
      return [
        result,
        plain(`: ${describe(d.numerator)} ÷ ${describe(d.denominator)}${d.per === 1 ? "" : ` × ${d.per}`}.`),
      ];
    case "share":
      return [
        result,
        plain(
          d.rest
            ? `: the rest of ${describe(d.whole)}, besides ${describe(d.part)}.`
            : `: ${describe(d.part)} as a share of ${describe(d.whole)}.`,
        ),
      ];
    case "sum":
      return [result, plain(` in all: ${describe(d.parts[0])} plus ${describe(d.parts[1])}.`)];
    case "span": {
      const when = (p: typeof d.from) => {
        const fact = p.factId ? base.byId.get(p.factId) : undefined;
        const words = p.text ?? formatPeriod(p.iso);
        return d.result.unit === "months" && fact ? `${words} (${fact.title})` : words;
      };
      return [
        result,
        plain(`: from ${when(d.from)} to ${when(d.to)}${d.inclusive ? ", both years included" : ""}.`),
      ];
    }
    case "pick":
      return [
        result,
        plain(
          `: ${d.chosen.value.measures}${d.chosen.value.asOf ? `, ${formatPeriod(d.chosen.value.asOf)}` : ""}${d.chosen.edition ? ` (${editionName(d.chosen.edition)})` : ""} (the tracker gives ${atTime(d.other)} ${d.which === "earlier" ? "after" : "before"}).`,
        ),
      ];
    case "convert":
      return [result, plain(`: ${describe(d.value)}.`)];
    case "compare": {
      const more = d.left.value.number > d.right.value.number;
      const relation =
        d.left.value.number === d.right.value.number ? "as many as" : more ? "more than" : "less than";
      const figure = (op: Operand) => `${formatValue(op.value)} (${op.value.measures})`;
      return [
        plain(`${capitalise(figure(d.left))} is ${relation} ${figure(d.right)}`),
        ...(d.result.number === 0 ? [] : [plain(", by "), result]),
        plain("."),
      ];
    }
  }
}

/** The figures a computed answer used: by key ("Before"/"After") within one fact, else by what they measure. */
function derivationFields(d: Derivation): AnswerView["fields"] {
  const oneFact = new Set(d.operands.map((o) => o.factId)).size === 1;
  return d.operands.map((o) => ({
    name: oneFact ? labelOfKey(o.value.key) : capitalise(o.value.measures),
    value: formatValue(o.value),
  }));
}

/** A fact's own figures, where they add something to its sentence: two or more. */
function valueFields(fact: KnownFact): AnswerView["fields"] {
  if (fact.values.length < 2) return [];
  return fact.values.map((v) => ({ name: labelOfKey(v.key), value: formatValue(v) }));
}

/** What an earlier edition said of a fact, and the sentence it said it in. */
export interface HistoryEntry {
  /** "Alibaba Tracker, January 2017". */
  edition: string;
  /** "14.4% (end of February 2017) · Before: 10.23% (January 2017)". */
  said: string;
  quote: string;
}

/** When a fact holds in words, "this edition" included (then the edition's own date). */
function whenFactHolds(fact: Fact): string {
  return asOfWords(fact) ?? formatPeriod(fact.asOf);
}

/**
 * A value with when it held: "10.23% (January 2017)". The first value is the fact's own figure and goes
 * unlabelled; the others say which they are ("Before: …"), as the fields of an answer do.
 */
function valueWhen(value: Value, fact: Fact, index: number): string {
  const date = dateOfValue(value, fact);
  const when = date === fact.asOf ? whenFactHolds(fact) : formatPeriod(date);
  return `${index === 0 ? "" : `${labelOfKey(value.key)}: `}${formatValue(value)} (${when})`;
}

/** An earlier version of a fact in one line: its figures with their dates, or its sentence with its date. */
export function earlierSaid(fact: Fact): string {
  if (fact.values.length === 0) {
    // The sentence's own full stop gives way to the date after it.
    return `${renderRich(richOfAuthored(fact.answer), "plain").replace(/\.$/, "")} (${whenFactHolds(fact)})`;
  }
  return fact.values.map((value, i) => valueWhen(value, fact, i)).join(" · ");
}

/** Earlier editions' versions of a fact, newest first. */
export function historyOf(fact: KnownFact): HistoryEntry[] {
  return fact.history.map(({ edition, fact: earlier }) => ({
    edition: editionName(edition),
    said: earlierSaid(earlier),
    quote: earlier.quote,
  }));
}

/**
 * Said of a fact the newest edition loaded does not restate, so a reader knows the answer may be dated:
 * "From an earlier edition (Alibaba Tracker, January 2017); the newest loaded, March 2017, does not restate it."
 */
export function olderEditionNote(fact: KnownFact, base: FactBase): string | undefined {
  const newest = base.editions[0];
  if (!newest || newest.id === fact.edition.id) return undefined;
  return `From an earlier edition (${editionName(fact.edition)}); the newest loaded, ${newest.dateText}, does not restate it.`;
}

/** "as of end of February 2017 · Alibaba Tracker, January 2017". */
export function provenanceOf(fact: KnownFact): string {
  const asOf = asOfPhrase(fact);
  const edition = editionName(fact.edition);
  return asOf ? `${asOf} · ${edition}` : edition;
}

/** The tracker in words, for declines and greetings: "the Alibaba Tracker (January 2017)". */
export function trackerName(base: FactBase): string {
  const newest = base.editions[0];
  return newest ? `the ${newest.title} (${newest.dateText})` : "the tracker";
}

/** "Counterfeits & the USTR, Smart cities in China and Alibaba Cloud". */
export function topicList(base: FactBase): string {
  const names = base.categories;
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function smallTalkBody(kind: SmallTalkKind, base: FactBase): Rich {
  const covers = `I answer questions about ${trackerName(base)}: ${topicList(base)}.`;
  switch (kind) {
    case "greeting":
      return [plain(`Hi! ${covers} Ask away, e.g. "how many cloud regions does Alibaba have?"`)];
    case "thanks":
      return [plain(`You're welcome! ${covers}`)];
    case "praise":
      return [plain(`Glad it helps. ${covers}`)];
    case "farewell":
      return [plain(`Bye! ${covers}`)];
    case "identity":
      return [
        plain(`I'm tracker-bot. ${covers} Every answer comes with its date and the sentence it is from.`),
      ];
    case "capabilities":
      return [
        plain(`${covers} Ask in plain words, or use `),
        ...joinRich(
          ["/ask", "/fact", "/topics", "/source", "/help"].map((c) => [code(c)]),
          ", ",
        ),
        plain("."),
      ];
  }
}

const choicesOf = (facts: readonly KnownFact[]) => facts.map((f) => ({ factId: f.id, title: f.title }));

/** Any engine answer, laid out. */
export function answerView(answer: EngineAnswer, base: FactBase): AnswerView {
  const view = viewOf(answer, base);
  // A yes/no question is answered "Yes" or "No" first, then with the fact that settles it.
  if (!answer.verdict) return view;
  const word = answer.verdict.answer === "yes" ? "Yes" : "No";
  return { ...view, body: [bold(word), plain(" — "), ...view.body] };
}

function viewOf(answer: EngineAnswer, base: FactBase): AnswerView {
  const empty = { fields: [], history: [], choices: [] };
  switch (answer.outcome) {
    case "answer": {
      const fact = answer.fact;
      if (!fact) return { ...empty, outcome: "answer", body: [plain("")] };
      const see = answer.suggestions.length > 0 ? ({ choiceRole: "see-also" } as const) : {};
      if (answer.derivation) {
        const d = answer.derivation;
        const facts = d.factIds.map((id) => base.byId.get(id)).filter((f): f is KnownFact => f !== undefined);
        const sources = [...new Set(facts.map(provenanceOf))].join("; ");
        return {
          ...empty,
          outcome: "answer",
          title: fact.title,
          body: derivationBody(d, base),
          fields: derivationFields(d),
          provenance: `computed from the tracker: ${sources}`,
          choices: choicesOf(answer.suggestions),
          ...see,
        };
      }
      const note = olderEditionNote(fact, base);
      return {
        outcome: "answer",
        title: fact.title,
        body: richOfAuthored(fact.answer),
        fields: valueFields(fact),
        history: historyOf(fact),
        ...(note && { note }),
        provenance: provenanceOf(fact),
        quote: fact.quote,
        choices: choicesOf(answer.suggestions),
        ...see,
      };
    }
    case "suggest":
      return {
        ...empty,
        outcome: "suggest",
        title: "Did you mean…",
        body: [
          plain("I'm not sure which fact you mean. Did you mean "),
          ...joinRich(
            answer.suggestions.map((f) => [bold(f.title)]),
            ", or ",
          ),
          plain("?"),
        ],
        choices: choicesOf(answer.suggestions),
        choiceRole: "did-you-mean",
      };
    case "decline": {
      const said = answer.unsettled ? answer.suggestions[0] : undefined;
      if (said) {
        return {
          ...empty,
          outcome: "decline",
          body: [
            plain(`${capitalise(trackerName(base))} doesn't say whether that is so. What it does say: `),
            ...richOfAuthored(said.answer),
          ],
          choices: choicesOf(answer.suggestions),
          choiceRole: "closest",
        };
      }
      const closest = answer.suggestions.map((f) => f.title).join("; ");
      return {
        ...empty,
        outcome: "decline",
        body: [
          plain(
            `${capitalise(trackerName(base))} doesn't say. I can tell you about ${topicList(base)}.${closest ? ` Closest I have: ${closest}.` : ""} Try `,
          ),
          code("/topics"),
          plain(" for the list."),
        ],
        choices: choicesOf(answer.suggestions),
        choiceRole: "closest",
      };
    }
    case "clarify":
      return {
        ...empty,
        outcome: "clarify",
        body: [
          plain(
            'What does that refer to? Ask me the whole question, e.g. "what is Alibaba\'s stake in SingPost?"',
          ),
        ],
      };
    case "smalltalk":
      return { ...empty, outcome: "smalltalk", body: smallTalkBody(answer.smalltalk ?? "greeting", base) };
    case "empty":
      return {
        ...empty,
        outcome: "empty",
        body: [
          plain(
            `Ask me something about ${trackerName(base)}, for example "what is Alibaba's stake in SingPost?" or "how many cloud regions does Alibaba have?"`,
          ),
        ],
      };
  }
}

/** "Earlier (Alibaba Tracker, January 2017): 14.4% (end of February 2017) · Before: 10.23% (January 2017)." */
export function historyLine(entry: HistoryEntry): string {
  return `Earlier (${entry.edition}): ${entry.said}.`;
}

/**
 * What the bot says as one block of text: the answer with its provenance in brackets, the older-edition note,
 * and each earlier edition on a line of its own (a computed answer has none: the view leaves them out).
 * `markdown` is what Discord shows (and `ask --json`'s `text`), `ansi` a terminal, `plain` anything else.
 */
export function answerText(answer: EngineAnswer, base: FactBase, style: TextStyle = "markdown"): string {
  const view = answerView(answer, base);
  const provenance = view.provenance ? [plain(" "), muted(`(${view.provenance})`)] : [];
  const lines = [renderRich([...view.body, ...provenance], style)];
  if (answer.quoted && view.quote) lines.push(renderRich([plain(`The tracker: “${view.quote}”`)], style));
  if (view.note) lines.push(renderRich([muted(view.note)], style));
  lines.push(...view.history.map((entry) => renderRich([plain(historyLine(entry))], style)));
  return lines.join("\n");
}
