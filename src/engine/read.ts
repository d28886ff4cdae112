import { MONTHS } from "../facts/iso-date.js";
import type { AnswerKind } from "../facts/schema.js";
import type { FactIndex } from "./fact-index.js";
import {
  AUXILIARIES,
  CLAIM_OPENER,
  CLAIM_THEN_CHECK,
  CLAUSE_JOINERS,
  COURTESY,
  chatExpansion,
  DOUBTING_ALTERNATIVE,
  detectWants,
  IRREGULAR_PAST,
  isFunctionWord,
  MEASURE_WORDS,
  MONEY_ASKED,
  QUESTION_WORDS,
  RANK_WORDS,
  REPORTING_FRAME,
  ROLE_QUESTION,
  SMALLTALK_PATTERNS,
  SMALLTALK_WORDS,
  SOURCE_WORDS,
  TAG_QUESTION,
  TAG_WORDS,
} from "./lexicon.js";
import { memoPer } from "./memo.js";
import { DATE_BOUND, detectOperation, OPERATION_CUES, type Operation, type Pick } from "./operations.js";
import {
  closestWord,
  editDistance,
  everydayWordMeant,
  isDroppedLetter,
  isNeighbourSlip,
} from "./spelling.js";
import { type RawWord, stem, stripDiscordMarkup, wordsOf } from "./text.js";
import type { SmallTalkKind } from "./types.js";
import { findMentions, type Mention } from "./vocabulary.js";

/**
 * A question read once into what the matcher and the decision need: its topic terms (entities, the
 * tracker's terms, numbers, other words), how much each says, which clause asks, the kind of answer wanted,
 * a yes/no question's claim, and an operation over figures.
 */

/** General-English knowledge the caller supplies (the engine does no I/O). */
export interface Language {
  /** Whether a word is in a general English word list. */
  isEnglishWord(word: string): boolean;
  /** How common a word is in everyday English: log10 of its count in ~51 million words (0: never seen). */
  commonness(word: string): number;
  /** Whether a word names a country or a capital, typed in any case ("india", "seoul"). */
  isPlaceName?(word: string): boolean;
}

export const NO_LANGUAGE: Language = { isEnglishWord: () => false, commonness: () => 0 };

export type TermRole = "entity" | "term" | "number" | "word";

export interface ReadTerm {
  /** `@alibaba` (an entity), `~stake` (one of the tracker's terms), `#14.4` (a number), or a word's stem. */
  term: string;
  role: TermRole;
  /** How much it says about what is asked: 1 in the clause that asks, less in asides and other sentences. */
  factor: number;
  /** In the clause that asks. */
  core: boolean;
  /** Not a word the fact base uses. */
  unknown: boolean;
  /** An unknown word that names something (a company, an acronym): a question about it is about something else. */
  foreign: boolean;
  /** An unknown noun in the asking clause that names what is asked (revenue, founder, price). */
  attribute: boolean;
  /** An attribute where grammar says it is what is asked ("Alibaba's *revenue*", "deal *value*?"). */
  asked?: boolean;
  /** As typed, for explanations. */
  surface: string;
  /** Inherited from an earlier turn of the conversation: it helps match, but never conflicts. */
  fromContext?: boolean;
}

/** What a yes/no question asserts, to check against a fact. */
export interface Claim {
  /** "… isn't the biggest, right?": the verdict flips. */
  negated: boolean;
  /** A rank it asserts: 1 for "the biggest / top / main", 2 for "second". */
  rank: number | null;
  /** Figures it asserts, with how they are hedged ("more than 10", "about 3,000", "20%"). */
  figures: ClaimedFigure[];
  /** Months and years it names (`2016`, `2016-10`). */
  dates: string[];
  /** Dates it says the fact's falls before or after ("before March", "after Q1"), not on. */
  bounds: { date: string; side: "before" | "after" }[];
}

export interface ClaimedFigure {
  number: number;
  percent: boolean;
  /** "more than", "less than", "about", or exact. */
  comparison: "more" | "less" | "about" | "exact";
  /** What it counts, as a stem, when a noun follows it ("30 *provinces*"). */
  counts?: string;
  /** Said to be exact ("*exactly* 300"): a hedged figure of the fact does not bear it out. */
  exactly?: true;
  /** Said in percentage points ("5 *points*"), not a relative change in percent. */
  points?: true;
}

export type QuestionForm = "wh" | "yesno" | "telegraphic";

export interface Reading {
  /** The words as read (chat shorthand expanded, misspellings corrected), lower case. */
  words: string[];
  /** Topic terms, unique, in order of first appearance. */
  terms: ReadTerm[];
  /** Entities named in the asking clause, by id. */
  coreEntities: string[];
  form: QuestionForm;
  /** Set for a yes/no question: what it claims. */
  claim: Claim | null;
  /** In a question for the holder of a rank ("who is the biggest shareholder"), that rank. */
  rankAsked: number | null;
  wants: AnswerKind | null;
  /** "When will…" asks of what is still to come, "when did…" of what is past. */
  tense: "past" | "future" | null;
  /** "Who is the CEO / the trade representative": only a fact about a person can answer it. */
  asksForPerson: boolean;
  /** It asks for an amount of money ("stock price", "how much did it pay"): no other figure answers. */
  asksForMoney: boolean;
  /** The roles such a question names, as terms ("chief executive" → [chief, execut]). */
  roles: string[][];
  operation: Operation | null;
  /** For a pick: whether the earlier, the later or the current value is asked for. */
  pick: Pick | null;
  /** The question asks about what is not (yet) the case: "how many are *not* digital customers". */
  negated: boolean;
  /** Terms that only cue the operation ("difference", "between"): a computation need not cover them. */
  cues: string[];
  /** What a "how many …" question counts: the terms of the words after it ("investigations"). */
  counted: string[];
  /** "in billions" → 1e9: the scale a conversion asks for. */
  scale: number | null;
  /** Numbers written in the question (years, figures). */
  numbers: number[];
  /** Misspelt words and what they were read as. */
  corrections: { from: string; to: string }[];
  /** An English word was left as typed although it looks like a misspelling of a fact word. */
  vetoed: boolean;
  smalltalk: SmallTalkKind | null;
  /** The asking sentence, as read: where the operation and the wanted kind come from. */
  sentence: string;
  /** In a follow-up, the fact "it" or "that" stands for: the one the conversation last answered with. */
  antecedent?: string | undefined;
}

interface Word extends RawWord {
  /** Index of the sentence and clause it stands in. */
  sentenceIndex: number;
  clauseIndex: number;
}

/**
 * Words that say what kind of answer is wanted, not an attribute of the subject ("Japan DC *location*?",
 * "deal *date*"): a fact gives them by being of that kind.
 */
const KIND_WORDS: ReadonlySet<string> = new Set(
  "location locations place places where date dates time timing when year years month months week weeks day days city cities country countries province provinces region person people who company companies firm reason reasons purpose cause rationale motive motives motivation justification".split(
    " ",
  ),
);

/** Words for the time of speaking ("the stake *today*"): when, never what, a question asks about. */
const WHEN_SPEAKING: ReadonlySet<string> = new Set(
  "today tonight yesterday tomorrow nowadays lately recently anymore yet rn atm".split(" "),
);

/** Verbs of saying, thinking and seeming: how a question frames what it asks, never what it asks for. */
const FRAMING_VERBS: ReadonlySet<string> = new Set(
  "say says said saying tell tells told mention mentions mentioned think thinks thought reckon reckons imagine imagines imagined believe believes suppose supposed seem seems seemed guess mean means meant according claim claims claimed hear heard wonder wondering doubt doubts doubted".split(
    " ",
  ),
);

/** Thanks and sign-offs start an aside wherever they stand ("…on smart cities thanks in advance"). */
const SIGN_OFFS: ReadonlySet<string> = new Set("thanks thank thx ty tia cheers".split(" "));

/**
 * The asker's own state starts an aside too ("…regions count asking for a friend", "just wondering"),
 * unless a subject does the asking ("how much is Alibaba asking").
 */
const ASKER_ASIDES: ReadonlySet<string> = new Set("asking wondering curious".split(" "));
const startsAside = (word: string, previous: string | undefined): boolean =>
  SIGN_OFFS.has(word) || (ASKER_ASIDES.has(word) && !AUXILIARIES.has(previous ?? ""));

/** Units of time: an ordinal before one orders periods ("the second quarter"), it ranks nothing. */
const TIME_UNITS: ReadonlySet<string> = new Set(
  "year years month months quarter quarters half week weeks day days phase phases stage stages time round".split(
    " ",
  ),
);

const MONTH_SHORT = new Map(MONTHS.map((m, i) => [m.slice(0, 3), i + 1]));
const monthOf = (word: string): number | undefined => {
  const full = MONTHS.indexOf(word);
  if (full >= 0) return full + 1;
  // Only the usual short forms ("feb", "sept"), never a word that happens to start like one ("markets").
  return word === "sept" ? 9 : word.length === 3 && word !== "may" ? MONTH_SHORT.get(word) : undefined;
};

/** What follows "it is" and not a possessive "its": an article, a negation, an adjective of truth, a verb in -ing. */
const ITS_AS_IT_IS =
  /^(a|an|the|not|true|right|correct|wrong|like|so|just|about|been|going|gonna|only|still|all|over|really|actually|also|more|less|in|on|at|from|because|called|named|\d.*|\w+ing)$/;

/** Chat shorthand expanded and filler dropped, keeping what the typing said about each word. */
function expandChat(words: readonly Word[], index: FactIndex): Word[] {
  if (index.off.has("chat shorthand")) return [...words];
  const out: Word[] = [];
  for (const [i, word] of words.entries()) {
    // A word that starts one of the tracker's names ("SB Cloud") is that name, not chat shorthand; "its"
    // before a noun owns it ("its stake"), it is "it's" only before what follows "it is" ("its not").
    const possessive = word.text === "its" && !ITS_AS_IT_IS.test(words[i + 1]?.text ?? "");
    const expansion =
      index.vocabulary.patterns.has(word.text) || possessive ? undefined : chatExpansion(word.text);
    // Filler stays in place (it may end a tag question: "…, yeah?"); it is never a topic word.
    if (expansion === undefined || expansion === "") {
      out.push(word);
      continue;
    }
    expansion
      .split(" ")
      .filter(Boolean)
      .forEach((text, i) => {
        out.push({
          ...word,
          text,
          capital: false,
          allCaps: false,
          breakBefore: i === 0 ? word.breakBefore : null,
        });
      });
  }
  return out;
}

/** Sentences and clauses numbered, from the breaks the typing shows. */
function numberClauses(words: readonly RawWord[]): Word[] {
  let sentence = 0;
  let clause = 0;
  return words.map((word, i) => {
    if (i > 0 && word.breakBefore === "sentence") {
      sentence++;
      clause++;
    } else if (
      i > 0 &&
      (word.breakBefore === "clause" ||
        CLAUSE_JOINERS.has(word.text) ||
        startsAside(word.text, words[i - 1]?.text))
    ) {
      clause++;
    }
    return { ...word, sentenceIndex: sentence, clauseIndex: clause };
  });
}

/** A misspelt word is read as an everyday word at least this common (log10 count in SUBTLEX). */
const EVERYDAY_SPELLING = 1.5;

function isKnownWord(index: FactIndex, word: string): boolean {
  return index.known.has(word) || index.idf.has(stem(word)) || isFunctionWord(word);
}

/**
 * Spelling a word the base does not know towards one it does. A real English word is corrected only on a
 * second reading (`correctEnglish`), which the engine keeps only if it then answers: "arrets" means
 * "arrests", but "price" must not become "prime".
 */
function correctWords(words: Word[], index: FactIndex, language: Language, correctEnglish: boolean) {
  const corrections: { from: string; to: string }[] = [];
  let vetoed = false;
  let englishCorrected = 0;
  const corrected = words.map((word) => {
    const text = word.text;
    if (
      index.known.has(text) ||
      isFunctionWord(text) ||
      chatExpansion(text) !== undefined ||
      /\d/.test(text) ||
      text.includes(".")
    )
      return word;
    // A dropped g, as people type it: "cookin", "scrollin".
    if (/in$/.test(text) && !language.isEnglishWord(text) && language.isEnglishWord(`${text}g`)) {
      return { ...word, text: `${text}g` };
    }
    const to = index.off.has("spelling") ? undefined : closestWord(text, index.spelling);
    // A slip in an everyday word ("compwting", "exavtly", "domimate") reads as that word, unless a word of
    // the facts is as close.
    // (Long strings are no slip of one key: "aaaa…" is not worth the search.)
    if (
      text.length >= 5 &&
      text.length <= 15 &&
      !language.isEnglishWord(text) &&
      !index.off.has("everyday spelling")
    ) {
      const meant = everydayWordMeant(text, language, EVERYDAY_SPELLING);
      const closer =
        meant !== undefined &&
        (!to ||
          editDistance(text, to, 2) > 1 ||
          (isNeighbourSlip(text, meant) && !isNeighbourSlip(text, to)));
      if (meant && closer) return { ...word, text: meant };
    }
    // A word whose stem the facts know is only a typo when it is a known word with a letter dropped
    // ("notorius", "financal"); otherwise it is an inflection ("partnering", "suspect").
    if (index.idf.has(stem(text)) && !(to && isDroppedLetter(text, to))) return word;
    if (!to || (stem(to) === stem(text) && index.idf.has(stem(text)))) return word;
    if (language.isEnglishWord(text)) {
      // Only on the second reading, only a rare word ("clod", not "founded"), never into an arithmetic cue
      // ("dividend" is not "divided"), and at most one into a topic word.
      const intoFunction = isFunctionWord(to);
      const plausible = language.commonness(text) < 2 && !OPERATION_CUES.has(to);
      if (!correctEnglish || !plausible || !(intoFunction || englishCorrected === 0)) {
        vetoed ||= !correctEnglish;
        return word;
      }
      if (!intoFunction) englishCorrected++;
    }
    corrections.push({ from: text, to });
    return { ...word, text: to };
  });
  return { corrected, corrections, vetoed };
}

/** The known words a run-together word is made of ("whatistaobao" → what, is, taobao), fewest first. */
function segment(word: string, index: FactIndex): string[] | null {
  if (word.length < 6 || word.length > 40) return null;
  const best: (string[] | null)[] = [[]];
  for (let end = 1; end <= word.length; end++) {
    best[end] = null;
    for (let start = Math.max(0, end - 20); start < end - 1; start++) {
      const head = best[start];
      const piece = word.slice(start, end);
      if (!head || !(index.known.has(piece) || isFunctionWord(piece))) continue;
      if (!best[end] || head.length + 1 < (best[end] as string[]).length) best[end] = [...head, piece];
    }
  }
  const pieces = best[word.length];
  // At least one piece must be a real topic word ("bitcoin" is not "bit co in").
  const names = (p: string) => p.length >= 4 && (index.idf.has(stem(p)) || index.vocabulary.words.has(p));
  return pieces && pieces.length > 1 && pieces.some(names) ? pieces : null;
}

/**
 * Words put back together the way they were meant: spaced-out letters ("t a o b a o"), a name split in two
 * ("tao bao"), and words run together ("singpoststake").
 */
function repairSpacing(words: readonly Word[], index: FactIndex, language: Language): Word[] {
  const joined: Word[] = [];
  for (let i = 0; i < words.length; ) {
    let j = i;
    while (j < words.length && /^\p{L}$/u.test((words[j] as Word).text)) j++;
    if (j - i >= 3) {
      joined.push({
        ...(words[i] as Word),
        text: words
          .slice(i, j)
          .map((w) => w.text)
          .join(""),
      });
      i = j;
    } else {
      joined.push(words[i] as Word);
      i++;
    }
  }
  const out: Word[] = [];
  for (let i = 0; i < joined.length; i++) {
    const word = joined[i] as Word;
    const next = joined[i + 1];
    const known = isKnownWord(index, word.text);
    const merged = next ? word.text + next.text : "";
    if (
      next &&
      !next.breakBefore &&
      !/\d/.test(merged) &&
      (!known || !isKnownWord(index, next.text)) &&
      index.known.has(merged)
    ) {
      out.push({ ...word, text: merged });
      i++;
    } else if (!known && !/[\d.]/.test(word.text) && !language.isEnglishWord(word.text)) {
      const pieces = segment(word.text, index);
      if (pieces)
        out.push(
          ...pieces.map((text, k) => ({ ...word, text, breakBefore: k === 0 ? word.breakBefore : null })),
        );
      else out.push(word);
    } else {
      out.push(word);
    }
  }
  return out;
}

/** The sentence that asks: the last one with a question mark or a question word, else the last one. */
function askingSentence(raw: string, words: readonly Word[]): number {
  const sentences = words.length > 0 ? (words.at(-1) as Word).sentenceIndex + 1 : 0;
  const marks = raw
    .split(/(?<=[.?!;])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\d]/u.test(s));
  const best = sentences - 1;
  for (let s = sentences - 1; s >= 0; s--) {
    const these = words.filter((w) => w.sentenceIndex === s);
    const asks =
      (marks[s]?.includes("?") ?? false) ||
      these.some((w) => QUESTION_WORDS.has(w.text)) ||
      AUXILIARIES.has(these[0]?.text ?? "");
    const named = these.some((w) => !isFunctionWord(w.text));
    if (asks && named) return s;
  }
  return Math.max(0, best);
}

/**
 * Which clauses of the asking sentence ask: from the question word on (a clause before it frames the
 * question: "my boss asked me what…"), without clauses of courtesy ("thanks in advance", "sorry if…").
 */
function coreClauses(words: readonly Word[], sentence: number): Set<number> {
  const these = words.filter((w) => w.sentenceIndex === sentence);
  // With several question words ("why is everyone saying…, what list is it"), the last one asks, unless it
  // only adds a question to the one before ("what is Amazon launching in Singapore *and when*").
  const questionAt = these.flatMap((w, i) => (QUESTION_WORDS.has(w.text) ? [i] : []));
  const bare = (i: number) =>
    these.every(
      (w, k) => w.clauseIndex !== (these[i] as Word).clauseIndex || k === i || isFunctionWord(w.text),
    );
  const lastQuestion =
    questionAt.length > 1 && bare(questionAt.at(-1) as number)
      ? (questionAt.at(-2) as number)
      : (questionAt.at(-1) ?? -1);
  const start = lastQuestion >= 0 ? (these[lastQuestion] as Word).clauseIndex : (these[0]?.clauseIndex ?? 0);
  const clauses = new Set<number>();
  for (const word of these) {
    if (word.clauseIndex < start) continue;
    const clauseWords = these.filter((w) => w.clauseIndex === word.clauseIndex);
    const opener = clauseWords[0]?.text ?? "";
    const courtesy =
      COURTESY.has(opener) ||
      // "just wondering how many…" asks in its aside.
      (ASKER_ASIDES.has(opener) && !clauseWords.some((w) => QUESTION_WORDS.has(w.text))) ||
      // A clause of grammar alone ("…, though"), except a question word added to the question ("…and when").
      (clauseWords.every((w) => isFunctionWord(w.text) || CLAUSE_JOINERS.has(w.text)) &&
        !clauseWords.some((w) => QUESTION_WORDS.has(w.text))) ||
      // The asker's reason after the question ("…, since I already know Baidu's").
      (lastQuestion >= 0 &&
        word.clauseIndex > start &&
        /^(since|because|cuz|coz|cause|bc)$/.test(opener) &&
        !clauseWords.some((w) => QUESTION_WORDS.has(w.text)));
    if (!courtesy) clauses.add(word.clauseIndex);
  }
  if (clauses.size === 0 && these[0]) clauses.add(these[0].clauseIndex);
  return clauses;
}

const isPrepositionOrEnd = (w: string | undefined) =>
  w === undefined || /^(in|on|at|by|to|with|from|for|since|after|before|over|during|last|this|back)$/.test(w);

function formOf(sentence: string, words: readonly string[]): QuestionForm {
  const hasQuestionWord = words.some((w) => QUESTION_WORDS.has(w));
  if (CLAIM_OPENER.test(sentence)) return "yesno";
  // A question word in the middle of a claim is a relative one ("mid-December was *when* it went live, correct?").
  const opensWithQuestionWord = words
    .slice(0, 3)
    .some(
      (w, i) =>
        QUESTION_WORDS.has(w) && words.slice(0, i).every((x) => /^(and|so|but|ok|okay|then)$/.test(x)),
    );
  if (TAG_QUESTION.test(sentence) && !opensWithQuestionWord) return "yesno";
  if (/\bequals\b/.test(sentence)) return "yesno";
  // "Before March?": a date the answer is said to fall before or after, and nothing else.
  if (
    !hasQuestionWord &&
    sentence
      .replace(DATE_BOUND, "")
      .replace(/\b(and|so|or|then|still)\b/g, "")
      .trim() === ""
  )
    return "yesno";
  if (AUXILIARIES.has(words[0] ?? "") && !hasQuestionWord) return "yesno";
  if (hasQuestionWord) return "wh";
  // A statement with a verb, asked with a question mark: "Alibaba Cloud is in 20 economic centers now?",
  // "Alibaba bought Thailand Post?".
  const verb = words.slice(1).some(
    (w, i, rest) =>
      AUXILIARIES.has(w) ||
      IRREGULAR_PAST.has(w) ||
      /^(has|have|goes|owns|runs|will)$/.test(w) ||
      // A regular past after its subject ("the stake plan started in 2016?"), not a participle before a
      // noun ("listed companies").
      (/^\w{3,}ed$/.test(w) && i > 0 && isPrepositionOrEnd(rest[i + 1])),
  );
  if (verb) return "yesno";
  // "SEA population more than 600m?", "singpost stake 14.4%": a figure with no question word is a claim
  // (not a year, nor a count of time in a name: "5 year plan").
  const figure = words.some(
    (w, i) => /^\d/.test(w) && !/^(19|20)\d\d$/.test(w) && !TIME_UNITS.has(words[i + 1] ?? ""),
  );
  return figure ? "yesno" : "telegraphic";
}

export const SCALES: Readonly<Record<string, number>> = {
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
  trillion: 1e12,
};

/** A rank the words name: 1 for "the biggest / top / main / number one", 2 for "second(-largest)". */
function rankNamed(words: readonly string[]): number | null {
  const text = words.join(" ");
  if (/\bnumber (one|1)\b|\bno 1\b/.test(text)) return 1;
  for (const [i, w] of words.entries()) {
    // A written ordinal ranks only before a superlative: "2nd largest", not "the 13th Five-Year Plan".
    const written = /^\d+(st|nd|rd|th)$/.test(w) && /est$/.test(words[i + 1] ?? "");
    const r = RANK_WORDS.get(w) ?? (written ? Number.parseInt(w, 10) : undefined);
    if (r === undefined) continue;
    // "first" as an ordinal of time ("first half", "the first year of the plan") is not a rank.
    if (w === "first" && !/\b(the|its|their) first\b/.test(text)) continue;
    if (TIME_UNITS.has(words[i + 1] ?? "")) continue;
    if (w === "major" && words[i + 1] !== "shareholder") continue;
    return r;
  }
  return null;
}

/**
 * "Before March", "after Q1": the side of a date a claim puts the fact on. "By the end of March" names the
 * date itself, as people use it ("the deal closes by end of March" of one that closes in February is wrong).
 */
function boundBefore(words: readonly string[], i: number): Claim["bounds"][number]["side"] | null {
  for (let k = i - 1; k >= Math.max(0, i - 4); k--) {
    const w = words[k] as string;
    if (/^(before|prior|ahead)$/.test(w)) return "before";
    if (w === "after") return "after";
    if (!/^(the|end|start|beginning|middle|early|late|mid|of|to)$/.test(w)) return null;
  }
  return null;
}

/** A figure said to be multiplied or divided ("doubled its stake"), not a "double-digit" one. */
const MULTIPLIED = /\b((?:doubl|tripl|quadrupl|halv)(?:e|ed|es|ing))\b(?!-)/gi;
const MULTIPLIED_AS: Readonly<Record<string, string>> = {
  doub: "increased by 100 percent",
  trip: "increased by 200 percent",
  quad: "increased by 300 percent",
  halv: "decreased by 50 percent",
};

/** "Who (actually) runs the…": who is at the head of what follows. */
const RUNS_QUESTION = /\bwho(?: \w+ly| even| really)? (?:runs|manages|bosses) (?:the )?(\S+)/;

/** Whether "who runs X" names, as X, a company or an organisation (whose head is a person). */
function headOfOrganisation(asked: string, topic: readonly ReadTerm[], index: FactIndex): boolean {
  const run = RUNS_QUESTION.exec(asked)?.[1];
  return topic.some(
    (t) =>
      t.core &&
      t.role === "entity" &&
      t.surface.split(" ")[0] === run &&
      /^(company|organization)$/.test(index.vocabulary.entities.get(t.term.slice(1))?.kind ?? ""),
  );
}

/** Plural scale words that claim a magnitude without a figure ("thousands of arrests"). */
const MAGNITUDES: Readonly<Record<string, number>> = {
  dozens: 12,
  hundreds: 100,
  thousands: 1_000,
  millions: 1_000_000,
  billions: 1_000_000_000,
};

/** What a yes/no question asserts, read from its asking sentence (`at`: the indices of its words). */
function claimOf(
  asked: string,
  words: readonly string[],
  at: ReadonlySet<number>,
  numbers: readonly { n: number; at: number }[],
): Claim {
  // "Didn't the USTR put Taobao on the list?" claims it did: a negated opening auxiliary is how it asks.
  const negated = /\b(not|never|no longer)\b/.test(asked.replace(/^\w+ not\b/, ""));
  const rank = rankNamed(words.flatMap((w, i) => (at.has(i) ? [w] : [])));
  const claimed = numbers.filter(
    ({ n, at: i }) =>
      at.has(i) &&
      !(Number.isInteger(n) && n >= 1900 && n <= 2100) &&
      MAGNITUDES[words[i] as string] === undefined,
  );
  // "1 in 4", "3 out of 10": one share, claimed as a percentage.
  const shareOf = new Map<number, number>();
  for (const [k, { n, at: i }] of claimed.entries()) {
    const next = claimed[k + 1];
    const between = next ? words.slice(i + 1, next.at).join(" ") : "";
    if (next && next.n > 0 && /^(in|out of)$/.test(between)) {
      shareOf.set(i, (100 * n) / next.n);
      shareOf.set(next.at, Number.NaN);
    }
  }
  const figures = claimed
    .filter(({ at: i }) => !Number.isNaN(shareOf.get(i) ?? 0))
    .map(({ n, at: i }): ClaimedFigure => {
      const before = words
        .slice(Math.max(0, i - 4), i)
        .filter((w) => !/^(a|an|the)$/.test(w))
        .join(" ");
      const after = words.slice(i + 1, i + 3).join(" ");
      const scale = SCALES[words[i + 1] ?? ""] ?? 1;
      const comparison = /\b(more than|over|above|at least|exceed\w*|beyond|upwards of|pass\w*|top\w*)$/.test(
        before,
      )
        ? "more"
        : /\b(less than|under|below|at most|fewer than|short of)$/.test(before)
          ? "less"
          : /\b(about|around|roughly|approximately|approx|nearly|almost|some|like|basically|circa|near)$/.test(
                before,
              ) || /^(or so|ish)\b/.test(after)
            ? "about"
            : "exact";
      const share = shareOf.get(i);
      if (share !== undefined) return { number: share, percent: true, comparison };
      const noun = words[scale === 1 ? i + 1 : i + 2];
      const counts = noun && /^[a-z]{3,}$/.test(noun) && !isFunctionWord(noun) ? stem(noun) : undefined;
      return {
        number: n * scale,
        percent: /^(percent|pct)/.test(after),
        comparison,
        ...(counts !== undefined && { counts }),
        ...(/\b(exactly|precisely)$/.test(before) && { exactly: true as const }),
        ...(/^(?:percent(?:age)? )?(?:points?|pts|pp|bps)\b/.test(after) && { points: true as const }),
      };
    });
  // "Thousands of arrests", "hundreds of cities": a magnitude with no figure, at least two of its unit.
  for (const i of at) {
    const unit = MAGNITUDES[words[i] as string];
    if (unit === undefined || /^\d/.test(words[i - 1] ?? "")) continue;
    const noun = words[words[i + 1] === "of" ? i + 2 : i + 1];
    const counts = noun && /^[a-z]{3,}$/.test(noun) && !isFunctionWord(noun) ? stem(noun) : undefined;
    figures.push({
      number: 2 * unit,
      percent: false,
      comparison: "more",
      ...(counts !== undefined && { counts }),
    });
  }
  const dates: string[] = [];
  const bounds: Claim["bounds"] = [];
  for (const i of at) {
    const w = words[i] as string;
    const month = monthOf(w);
    const year = words.slice(i + 1, i + 3).find((x) => /^(19|20)\d\d$/.test(x));
    let date: string | undefined;
    if (/^q[1-4]$/.test(w)) {
      date = `${year ?? "-"}-Q${w.slice(1)}`;
    } else if (month && (w.length > 3 || /^\d/.test(words[i + 1] ?? "") || year)) {
      date = year ? `${year}-${String(month).padStart(2, "0")}` : `--${String(month).padStart(2, "0")}`;
    } else if (/^(19|20)\d\d$/.test(w) && !monthOf(words[i - 1] ?? "")) {
      const part = /^(early|mid|middle|late|end)$/.exec(words[i - 1] ?? "")?.[1];
      date = part ? `${w}-${part === "middle" ? "mid" : part === "end" ? "late" : part}` : w;
    }
    if (date === undefined) continue;
    const side = boundBefore(words, i);
    if (side) bounds.push({ date, side });
    else dates.push(date);
  }
  return { negated, rank, figures, dates, bounds };
}

/** Words after "how many" / "number of", up to their verb: what is counted. */
function countedWords(words: readonly string[]): string[] {
  const at = words.findIndex(
    (w, i) => (w === "many" && words[i - 1] === "how") || (w === "of" && words[i - 1] === "number"),
  );
  if (at < 0) return [];
  const phrase: string[] = [];
  for (const word of words.slice(at + 1)) {
    if (AUXILIARIES.has(word) || /^(in|at|on|by|from|got|get|did|does|do)$/.test(word)) break;
    phrase.push(word);
  }
  return phrase.filter((w) => !isFunctionWord(w)).slice(0, 2);
}

function scaleAskedFor(sentence: string): number | null {
  // "The full number", "written out": every digit.
  if (/\b(full number|in full|written out|exact number|all the digits)\b/.test(sentence)) return 1;
  const match = /\bin (trillion|billion|million|thousand)s?\b/.exec(sentence);
  if (!match) return null;
  return { trillion: 1e12, billion: 1e9, million: 1e6, thousand: 1e3 }[match[1] as "trillion"];
}

/** Words that carry no topic even though they are not grammar: "tell me", "anyone know", "quick question". */
function isFramingVerb(word: string, next: string | undefined): boolean {
  return (
    /^(tell|know|explain|say|said|show|give|find|check|wonder|wondering|wondered|ask|asking|asked|need|want|wanted|mean|means|meant|remind|confirm|think|thought|guess|heard|hear|read|seen|see|look|looking|help|curious|question|quick|random)$/.test(
      word,
    ) && next !== "s"
  );
}

function detectSmallTalk(
  words: readonly string[],
  topicWords: number,
  sentence: string,
): SmallTalkKind | null {
  const chatOnly = words.every(
    (w) =>
      isFunctionWord(w) ||
      Object.values(SMALLTALK_WORDS).some((l) => l.includes(w)) ||
      chatExpansion(w) === "",
  );
  if (!chatOnly && topicWords > 0) return null;
  for (const [pattern, kind] of SMALLTALK_PATTERNS) if (pattern.test(sentence)) return kind;
  for (const kind of ["thanks", "farewell", "greeting", "praise"] as const) {
    if (words.some((w) => SMALLTALK_WORDS[kind].includes(w))) return kind;
  }
  return null;
}

/** Do-support and modals: the word after their subject is its verb. */
const DO_OR_MODAL = /^(do|does|did|will|would|can|could|should|shall|may|might|must)$/;

/** Whether word `i` is the last word of its sentence that is neither grammar, a number, a date nor part of a name. */
function isLastContentWord(
  words: readonly Word[],
  i: number,
  mentionAt: ReadonlyMap<number, Mention>,
): boolean {
  const sentence = (words[i] as Word).sentenceIndex;
  for (let k = i + 1; k < words.length && (words[k] as Word).sentenceIndex === sentence; k++) {
    const w = words[k] as Word;
    if (
      !isFunctionWord(w.text) &&
      !/^\d/.test(w.text) &&
      monthOf(w.text) === undefined &&
      !mentionAt.has(k)
    ) {
      return false;
    }
  }
  return true;
}

/**
 * Whether a word stands where a question names what it asks about, and how surely: `strong` in grammar
 * that names an attribute ("Alibaba's *revenue*", "how many *employees*", "what is the *price*", "the
 * *valuation* of Ant Financial", "when was Taobao *founded*", "how much did it *pay*", "is a *bank*");
 * `weak` where it often does ("SingPost share *price*?", "Alibaba *revenue*"); null elsewhere (how the
 * asker talks).
 */
function attributeSlot(
  words: readonly Word[],
  i: number,
  mentionAt: ReadonlyMap<number, Mention>,
  form: QuestionForm,
  counted: readonly string[],
): "strong" | "weak" | null {
  const word = words[i] as Word;
  const prev = words[i - 1];
  const prev2 = words[i - 2];
  const next = words[i + 1];
  const content = (w: Word | undefined) =>
    w !== undefined && !w.breakBefore && !isFunctionWord(w.text) && !QUESTION_WORDS.has(w.text);
  if (counted.includes(word.text)) return "strong";
  // A participle after a noun is what the noun does ("where are the servers *sitting*"), not what is asked.
  if (/ing$/.test(word.text) && content(prev) && !mentionAt.has(i - 1)) return null;
  // The head of the phrase after a possessive name or pronoun: "Alibaba's revenue", "Baidu's market cap",
  // "its valuation" (not "overall" of "Alibaba's overall strategy", nor a participle after the head: "its
  // marketplace *landing* on a list").
  if (!content(next) && !(/ing$/.test(word.text) && content(prev))) {
    for (let k = i - 1, n = 0; k >= 0 && n < 3; k--, n++) {
      const w = words[k] as Word;
      if (w.possessive || /^(its|their|his|her)$/.test(w.text)) return "strong";
      // One of the tracker's terms heads the phrase: "Alibaba's SingPost *stake* goes to…".
      if (!content(words[k + 1]) || isFunctionWord(w.text) || mentionAt.get(k)?.kind === "term") break;
    }
  }
  // A predicate noun: "SingPost is a bank", "Alibaba Cloud is their logistics arm".
  if (prev && prev2 && /^(a|an)$/.test(prev.text) && /^(is|was|are|were|be|been)$/.test(prev2.text))
    return "strong";
  // After a question word, directly or through a copula and an article: "what revenue", "what is the price".
  if (prev && /^(what|which|whose|much)$/.test(prev.text)) return "strong";
  // The head of "what is the X Y Z": its last word ("the GDP growth *target*").
  if (!content(next)) {
    for (let k = i - 1, n = 0; k >= 1 && n < 4; k--, n++) {
      const w = words[k] as Word;
      const before = words[k - 1] as Word;
      // Not after do-support or a modal: "did the trade office *stick*" is the verb after the subject.
      if (
        /^(the|its|their)$/.test(w.text) &&
        ((AUXILIARIES.has(before.text) && !DO_OR_MODAL.test(before.text)) || QUESTION_WORDS.has(before.text))
      )
        return "strong";
      if (isFunctionWord(w.text) || w.breakBefore) break;
    }
  }
  // Before "of <name>": "the valuation of Ant Financial".
  if (next?.text === "of" && (mentionAt.has(i + 2) || mentionAt.has(i + 3))) return "strong";
  // A participle after a passive: "how many got convicted", "were actually convicted", "when was it founded".
  const passive = /^(was|were|been|be|got|get|gets|is|are)$/;
  if (/ed$/.test(word.text) && (passive.test(prev?.text ?? "") || passive.test(prev2?.text ?? "")))
    return "strong";
  // The verb of "how much does X cost", "how much did Alibaba pay": what the figure is.
  const subject = mentionAt.get(i - 1);
  if (
    subject &&
    AUXILIARIES.has(words[subject.start - 1]?.text ?? "") &&
    /\bhow (much|many)\b/.test(
      words
        .slice(0, i)
        .map((w) => w.text)
        .join(" "),
    )
  )
    return "strong";
  // "How old": an age.
  if (word.text === "old" && prev?.text === "how") return "strong";
  // A participle after a name a question asks about: "when was Taobao founded".
  if (/ed$/.test(word.text) && subject && words.slice(0, i).some((w) => QUESTION_WORDS.has(w.text)))
    return "strong";
  // The head of a telegraphic query is what it asks for: "Baidu-Ningbo deal *value*?", "Ant Financial *headcount*?".
  if (form === "telegraphic" && isLastContentWord(words, i, mentionAt)) return "strong";
  if (form === "telegraphic") return "weak";
  // Right after a name: "Alibaba revenue"; not the verb after a subject ("did Tencent link").
  // ("did *the* trade office stick": the auxiliary may stand before the name's article).
  const beforeName = (m: Mention) => {
    const k = /^(the|a|an)$/.test(words[m.start - 1]?.text ?? "") ? m.start - 2 : m.start - 1;
    return words[k]?.text ?? "";
  };
  if (subject && !/ed$/.test(word.text) && !AUXILIARIES.has(beforeName(subject))) return "weak";
  return null;
}

const typoOf = memoPer(20_000, (language: Language, word: string) => oneEditFromEnglish(word, language));
/** An unknown long word one edit away from an English word ("subsidiaires"): a typo, not a name. */
const likelyTypo = (word: string, language: Language): boolean => typoOf(language, word);

function oneEditFromEnglish(word: string, language: Language): boolean {
  // No English word is this long: a run of letters ("aaaa…") is no slip, and not worth the search.
  if (word.length < 8 || word.length > 25 || /[\d.]/.test(word)) return false;
  const letters = "abcdefghijklmnopqrstuvwxyz";
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (i < word.length && language.isEnglishWord(head + tail.slice(1))) return true;
    if (
      i < word.length - 1 &&
      language.isEnglishWord(head + (tail[1] ?? "") + (tail[0] ?? "") + tail.slice(2))
    )
      return true;
    for (const c of letters) {
      if (language.isEnglishWord(head + c + tail)) return true;
      if (i < word.length && language.isEnglishWord(head + c + tail.slice(1))) return true;
    }
  }
  return false;
}

/** Words of a tag question at the end of the asking sentence ("…, right?"): how it asks, not what. */
function tagWordsAt(words: readonly Word[], sentence: number): Set<number> {
  const at = new Set<number>();
  const indices = words.flatMap((w, i) => (w.sentenceIndex === sentence ? [i] : []));
  for (let n = Math.min(8, indices.length); n >= 1; n--) {
    const tail = indices.slice(-n);
    const text = tail.map((i) => (words[i] as Word).text).join(" ");
    if (TAG_WORDS.test(text)) {
      for (const i of tail) at.add(i);
      break;
    }
  }
  return at;
}

export function readQuestion(
  raw: string,
  index: FactIndex,
  language: Language,
  correctEnglish = false,
): Reading {
  // "SEA has over 620 million people — is that what it says?": a claim, then the question put to it.
  // "Doubled its stake", "halved": a change in percent, as "increased by 100 percent" is read.
  const put = stripDiscordMarkup(raw)
    .replace(DOUBTING_ALTERNATIVE, "")
    .replace(MULTIPLIED, (_, verb: string) => MULTIPLIED_AS[verb.slice(0, 4).toLowerCase()] ?? verb)
    // "Over a billion people": one of the scale; "half a billion", half of one.
    .replace(/\bhalf an? (hundred|thousand|million|billion|trillion)\b/gi, "0.5 $1")
    .replace(/\b(?:a|one) (hundred|thousand|million|billion|trillion)\b(?! of)/gi, "1 $1");
  // "My friend keeps saying X — is that what it says?": the claim is X, without who said it.
  const text = CLAIM_THEN_CHECK.test(put)
    ? put.replace(REPORTING_FRAME, "").replace(CLAIM_THEN_CHECK, ". ")
    : put;
  const typed = numberClauses(wordsOf(text));
  // Spaced-out letters first ("W H A T"), so that single letters are not read as chat shorthand ("w").
  // (Numbered again: shorthand may stand for a word that starts a clause, "tho" for "though".)
  const spaced = numberClauses(expandChat(repairSpacing(typed, index, language), index));
  const { corrected: words, corrections, vetoed } = correctWords(spaced, index, language, correctEnglish);
  const plain = words.map((w) => w.text);
  let asking = askingSentence(text, words);
  // "Ant Financial averages 10 cities per province. True?": the sentence before the tag is the claim.
  const askingText = words
    .filter((w) => w.sentenceIndex === asking)
    .map((w) => w.text)
    .join(" ");
  const tagOnly =
    asking > 0 &&
    (TAG_WORDS.test(askingText) ||
      /^(is|does|would|can) (that|this|it)( (number|figure|claim|stat|one))? ((actually|really|even) )?(right|true|correct|accurate|legit|real|hold( up)?|check out|add up|stand|what (it|the tracker|the article|they) (says|said|say))$/.test(
        askingText,
      ));
  if (tagOnly) asking--;
  const sentenceWords = words.filter((w) => w.sentenceIndex === asking).map((w) => w.text);
  const sentence = sentenceWords.join(" ");
  const form = tagOnly ? "yesno" : formOf(sentence, sentenceWords);
  // Capitals mark names only where not every word has one ("Is Cooperation Likely Between…" marks none).
  const lettered = words.filter((w) => /^\p{L}/u.test(w.text));
  const titleCase = lettered.length >= 3 && lettered.filter((w) => w.capital).length >= lettered.length * 0.7;
  const mixedCase = /\p{Ll}/u.test(text) && /\p{Lu}/u.test(text) && !titleCase;
  const mentions = findMentions(
    index.vocabulary,
    plain,
    words.map((w) => w.allCaps && mixedCase),
  );
  const mentionAt = new Map<number, Mention>();
  for (const m of mentions) for (let i = m.start; i < m.end; i++) mentionAt.set(i, m);
  const core = coreClauses(words, asking);
  // "What is it exactly?" names nothing itself: the clauses before it, back to the nearest that names a
  // subject (two for "between those two"), say what, not the asker's backstory before that ("my cousin got
  // scammed…, and now Taobao is in the news, what's that about?").
  const namedIn = (clauses: ReadonlySet<number>, kind?: Mention["kind"]) =>
    mentions.filter(
      (m) =>
        (kind === undefined || m.kind === kind) &&
        clauses.has((words[m.start] as Word).clauseIndex) &&
        (words[m.start] as Word).sentenceIndex === asking,
    ).length;
  if (namedIn(core) === 0) {
    const asks = words
      .filter((w) => w.sentenceIndex === asking && core.has(w.clauseIndex))
      .map((w) => w.text);
    const subjects = asks.some((w) => /^(both|two|them|each)$/.test(w)) ? 2 : 1;
    const before = [
      ...new Set(
        words
          .filter((w) => w.sentenceIndex === asking && w.clauseIndex < Math.min(...core))
          .map((w) => w.clauseIndex),
      ),
    ].reverse();
    for (const clause of before) {
      core.add(clause);
      if (namedIn(core, "entity") >= subjects) break;
    }
    // Nothing named before it ("hi, please what is…" read as courtesy): the whole sentence asks, but for
    // clauses of grammar alone ("when, though?").
    if (namedIn(core) === 0) {
      for (const w of words) {
        if (w.sentenceIndex !== asking || core.has(w.clauseIndex)) continue;
        const clause = words.filter((x) => x.clauseIndex === w.clauseIndex);
        if (!clause.every((x) => isFunctionWord(x.text) || CLAUSE_JOINERS.has(x.text)))
          core.add(w.clauseIndex);
      }
    }
  }
  // "Lazada — what percent of it does Alibaba own?": a pronoun in the asking clause stands for the name put
  // before it in the same sentence, which is then part of what is asked.
  const pronounAsks = words.some(
    (w) => w.sentenceIndex === asking && core.has(w.clauseIndex) && /^(it|its|them|they|their)$/.test(w.text),
  );
  if (pronounAsks) {
    const first = Math.min(...core);
    // Only a topic put first on its own ("Lazada —", "SingPost:"), not a clause that says more.
    for (const m of mentions) {
      const { sentenceIndex, clauseIndex } = words[m.start] as Word;
      if (sentenceIndex !== asking || clauseIndex >= first) continue;
      const alone = words.every(
        (w, i) => w.clauseIndex !== clauseIndex || (i >= m.start && i < m.end) || isFunctionWord(w.text),
      );
      if (alone) core.add(clauseIndex);
    }
  }
  const tag = form === "yesno" ? tagWordsAt(words, asking) : new Set<number>();
  const counted = countedWords(sentenceWords);
  const opAsked = detectOperation(
    words
      .filter((w) => w.sentenceIndex === asking)
      .map((w) => w.text)
      .join(" "),
  ).operation;
  // What is asked, without a tag question's ending: "doesn't it?" asks no subtraction.
  // Filler ("which uh countries") says nothing of what is asked.
  const asked = words
    .flatMap((w, i) =>
      w.sentenceIndex === asking && !tag.has(i) && chatExpansion(w.text) !== "" ? [w.text] : [],
    )
    .join(" ");
  const coreText = words
    .flatMap((w, i) => (w.sentenceIndex === asking && core.has(w.clauseIndex) && !tag.has(i) ? [w.text] : []))
    .join(" ");

  const numbers: { n: number; at: number }[] = [];
  const terms = new Map<string, ReadTerm>();
  const add = (t: ReadTerm) => {
    const known = terms.get(t.term);
    if (!known) terms.set(t.term, t);
    else {
      known.factor = Math.max(known.factor, t.factor);
      known.core ||= t.core;
      known.attribute ||= t.attribute;
      known.foreign ||= t.foreign;
    }
  };
  const sentenceStart = new Set(
    words.flatMap((w, i) => (i === 0 || w.breakBefore === "sentence" ? [i] : [])),
  );
  // "What is it exactly?" after a sentence that names it: that sentence's names are what is asked about.
  const named = (s: number) => mentions.some((m) => (words[m.start] as Word).sentenceIndex === s);
  let topicSentence = asking;
  while (topicSentence > 0 && !named(topicSentence)) topicSentence--;

  words.forEach((word, i) => {
    if (tag.has(i)) return;
    const inCore = word.sentenceIndex === asking && core.has(word.clauseIndex);
    // What a word says about the topic depends on where it stands: the asking clause, an aside, context.
    const place = inCore ? 1 : word.sentenceIndex === asking ? 0.5 : 0.35;
    const mention = mentionAt.get(i);
    if (mention) {
      if (mention.start !== i) return;
      const term = `${mention.kind === "entity" ? "@" : "~"}${mention.id}`;
      const referred = topicSentence !== asking && word.sentenceIndex === topicSentence;
      // "What share of the population…": a term that is also the operation's cue only cues it.
      const cue = opAsked !== null && mention.end - mention.start === 1 && OPERATION_CUES.has(word.text);
      add({
        term,
        role: mention.kind,
        factor: referred ? 0.8 : cue ? place * 0.5 : place,
        core: (inCore || referred) && !cue,
        unknown: false,
        foreign: false,
        attribute: false,
        surface: plain.slice(mention.start, mention.end).join(" "),
      });
      return;
    }
    const w = word.text;
    // "Next year" is a year the tracker's facts cannot hold (they are dated by their edition).
    if (/^(next|last|this)$/.test(w) && plain[i + 1] === "year" && index.newestYear) {
      const n = index.newestYear + (w === "next" ? 1 : w === "last" ? -1 : 0);
      add({
        term: `#${n}`,
        role: "number",
        factor: place,
        core: inCore,
        unknown: !index.idf.has(`#${n}`),
        foreign: false,
        attribute: false,
        surface: `${w} year`,
      });
      return;
    }
    // "Thousands of arrests" claims a magnitude (see `claimOf`); the word names no attribute. Nor does the
    // scale of a figure ("over 1 *billion* people"): it is part of the figure.
    if (MAGNITUDES[w] !== undefined && !/^\d/.test(words[i - 1]?.text ?? "")) return;
    if (SCALES[w] !== undefined && /^\d/.test(words[i - 1]?.text ?? "")) return;
    if (/^\d+(st|nd|rd|th)$/.test(w)) {
      const known = index.idf.has(w);
      add({
        term: w,
        role: "word",
        factor: place,
        core: inCore,
        unknown: !known,
        foreign: !known && inCore,
        attribute: false,
        surface: w,
      });
      return;
    }
    if (/^\d/.test(w)) {
      const n = Number(w);
      if (!Number.isFinite(n)) return;
      numbers.push({ n, at: i });
      // A lone digit is usually an ordinal or a count word ("number 2"); it is matched but weighs little.
      add({
        term: `#${n}`,
        role: "number",
        factor: /^\d$/.test(w) ? place * 0.3 : place,
        core: inCore,
        unknown: !index.idf.has(`#${n}`),
        foreign: false,
        attribute: false,
        surface: w,
      });
      return;
    }
    if (isFunctionWord(w) || /^\p{L}$/u.test(w) || chatExpansion(w) === "") return;
    // An operation cue is a topic word only where the facts use it too ("rise" of a stake; not "points").
    if (OPERATION_CUES.has(w) && !index.idf.has(stem(w)) && !(w === "old" && plain[i - 1] === "how")) return;
    if (isFramingVerb(w, plain[i + 1])) return;
    if (COURTESY.has(w) || SOURCE_WORDS.has(w) || Object.values(SMALLTALK_WORDS).some((l) => l.includes(w)))
      return;
    // A claimed rank is checked, not matched ("the biggest shareholder, right?").
    if (form === "yesno" && RANK_WORDS.has(w)) return;
    const s = stem(w);
    const known = index.idf.has(s);
    const english = language.isEnglishWord(w);
    // Everyday words say little ("time", "thing"); rare ones say a lot (revenue, founder, stake), whether
    // the facts use them or not.
    const commonness = language.commonness(w);
    const everyday = Math.min(1, Math.max(known ? 0.35 : 0.15, (5.2 - commonness) / 2.5));
    const dateWord = monthOf(w) !== undefined || /^(q[1-4]|h[12])$/.test(w);
    // Part of one of the tracker's names ("group" of Alibaba Group), or a generic "the number": never the
    // sign of another subject or attribute.
    const familiar = known || dateWord || index.vocabulary.generic.has(w) || MEASURE_WORDS.has(w);
    // A name is typed with a capital, in capitals, is a place's name, or is no English word and short or
    // dotted ("aws", "jd.com"); a long unknown word is more likely a typo than a name.
    const nameLike =
      !familiar &&
      ((mixedCase && word.capital && !sentenceStart.has(i) && commonness < 4) ||
        // At the start of a sentence a capital says less: only a rare word is a name there ("Siemens").
        (mixedCase && word.capital && sentenceStart.has(i) && commonness < 2.2 && !likelyTypo(w, language)) ||
        (word.allCaps && mixedCase && w.length <= 5) ||
        // A country or a capital, in any case ("opens in india?").
        (language.isPlaceName?.(w) ?? false) ||
        (!english && !w.includes("'") && !likelyTypo(w, language)));
    // What names the attribute asked for, even a word the facts use ("what is Ant Financial valued at"):
    // the answering fact must say it. Generic words ("the number", "the name") never do.
    // Arithmetic words and adverbs ("exactly", "basically") never name an attribute.
    // Nor do joiners ("how many investigations *tho*"), nor verbs that frame what is said ("what does the tracker *reckon*", "*supposed* to be done").
    // ("Provinces *covered* by Ant Financial": a passive verb, not what is asked.)
    const framing = FRAMING_VERBS.has(w) || (/ed$/.test(w) && /^(to|by)$/.test(words[i + 1]?.text ?? ""));
    // "After the bump", "before the deal": the event a value is set against, not what is asked of it.
    const event = /^(before|after)$/.test(
      (words[i - 1]?.text === "the" ? words[i - 2] : words[i - 1])?.text ?? "",
    );
    // "How old": an age, however common the word and whatever "old" means elsewhere ("the old stake").
    const howOld = w === "old" && words[i - 1]?.text === "how";
    const isAttribute = (slot: "strong" | "weak" | null) =>
      !framing &&
      !event &&
      !CLAUSE_JOINERS.has(w) &&
      !WHEN_SPEAKING.has(w) &&
      (!OPERATION_CUES.has(w) || howOld) &&
      !KIND_WORDS.has(w) &&
      !/ly$/.test(w) &&
      (slot === "strong"
        ? !dateWord &&
          !MEASURE_WORDS.has(w) &&
          !index.vocabulary.generic.has(w) &&
          (commonness < 4.6 || howOld)
        : slot === "weak" && !familiar && commonness < 3.9);
    const slot = attributeSlot(words, i, mentionAt, form, counted);
    const attribute = inCore && !nameLike && isAttribute(slot);
    add({
      term: s,
      role: "word",
      // Where grammar says a word is what is asked ("how much did it *pay*"), it weighs in full.
      factor: attribute && slot === "strong" ? place : place * everyday,
      // An event the facts have no word for ("after the bump") leaves the question to what it picks.
      // Nor does a verb that frames the question ("I *doubt* that's over 10%") say what it asks.
      core:
        inCore &&
        !(event && !known) &&
        !(FRAMING_VERBS.has(w) && !known) &&
        // The words of the operation asked ("difference in points") say how, not what: they only cue it.
        !(opAsked !== null && OPERATION_CUES.has(w)),
      unknown: !known,
      foreign: nameLike && inCore,
      attribute,
      ...(attribute && slot === "strong" && { asked: true }),
      surface: w,
    });
  });

  const topic = [...terms.values()];
  const askedAt = new Set(words.flatMap((w, i) => (w.sentenceIndex === asking && !tag.has(i) ? [i] : [])));
  const claim = form === "yesno" ? claimOf(asked, plain, askedAt, numbers) : null;
  // "Who is the biggest shareholder": the holder of a rank, asked in the clause that asks.
  const coreWords = words.flatMap((w) =>
    w.sentenceIndex === asking && core.has(w.clauseIndex) ? [w.text] : [],
  );
  const rankAsked =
    form !== "yesno" && coreWords.some((w) => /^(who|whom|which|what|whats)$/.test(w))
      ? rankNamed(coreWords)
      : null;
  // "How many investigations": what is counted, as the terms the facts are indexed with.
  const countedTerms = words.flatMap((w, i) => {
    if (w.sentenceIndex !== asking || !counted.includes(w.text)) return [];
    const mention = mentionAt.get(i);
    return [mention ? `${mention.kind === "entity" ? "@" : "~"}${mention.id}` : stem(w.text)];
  });
  return {
    words: plain,
    terms: topic,
    coreEntities: topic.filter((t) => t.role === "entity" && t.core).map((t) => t.term.slice(1)),
    form,
    claim,
    rankAsked,
    wants: detectWants(coreText) ?? detectWants(asked),
    tense: /\b(will|gonna|going to|shall|due to|set to|supposed to|expected to)\b/.test(coreText)
      ? "future"
      : /\b(did|was|were|had)\b/.test(coreText)
        ? "past"
        : null,
    // "Who runs the USTR?" asks for a person at the head of an organisation; "who runs the data center?" may
    // be answered by the company that operates it.
    asksForPerson: ROLE_QUESTION.test(asked) || headOfOrganisation(asked, topic, index),
    asksForMoney: MONEY_ASKED.test(coreText),
    // ("Who heads…" names no role of its own: any person's fact may hold it.)
    roles: [...asked.matchAll(new RegExp(ROLE_QUESTION.source, "g"))]
      .map((m) =>
        (m[1] ?? "")
          .split(" ")
          .filter((w) => w !== "" && !isFunctionWord(w))
          .map(stem),
      )
      .filter((role) => role.length > 0),
    ...detectOperation(asked),
    // (In the clause that asks: "I can't remember, how much…" asks of no remainder.)
    negated: /\b(not|non|yet to|remaining|rest of|other than|others?|left over|without)\b/.test(coreText),
    cues: [...new Set(plain.filter((w) => OPERATION_CUES.has(w)).map(stem))],
    counted: [...new Set(countedTerms)],
    scale: scaleAskedFor(sentence),
    numbers: numbers.map((x) => x.n),
    corrections,
    vetoed,
    smalltalk: detectSmallTalk(plain, topic.filter((t) => !t.unknown || t.foreign).length, plain.join(" ")),
    sentence,
  };
}
