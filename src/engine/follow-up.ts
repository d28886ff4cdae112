import { AUXILIARIES, isFunctionWord, QUESTION_WORDS, SOURCE_WORDS } from "./lexicon.js";
import { OPERATION_CUES } from "./operations.js";
import type { Reading, ReadTerm } from "./read.js";

/**
 * How a turn leans on the ones before it, read from general English: pronouns, the way a continuation or a
 * correction opens, a pick from the facts offered, "tell me more", "source?". Nothing here is about any
 * tracker; which facts a follow-up ends up on is decided by the same matching as any question.
 */

/** What kind of follow-up a turn is, as far as its wording tells. */
export type FollowUpForm =
  | "choice"
  | "more"
  | "source"
  | "correction"
  | "new-subject"
  | "attribute"
  | "pronoun"
  | "history";

export interface Cues {
  /** A pronoun, or "that" before a noun, with nothing before it in the question to stand for: "is it the biggest". */
  anaphora: boolean;
  /** The same, counting only pronouns: "that city" may be one the question itself goes on to name. */
  pronoun: boolean;
  /** "What time is it", "is it raining": about the clock or the weather, never about an earlier turn. */
  impersonal: boolean;
  /** Opens as a continuation: "and …", "what about …", "same for …". */
  continuation: boolean;
  /** "Same for …": only makes sense as the earlier question asked again. */
  same: boolean;
  /** Opens as a correction ("no, I meant …"); the words after it. */
  correction: string[] | null;
  /** Picks one of the facts offered: its place, from 0 (-1: the last one). */
  choice: number | null;
  /** Asks to go on about the same subject: "tell me more", "go on", "and?". */
  more: boolean;
  /** Asks where the last answer comes from: "source?", "where does it say that". */
  source: boolean;
}

/** Words that carry nothing of a short reply's meaning: "ok then the second one please". */
const REPLY_FILLER = new Set(
  "ok okay k kk so then um uh uhm erm hmm well the one ones please pls plz thanks thx i guess think id like want take go with number no option choice pick fact #".split(
    " ",
  ),
);

const ORDINALS: ReadonlyMap<string, number> = new Map([
  ["1", 0],
  ["one", 0],
  ["first", 0],
  ["1st", 0],
  ["a", 0],
  ["2", 1],
  ["two", 1],
  ["second", 1],
  ["2nd", 1],
  ["b", 1],
  ["3", 2],
  ["three", 2],
  ["third", 2],
  ["3rd", 2],
  ["c", 2],
  ["last", -1],
]);

/** "Yes" to a "did you mean": the first thing offered. */
const ASSENT = new Set("yes yeah yep yup ya yea sure correct right exactly that this y ye".split(" "));

/** Words a request for more is made of; at least one of MORE_CORE must be there. */
const MORE_WORDS = new Set(
  "more tell me go on and continue anything else what else details detail info information elaborate keep going expand say next further about it that this please pls us give".split(
    " ",
  ),
);
const MORE_CORE = new Set(
  "more continue else details detail info information elaborate going expand next further".split(" "),
);

/** Words a request for the source is made of; at least one of SOURCE_CORE must be there. */
const SOURCE_ASK = new Set(
  "source sources src link links citation cite cited quote quoted proof ref reference evidence wording sentence exact where does did it say says said that this from what is the show me give please pls in on for of article tracker text".split(
    " ",
  ),
);
const SOURCE_CORE = new Set(
  "source sources src link links citation cite cited quote quoted proof ref reference evidence wording".split(
    " ",
  ),
);

/** How a continuation opens. */
const CONTINUATION =
  /^(?:and|also|plus|but|so|or|now|n|&|then)\b|^(?:what|how) about\b|^what of\b|^(?:and )?(?:what|how) abt\b/;
/** "Same for Amazon?", "the same in 2016?": the earlier question again, about something else. */
const SAME = /^(?:and |so |ok )?(?:the )?same\b/;

/** How a correction opens ("no,", "nah", "oh wait, no"), and the "I meant" that may follow. */
const CORRECTION_OPEN =
  /^(?:(?:oh|oops|sorry|wait|hmm|um|uh|actually|ah|no|nah|nope|nop|not that|wrong)\s+)+/;
const DENIAL = /\b(?:no|nah|nope|nop|not that|wrong)\b/;
const MEANT = /^(?:i\s+)?(?:actually\s+|really\s+)?(?:meant|mean)\b\s*/;
const WANTED =
  /^(?:i\s+)?(?:actually\s+|really\s+)?(?:meant|mean|wanted|want|was asking about|asked about|was asking|need)\b\s*/;

const PERSONAL = new Set(["he", "him", "his", "she", "her", "hers"]);
const IMPERSONAL = new Set(["it", "its", "they", "them", "their", "theirs", "itself"]);
const DEMONSTRATIVE = new Set(["that", "this", "those", "these"]);
const BE = new Set(["is", "are", "was", "were", "s", "be", "been", "being", "isnt", "arent", "wasnt"]);
/** "Is it true that…", "it's possible": a dummy "it" stands for nothing said before. */
const DUMMY_IT_NEXT = new Set(["true", "right", "correct", "possible", "likely", "the", "a", "that", "so"]);
/** "What time is it", "is it raining": "it" of the clock and the weather. */
const DUMMY_IT_TOPIC = new Set(
  "time day date weather rain raining snow snowing sunny cold hot warm late early dark".split(" "),
);

/** The words of a short reply, once filler is gone. */
function essentials(words: readonly string[]): string[] {
  return words.filter((w) => !REPLY_FILLER.has(w));
}

function choiceOf(words: readonly string[]): number | null {
  const rest = essentials(words);
  // "The second one, investigations", "2 - data center": the place, then the name of what was offered.
  if (
    rest.length > 1 &&
    rest.length <= 4 &&
    ORDINALS.has(rest[0] as string) &&
    !/^(a|one)$/.test(rest[0] as string)
  )
    return ORDINALS.get(rest[0] as string) ?? null;
  if (rest.length !== 1) return null;
  const [word] = rest as [string];
  const place = ORDINALS.get(word);
  if (place !== undefined) return place;
  return ASSENT.has(word) ? 0 : null;
}

function isMore(words: readonly string[]): boolean {
  if (words.length === 1 && words[0] === "and") return true;
  return (
    words.length > 0 &&
    words.every((w) => MORE_WORDS.has(w)) &&
    words.some((w) => MORE_CORE.has(w) || w === "on")
  );
}

function isSource(words: readonly string[]): boolean {
  // "Says who?", "according to whom?": whose words these are, never who the subject is.
  if (/^(?:says|said|according to) (?:who|whom)$/.test(words.join(" "))) return true;
  if (words.length === 0 || !words.every((w) => SOURCE_ASK.has(w))) return false;
  // "Where does it say that": asking where a statement is, not a place.
  return words.some((w) => SOURCE_CORE.has(w)) || (words[0] === "where" && words.includes("say"));
}

/** The words after a correction's opening, or null when the turn is no correction. */
function correctionOf(text: string): string[] | null {
  const open = CORRECTION_OPEN.exec(text);
  const words = (rest: string) => rest.split(" ").filter(Boolean);
  // "No, tencent", "sorry no, I want the number of…", "oh wait, no, I actually meant when it started".
  if (open && DENIAL.test(open[0])) {
    const after = text.slice(open[0].length);
    return words(after.replace(WANTED, ""));
  }
  // "I meant investigations", "oh wait, I meant before Japan".
  const after = open ? text.slice(open[0].length) : text;
  const meant = MEANT.exec(after);
  return meant ? words(after.slice(meant[0].length)) : null;
}

/**
 * Whether the question itself gives a pronoun at `i` something to stand for, named by description: a topic
 * put first ("taboa what is it", "Lazada — what percent of it"), or for "its" and "their" a subject noun
 * phrase before ("did *the WeChat company* partner with a city for its smart city"; not "the population of
 * it", where the pronoun is the owner asked about).
 */
function describedBefore(words: readonly string[], i: number): boolean {
  const content = (w: string | undefined) => w !== undefined && !isFunctionWord(w) && !QUESTION_WORDS.has(w);
  const firstQuestion = words.findIndex((w) => QUESTION_WORDS.has(w));
  if (firstQuestion > 0 && firstQuestion < i && words.slice(0, firstQuestion).some(content)) return true;
  if (words[i] !== "its" && words[i] !== "their") return false;
  return words.slice(0, i).some((w, k) => /^(the|a|an)$/.test(w) && content(words[k + 1]));
}

/**
 * Whether a pronoun at `i` stands for something said in an earlier turn: nothing before it in the question
 * names a thing of its kind, and it is not grammar ("is it true that", "are there any", "the stake that").
 */
function refersBack(
  words: readonly string[],
  i: number,
  namedBefore: (i: number) => boolean,
  determiners: boolean,
): boolean {
  const word = words[i] as string;
  const prev = words[i - 1];
  const next = words[i + 1];
  if (PERSONAL.has(word) || IMPERSONAL.has(word)) {
    // "Is the UAE one of them?": a set said before, whatever is named in the question itself.
    if (/^(them|those)$/.test(word) && /^(of|among|amongst)$/.test(prev ?? "")) return true;
    if (word === "it" && next !== undefined && DUMMY_IT_NEXT.has(next)) return false;
    if (word === "it" && words.some((w) => DUMMY_IT_TOPIC.has(w))) return false;
    return !namedBefore(i) && !describedBefore(words, i);
  }
  if (word === "there") {
    // Existential "there is / are there" stands for nothing.
    if ((next !== undefined && BE.has(next)) || (prev !== undefined && BE.has(prev))) return false;
    return !namedBefore(i);
  }
  if (DEMONSTRATIVE.has(word)) {
    // "This edition", "this article": the tracker itself, not something said before.
    if (next !== undefined && SOURCE_WORDS.has(next)) return false;
    // After a noun it starts a relative clause ("the stake that Alibaba holds"); after a verb, a
    // preposition or nothing it stands for something ("who said that", "is that more than…").
    const afterNoun =
      prev !== undefined && !isFunctionWord(prev) && !QUESTION_WORDS.has(prev) && !/(ed|s)$/.test(prev);
    if (afterNoun && prev !== "said" && prev !== "mean") return false;
    // "That city", "this deal": a determiner, pointing back only as much as its noun does.
    const determiner =
      next !== undefined && !isFunctionWord(next) && !OPERATION_CUES.has(next) && !/^\d/.test(next);
    if (determiner && !determiners) return false;
    return !namedBefore(i);
  }
  return false;
}

/** "Amazon's?": a possessive with nothing after it is the earlier question's attribute, of another owner. */
const POSSESSIVE_FRAGMENT = /^[^\s?]+(?: [^\s?]+)?(?:'s|s')\s*\?*\s*$/i;

/** The follow-up cues of a reading (its words as read: lower case, chat shorthand expanded) and its text. */
export function cuesOf(reading: Reading, typed = ""): Cues {
  const words = reading.words;
  const text = words.join(" ");
  const entityStarts = namedPositions(reading);
  const namedBefore = (i: number) => entityStarts.some((at) => at < i);
  const correction = correctionOf(text);
  return {
    anaphora: words.some((_, i) => refersBack(words, i, namedBefore, true)),
    pronoun: words.some((_, i) => refersBack(words, i, namedBefore, false)),
    impersonal: words.includes("it") && words.some((w) => DUMMY_IT_TOPIC.has(w)),
    continuation: CONTINUATION.test(text) || SAME.test(text) || POSSESSIVE_FRAGMENT.test(typed.trim()),
    same: SAME.test(text),
    correction,
    choice: choiceOf(words),
    more: isMore(words),
    source: isSource(words),
  };
}

/** Where the names and the tracker's terms a question mentions start among its words: what "it" may stand for. */
function namedPositions(reading: Reading): number[] {
  const words = reading.words;
  const positions: number[] = [];
  for (const t of reading.terms) {
    if (t.role !== "entity" && t.role !== "term" && !t.foreign) continue;
    const first = t.surface.split(" ")[0];
    const at = words.indexOf(first ?? "");
    if (at >= 0) positions.push(at);
  }
  return positions;
}

/** The subject a question names itself: the tracker's names and unknown names in the asking clause. */
export function ownSubject(reading: Reading): ReadTerm[] {
  return reading.terms.filter((t) => t.core && (t.role === "entity" || t.foreign));
}

/** The question's own topic terms besides names: what it asks about them ("arrests", "population"). */
export function ownAttributes(reading: Reading): ReadTerm[] {
  // The words of an operation ("difference in points?") say how to compute, not what about.
  return reading.terms.filter(
    (t) =>
      t.core &&
      t.role !== "entity" &&
      !t.foreign &&
      t.role !== "number" &&
      (!t.unknown || t.attribute) &&
      !(reading.operation !== null && OPERATION_CUES.has(t.surface)),
  );
}

/** "The Tencent one", "and Tencent?": names, and nothing asked of them. */
export function namesOnly(reading: Reading): boolean {
  return (
    reading.form === "telegraphic" &&
    ownAttributes(reading).length === 0 &&
    reading.operation === null &&
    reading.claim === null
  );
}

/** Words of the question's own that the facts do not know, discourse adverbs aside ("exactly", "actually"). */
export function ownUnknownWords(reading: Reading): ReadTerm[] {
  return reading.terms.filter(
    (t) => t.core && !t.fromContext && t.unknown && !t.foreign && !t.attribute && !/ly$/.test(t.surface),
  );
}

/** Whether a turn is only a wh-word or an operation ("when?", "how much is that in points?"). */
export function isBareQuestion(reading: Reading): boolean {
  return (
    ownSubject(reading).length === 0 &&
    ownAttributes(reading).length === 0 &&
    ownUnknownWords(reading).length === 0 &&
    reading.words.some((w) => QUESTION_WORDS.has(w) || AUXILIARIES.has(w) || reading.operation !== null)
  );
}

/**
 * Whether the question's own words are mostly ones the facts do not know ("who won the world cup", "is it
 * going to rain tomorrow"): it is about something else, and an earlier turn must not make it about the tracker.
 */
export function aboutSomethingElse(reading: Reading, weight: (t: ReadTerm) => number): boolean {
  // What it asks for in words no fact uses ("translate", "revenue") is as foreign as the rest.
  // A figure it claims ("over 10%") is no sign of another topic.
  const foreign = [
    ...ownUnknownWords(reading).filter((t) => t.role !== "number"),
    ...ownAttributes(reading).filter((t) => t.unknown),
  ];
  const unknown = foreign.reduce((sum, t) => sum + weight(t), 0);
  const known = ownAttributes(reading)
    .filter((t) => !t.unknown)
    .reduce((sum, t) => sum + weight(t), 0);
  return unknown > 0 && unknown > known;
}

/** A follow-up's words, with the earlier turn's topic added as context: they help match, never conflict. */
export function withContext(reading: Reading, context: readonly ReadTerm[], factor: number): Reading {
  const own = new Set(reading.terms.map((t) => t.term));
  const added = context
    .filter((t) => !own.has(t.term))
    .map((t) => ({ ...t, core: false, fromContext: true, factor: t.factor * factor }));
  return { ...reading, terms: [...reading.terms, ...added] };
}

/** A year a question names ("and in 2015?"): it changes when, not what, so it stands in for an earlier year. */
export function isYear(t: ReadTerm): boolean {
  const n = Number(t.term.slice(1));
  return t.role === "number" && Number.isInteger(n) && n >= 1900 && n <= 2100;
}

/**
 * An earlier question with one of its names replaced by a new one ("which city did Baidu sign with" +
 * "and Tencent?"): the name of the same kind, else the most specific one; a year replaces a year.
 */
export function withSubject(
  earlier: Reading,
  subject: readonly ReadTerm[],
  kindOf: (term: string) => string | undefined,
  rarity: (term: string) => number,
): Reading {
  const names = earlier.terms.filter((t) => t.core && (t.role === "entity" || t.foreign));
  const years = earlier.terms.filter(isYear);
  const replaced = new Set<string>();
  for (const s of subject) {
    if (isYear(s)) {
      for (const y of years) replaced.add(y.term);
      continue;
    }
    const kind = kindOf(s.term);
    const free = names.filter((n) => !replaced.has(n.term));
    const sameKind = free.filter((n) => kind !== undefined && family(kindOf(n.term)) === family(kind));
    const pool = sameKind.length > 0 ? sameKind : free;
    const target = [...pool].sort((a, b) => rarity(b.term) - rarity(a.term))[0];
    if (target) replaced.add(target.term);
  }
  const kept = earlier.terms.filter((t) => !replaced.has(t.term) && !subject.some((s) => s.term === t.term));
  const added = subject.map((s) => ({ ...s, core: true, factor: 1 }));
  return {
    ...earlier,
    terms: [...kept, ...added],
    coreEntities: [
      ...earlier.coreEntities.filter((id) => !replaced.has(`@${id}`)),
      ...subject.flatMap((s) => (s.role === "entity" ? [s.term.slice(1)] : [])),
    ],
    numbers: [
      ...earlier.numbers.filter((n) => !replaced.has(`#${n}`)),
      ...subject.flatMap((s) => (s.role === "number" ? [Number(s.term.slice(1))] : [])),
    ],
    claim: null,
  };
}

/** Companies, organisations and products stand in for one another ("and Tencent?" after SingPost). */
function family(kind: string | undefined): string | undefined {
  return kind === "organization" || kind === "product" ? "company" : kind;
}
