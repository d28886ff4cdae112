import type { AnswerKind } from "../facts/schema.js";
import type { FactIndex } from "./fact-index.js";
import { SMALLTALK, STOPWORDS } from "./lexicon.js";
import { closestWord } from "./spelling.js";
import { expandShorthand, foldPhrases, rawWords, stem, stripDiscordMarkup, topicTerms } from "./text.js";
import type { Operation, SmallTalkKind } from "./types.js";

export interface ParsedQuestion {
  /** Words as read, after markup removal, shorthand and spelling correction (before phrase folding). */
  words: string[];
  /** Stems of the topic words: no stopwords, no operation cues. Unique, in order. */
  terms: string[];
  /** Misspelt words and what they were read as. */
  corrections: { from: string; to: string }[];
  /** The kind of answer the wording asks for ("how many" → count), if it says. */
  wants: AnswerKind | null;
  operation: Operation | null;
  /** For a pick: whether the earlier or the later value is asked for. */
  pick: "earlier" | "later" | null;
  /** Numbers written in the question (years, figures). */
  numbers: number[];
  smalltalk: SmallTalkKind | null;
}

/** Spelling a word the base does not know towards one it does; real English words are left alone. */
function correctWords(words: readonly string[], index: FactIndex, isEnglishWord: (w: string) => boolean) {
  const corrections: { from: string; to: string }[] = [];
  const corrected = words.map((word) => {
    if (index.known.has(word) || /\d/.test(word) || index.idf.has(stem(word))) return word;
    const to = closestWord(word, index.spelling);
    if (!to || isEnglishWord(word)) return word;
    corrections.push({ from: word, to });
    return to;
  });
  return { corrected, corrections };
}

const WANTS: ReadonlyArray<readonly [RegExp, AnswerKind]> = [
  [/\b(what|which) (percent|percentage|share|stake|proportion|fraction|portion)\b|\bhow much of\b/, "percent"],
  [/\bhow (big|large|much is .* worth|valuable)\b|\bworth\b|\bvalue of\b|\bsize of\b|\bhow much money\b/, "money"],
  [/\bhow many\b|\bnumber of\b|\bhow much\b|\bcount of\b|\bamount of\b|\btotal\b/, "count"],
  [/\bwhen\b|\bwhat (year|date|month|day|time)\b|\bwhich (year|month|date)\b|\bby when\b|\bsince when\b|\bhow long\b|\bdeadline\b|\btimeline\b/, "date"],
  [/\bwhy\b|\breason\b|\bhow come\b|\bpurpose\b|\bwhat for\b/, "reason"],
  [/\bwhere\b|\bwhich (city|cities|country|countries|province|region|place|location)\b|\bwhat (city|country|province|place|location)\b/, "place"],
  [/\bwho\b|\bwhich (company|firm|group|entity|partner|competitor|rival|telecom|organization)\b/, "person"],
];

/** What kind of answer the wording asks for, from its question words. */
export function detectWants(sentence: string): AnswerKind | null {
  for (const [pattern, kind] of WANTS) if (pattern.test(sentence)) return kind;
  return null;
}

const OPERATIONS: ReadonlyArray<readonly [RegExp, Operation]> = [
  [
    /\b(percent|percentage) (increase|rise|growth|change|jump|gain)\b|\bby what (percent|percentage)\b|\brelative (increase|change|growth|rise)\b|\bhow many percent\b|\b(increase|rise|grow|growth|change|jump)\w* (in|by) (percent|percentage) terms\b/,
    "relative-change",
  ],
  [
    /\b(share|percent|percentage|proportion|fraction|portion) of\b|\bout of\b|\bwhat part of\b/,
    "share",
  ],
  [/\bper\b|\bfor (each|every)\b|\bratio\b|\baverage\b|\bon avg\b|\bmean\b/, "ratio"],
  [
    /\bby how (much|many)\b|\bhow (much|many) (more|less|fewer|higher|lower|bigger|larger|smaller|greater)\b|\bdifference\b|\bdiffer\b|\bgap\b|\bpoints?\b|\b(increase|rise|jump|gain|change|grow)\w* by\b|\bhow much (did|does|do|will|would|is|was) [\w ]*\b(ris\w*|rose|increas\w*|grow\w*|grew|chang\w*|go up|went up|rais\w*|jump\w*|climb\w*|gain\w*)\b|\bhow much (more|higher)\b|\b(increase|rise|jump|gain|growth|change) (of|in) [\w ]*(stake|points?)\b/,
    "difference",
  ],
  [/\b(not|non|arent|isnt|yet to|remaining|rest of|other than|left over|without)\b/, "difference"],
  [
    /\bhow (many|long) (years|months|yrs)\b|\bhow long (is|does|did|will|has|was|do)\b|\bspan\w*\b|\bduration\b|\byears? (until|till|til|to go|before|between|from)\b|\bhow (many|long) until\b/,
    "span",
  ],
  [/\bcombined\b|\baltogether\b|\btogether\b|\bsum of\b|\bplus\b/, "sum"],
  [/\b(before|previous\w*|prior|old|originally|original|used to|earlier|former\w*|beforehand)\b/, "pick"],
  [/\b(after|afterwards|new|final|target\w*|end up|going to be|will be|rise to|increase to|raised to|rising to|go to)\b/, "pick"],
];

function detectOperation(sentence: string): { operation: Operation | null; pick: "earlier" | "later" | null } {
  for (const [pattern, operation] of OPERATIONS) {
    if (!pattern.test(sentence)) continue;
    if (operation !== "pick") return { operation, pick: null };
    const earlier = /\b(before|previous\w*|prior|old|originally|original|used to|earlier|former\w*|beforehand)\b/.test(sentence);
    return { operation, pick: earlier ? "earlier" : "later" };
  }
  return { operation: null, pick: null };
}

const SMALLTALK_PATTERNS: ReadonlyArray<readonly [RegExp, SmallTalkKind]> = [
  [/\b(who|what) are you\b|\byour name\b|\bare you (a )?(bot|human|real|ai)\b|\bwho (made|built|created|owns) you\b|\bintroduce yourself\b/, "identity"],
  [/\bwhat (can|do) you (do|know|cover|answer)\b|\bhow (do|can) i (use|ask)\b|\bwhat can i ask\b|\bwhat do you (know|cover)\b|\bhelp\b|\bcommands?\b|\bwhat topics\b/, "capabilities"],
];

function detectSmallTalk(words: readonly string[], terms: readonly string[]): SmallTalkKind | null {
  const sentence = words.join(" ");
  const chatOnly = words.every((w) => STOPWORDS.has(w) || Object.values(SMALLTALK).some((l) => l.includes(w)));
  if (!chatOnly && terms.length > 0) return null;
  for (const [pattern, kind] of SMALLTALK_PATTERNS) if (pattern.test(sentence)) return kind;
  for (const kind of ["thanks", "farewell", "greeting", "praise"] as const) {
    if (words.some((w) => SMALLTALK[kind]?.includes(w))) return kind;
  }
  return null;
}

export function parseQuestion(raw: string, index: FactIndex, isEnglishWord: (w: string) => boolean): ParsedQuestion {
  const words0 = expandShorthand(rawWords(stripDiscordMarkup(raw)));
  const { corrected: words, corrections } = correctWords(words0, index, isEnglishWord);
  const sentence = words.join(" ");
  const terms = topicTerms(foldPhrases(words));
  const numbers = words.filter((w) => /^\d/.test(w)).map(Number);
  return {
    words,
    terms,
    corrections,
    wants: detectWants(sentence),
    ...detectOperation(sentence),
    numbers,
    smalltalk: detectSmallTalk(words, terms),
  };
}
