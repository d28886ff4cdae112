import type { AnswerKind } from "../schema.js";
import type { DateMention } from "./dates.js";
import type { Figure } from "./figures.js";
import { anchorOf, clauseAround, type Statement, subjectOf } from "./statements.js";

/** The words of a candidate an editor reads and corrects: what a value measures, title, answer, phrasings. */

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Lower-case words joined by dashes, as the schema wants ids and keys. */
export function slug(text: string, maxWords = 5): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[’']s\b/g, "")
    .replace(/[’']/g, "")
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !["the", "a", "an", "of", "in", "on", "and", "its", "to", "for", "with"].includes(w))
    .slice(0, maxWords)
    .join("-");
}

/** "a city of 3.6 million": the place named just before; "the region, with its population of …": the last place named before it. */
function populationOf(statement: Statement, figure: Figure): string {
  const before = statement.names.filter((n) => n.start < figure.start && n.kind !== "person").at(-1);
  return before?.text ?? statement.placeBefore ?? anchorOf(statement);
}

/**
 * The words of a figure's clause before it, less the verb and the words that lead to the figure:
 * "Singles Day sales reached $17.8 billion" → "Singles Day sales".
 */
function wordsBefore(statement: Statement, figure: Figure): string {
  const { text, start } = statement.sentence;
  const head = text.slice(0, figure.start - start);
  const clause = head.slice(
    Math.max(head.lastIndexOf(","), head.lastIndexOf("—"), head.lastIndexOf(";")) + 1,
  );
  return clause
    .replace(/\b(more than|over|about|around|nearly|almost|up to|some|approximately|roughly)\s*$/i, "")
    .replace(
      /\s+(reached|reaches|rose|rises|grew|fell|was|were|is|are|of|for|to|at|by|hit|totaled|totalled|stood at)\s*$/i,
      "",
    )
    .replace(/\s+(reached|rose|grew|fell|was|were|is|are|stood)\s*$/i, "")
    .trim();
}

/** What a figure measures, without the side of a change: "Alibaba’s stake in SingPost", "population of Ningbo". */
export function topicOf(statement: Statement, figure: Figure): string {
  // Both sides of a change measure the same thing: "$17.8 billion …, compared with $14.3 billion".
  const lead = statement.figures.find((f) => f.unit === figure.unit);
  if (lead && lead !== figure && (figure.role === "before" || figure.role === "after"))
    return topicOf(statement, lead);
  const named = subjectOf(statement.sentence);
  const bareName = statement.names.some((n) => n.text === named);
  const subject =
    (figure.unit === "percent" || figure.unit === "usd") && (!named || bareName)
      ? wordsBefore(statement, figure) || named || anchorOf(statement)
      : named || anchorOf(statement);
  if (figure.role === "start" || figure.role === "end") return subject;
  if (figure.noun === "population") return `population of ${populationOf(statement, figure)}`;
  if (figure.role === "rank") return `rank of ${subject} as ${figure.noun}`;
  if (figure.unit === "percent" || figure.unit === "usd") {
    const noun =
      figure.noun && !subject.toLowerCase().includes(figure.noun.toLowerCase()) ? ` (${figure.noun})` : "";
    return `${subject}${noun}`;
  }
  const anchor = anchorOf(statement);
  return `${figure.noun || figure.unit}${anchor ? ` (${anchor})` : ""}`;
}

const SIDE: Partial<Record<Figure["role"], string>> = {
  after: " after the change",
  before: " before the change",
};

export function measuresOf(statement: Statement, figure: Figure): string {
  const topic = topicOf(statement, figure);
  if (figure.role === "start") return `first year of ${topic}`;
  if (figure.role === "end") return `last year of ${topic}`;
  if (figure.role === "change") return `change in ${topic}`;
  const inferred = figure.inferred ? " (inferred: one fewer than the total it brought)" : "";
  return `${topic}${SIDE[figure.role] ?? ""}${inferred}`;
}

/** A value's key: its side of a change, its rank or period end, else its noun ("cities", "digital-customers"). */
export function keyOf(figure: Figure): string {
  if (figure.role !== "value") return figure.role;
  if (figure.noun === "population") return "population";
  return slug(figure.noun.split(/\s+/).slice(-2).join(" "), 2) || slug(figure.unit);
}

function kindOfFigure(figure: Figure): AnswerKind {
  if (figure.unit === "percent") return "percent";
  if (figure.unit === "usd") return "money";
  if (figure.unit === "year") return "date";
  return "count";
}

export function kindsOf(statement: Statement, figures: Figure[], dated: boolean): AnswerKind[] {
  const kinds = new Set<AnswerKind>(figures.map(kindOfFigure));
  if (dated) kinds.add("date");
  for (const name of statement.names) {
    kinds.add(name.kind === "person" ? "person" : name.kind === "place" ? "place" : "organization");
  }
  if (figures.length === 0) kinds.add("description");
  return [...kinds];
}

const MAX_TITLE = 100;

function shortened(text: string, max: number): string {
  const clean = capitalised(text.replace(/\s+/g, " ").trim());
  return clean.length > max ? `${clean.slice(0, clean.lastIndexOf(" ", max - 2))}…` : clean;
}

/** A short title: what the figures measure, or who and when for a dated statement, or its main clause. */
export function titleOf(statement: Statement, figures: Figure[], date?: DateMention): string {
  const topics = [...new Set(figures.map((f) => topicOf(statement, f)))];
  if (topics.length === 1) return shortened(topics[0] ?? "", MAX_TITLE);
  if (figures.length > 0) {
    const nouns = [
      ...new Set(
        figures.map((f) => (f.role === "value" && f.noun !== "population" ? f.noun : topicOf(statement, f))),
      ),
    ];
    const anchor = anchorOf(statement);
    return shortened(`${anchor ? `${anchor}: ` : ""}${nouns.join(", ")}`, MAX_TITLE);
  }
  const subject = subjectOf(statement.sentence) || anchorOf(statement);
  if (date) {
    const clause = clauseAround(statement.sentence, date.start, date.end);
    return shortened(
      clause.toLowerCase().includes(subject.toLowerCase()) ? clause : `${subject}: ${clause}`,
      MAX_TITLE,
    );
  }
  const main = statement.sentence.text.replace(/^[^,]{0,40},\s*/, "").split(/[,;:—–(]/)[0] ?? "";
  return shortened(main.replace(/[“”".]+$/g, ""), MAX_TITLE) || "Untitled statement";
}

/** The quote with its figures and dates in bold, cut to fit the schema's 400 characters. */
export function answerOf(statement: Statement, figures: Figure[]): string {
  const { text: quote, start: offset } = statement.sentence;
  const cut = quote.length > 390 ? `${quote.slice(0, quote.lastIndexOf(" ", 390))}` : quote;
  const spans = [...figures, ...statement.dates]
    .map((s) => ({ start: s.start - offset, end: s.end - offset }))
    .filter((s) => s.start >= 0 && s.end <= cut.length)
    .sort((a, b) => b.start - a.start)
    .filter((s, i, all) => i === 0 || s.end <= (all[i - 1]?.start ?? 0));
  let text = cut;
  for (const span of spans) {
    const words = text.slice(span.start, span.end).replace(/^[\s(]+|[\s,.;:)]+$/g, "");
    if (!words) continue;
    const at = text.indexOf(words, span.start);
    text = `${text.slice(0, at)}**${words}**${text.slice(at + words.length)}`;
  }
  return cut === quote ? text : `${text} …`;
}

const lower = (s: string) => s.toLowerCase().replace(/[“”"]/g, "").replace(/\s+/g, " ").trim();

/** Ways to ask for the candidate, one at least: from its figures, names and title. */
export function phrasingsOf(statement: Statement, figures: Figure[], title: string): string[] {
  const phrasings = new Set<string>();
  for (const figure of figures) {
    const topic = lower(topicOf(statement, figure));
    if (figure.unit === "percent") phrasings.add(`what is ${topic}`);
    else if (figure.unit === "usd") phrasings.add(`how much is ${topic}`);
    else if (figure.role === "start") phrasings.add(`when does ${topic} start`);
    else if (figure.role === "end") phrasings.add(`when does ${topic} end`);
    else if (figure.role === "rank") phrasings.add(`where does ${lower(subjectOf(statement.sentence))} rank`);
    else if (figure.noun === "population") phrasings.add(`what is the ${topic}`);
    else phrasings.add(`how many ${lower(topicOf(statement, figure))}`);
  }
  for (const name of statement.names) if (name.kind === "person") phrasings.add(`who is ${lower(name.text)}`);
  if (figures.length === 0 && statement.dates.length > 0) phrasings.add(`when: ${lower(title)}`);
  phrasings.add(lower(title));
  return [...phrasings].filter((p) => p.length > 0);
}

/** The names a candidate mentions and the nouns its figures count. */
export function keywordsOf(statement: Statement, figures: Figure[]): string[] {
  const words = [
    ...statement.names.map((n) => n.text),
    ...figures.map((f) => (f.role === "value" && f.noun !== "population" ? f.noun : "")),
  ];
  return [...new Set(words.map((w) => w.replace(/[“”"]/g, "").trim()).filter((w) => w.length > 1))];
}

/** A new id from what the candidate is about: its anchor and what it counts, or its title. */
export function idFor(statement: Statement, figures: Figure[], title: string): string {
  const first = figures[0];
  if (!first) return slug(title, 5);
  if (
    first.unit === "percent" ||
    first.unit === "usd" ||
    first.role === "start" ||
    first.noun === "population"
  ) {
    return slug(topicOf(statement, first), 5);
  }
  const what = first.role === "rank" ? "rank" : first.noun;
  return slug(`${anchorOf(statement)} ${what.split(/\s+/).slice(-2).join(" ")}`, 5) || slug(title, 5);
}
