import type { AnswerKind } from "../facts/schema.js";
import type { FactIndex } from "./fact-index.js";
import { OPERATION_WORDS, SHORTHAND, SMALLTALK, STOPWORDS } from "./lexicon.js";
import { closestWord, isDroppedLetter } from "./spelling.js";
import {
  expandShorthand,
  foldPhrases,
  PHRASE_WORDS,
  rawWords,
  stem,
  stripDiscordMarkup,
  topicTerms,
} from "./text.js";
import type { Operation, SmallTalkKind } from "./types.js";

/** Greetings and thanks inside a real question ("thanks! also who is…") are not part of the topic. */
const CHAT_TERMS: ReadonlySet<string> = new Set(
  [SMALLTALK.greeting, SMALLTALK.thanks, SMALLTALK.praise, SMALLTALK.farewell]
    .flatMap((l) => l ?? [])
    .map(stem),
);

export interface ParsedQuestion {
  /** Words as read, after markup removal, shorthand and spelling correction (before phrase folding). */
  words: string[];
  /** Stems of the topic words: no stopwords, no operation cues. Unique, in order. */
  terms: string[];
  /**
   * Terms of ordinary English words the fact base does not use. In a short question such a word is
   * probably what is asked ("price"); in a long, chatty one it is more likely context ("my boss asked").
   */
  unknownEnglish: ReadonlySet<string>;
  /** Misspelt words and what they were read as. */
  corrections: { from: string; to: string }[];
  /** An English word was left as typed although it looks like a misspelling of a fact word. */
  vetoed: boolean;
  /** The kind of answer the wording asks for ("how many" → count), if it says. */
  wants: AnswerKind | null;
  operation: Operation | null;
  /** For a pick: whether the earlier or the later value is asked for. */
  pick: "earlier" | "later" | null;
  /** The question asks about what is not (yet) the case: "how many are *not* digital customers". */
  negated: boolean;
  /** Terms that only cue the operation ("difference", "between"): a computation need not cover them. */
  cues: string[];
  /** "Who is the CEO / the trade representative": only a fact about a person can answer it. */
  asksForPerson: boolean;
  /** What a "how many …" question counts: the topic terms of the words after it ("investigations"). */
  counted: string[];
  /** "in billions" → 1e9: the scale a conversion asks for. */
  scale: number | null;
  /** Numbers written in the question (years, figures). */
  numbers: number[];
  smalltalk: SmallTalkKind | null;
}

/**
 * Spelling a word the base does not know towards one it does. A real English word is corrected only
 * on a second reading (`correctEnglish`), which the engine keeps only if it then answers with
 * confidence: "arrets" means "arrests", but "price" must not become "prime".
 */
function correctWords(
  words: readonly string[],
  index: FactIndex,
  isEnglishWord: (w: string) => boolean,
  correctEnglish: boolean,
) {
  const corrections: { from: string; to: string }[] = [];
  let vetoed = false;
  let englishCorrected = 0;
  const corrected = words.map((word) => {
    if (index.known.has(word) || /\d/.test(word)) return word;
    const to = closestWord(word, index.spelling);
    // A word whose stem the facts know is only a typo when it is a known word with a letter dropped
    // ("notorius", "financal"); otherwise it is an inflection ("partnering").
    if (index.idf.has(stem(word)) && !(to && isDroppedLetter(word, to))) return word;
    if (!to) return word;
    if (isEnglishWord(word)) {
      // Only on the second reading; function words freely ("wich"), at most one word into a topic
      // word the facts use, and never into an operation cue ("dividend" is not "divided").
      const intoStopword = STOPWORDS.has(to);
      const intoTopic =
        !intoStopword && !OPERATION_WORDS.has(to) && (index.idf.has(stem(to)) || PHRASE_WORDS.has(to));
      if (!correctEnglish || !(intoStopword || (intoTopic && englishCorrected === 0))) {
        vetoed ||= !correctEnglish;
        return word;
      }
      if (intoTopic) englishCorrected++;
    }
    corrections.push({ from: word, to });
    return to;
  });
  return { corrected, corrections, vetoed };
}

const WANTS: ReadonlyArray<readonly [RegExp, AnswerKind]> = [
  [
    /\b(what|which) (percent|percentage|share|stake|proportion|fraction|portion)\b|\bhow much of\b/,
    "percent",
  ],
  [
    /\bhow (big|large|much is .* worth|valuable)\b|\bworth\b|\bvalue of\b|\bsize of\b|\bhow much money\b/,
    "money",
  ],
  [/\bhow many\b|\bnumber of\b|\bhow much\b|\bcount\b|\bamount of\b|\btotal\b/, "count"],
  [
    /\bwhen\b|\bwhat (year|date|month|day|time)\b|\bwhich (year|month|date)\b|\bby when\b|\bsince when\b|\bhow long\b|\bdeadline\b|\btimeline\b/,
    "date",
  ],
  [/\bwhy\b|\breason\b|\bhow come\b|\bpurpose\b|\bwhat for\b/, "reason"],
  [
    /\bwhere\b|\bwere (is|are)\b|\bwhich (city|cities|country|countries|province|region|place|location)\b|\bwhat (city|country|province|place|location)\b/,
    "place",
  ],
  [
    /\b(which|what) (company|companies|firm|group|entity|unit|subsidiary|arm|division|partner|competitor|rival|telecom|organi[sz]ation)\b|\bname of the\b/,
    "organization",
  ],
  [/\bwho\b/, "person"],
];

/** What kind of answer the wording asks for, from its question words. */
export function detectWants(sentence: string): AnswerKind | null {
  for (const [pattern, kind] of WANTS) if (pattern.test(sentence)) return kind;
  return null;
}

/** Topic terms of the noun phrase after "how many" / "number of", up to its verb. */
function countedTerms(words: readonly string[]): string[] {
  const at = words.findIndex(
    (w, i) => (w === "many" && words[i - 1] === "how") || (w === "of" && words[i - 1] === "number"),
  );
  if (at < 0) return [];
  const phrase: string[] = [];
  for (const word of words.slice(at + 1)) {
    if (
      /^(do|does|did|is|are|was|were|has|have|had|will|would|can|could|in|at|on|by|from|got|get)$/.test(word)
    )
      break;
    phrase.push(word);
  }
  return topicTerms(foldPhrases(phrase), () => false).slice(0, 2);
}

function scaleAskedFor(sentence: string): number | null {
  const match = /\bin (trillion|billion|million|thousand|tn|bn|mn|mln)s?\b/.exec(sentence);
  if (!match) return null;
  const unit = match[1] as string;
  return unit.startsWith("t") && unit !== "thousand"
    ? 1e12
    : unit.startsWith("b")
      ? 1e9
      : unit.startsWith("m")
        ? 1e6
        : 1e3;
}

/** A question for the holder of a role: answered by a person, not by the organisation the role belongs to. */
const ROLE_QUESTION =
  /\bwho(?: is| s| was| are)? (?:the |its |their )?(?:\w+ ){0,2}?(ceo|chief executive|president|chairman|chairwoman|chair|founder|co founder|representative|rep|minister|secretary|director|boss|leader|head|manager|spokesperson)\b/;

/** Words that ask for an earlier value; topic words otherwise ("how old is Ethan Yu" is not a computation). */
const TIME_CUES: ReadonlySet<string> = new Set(["old", "older", "former", "formerly"]);

const NEGATION = /\b(not|non|arent|isnt|yet to|remaining|rest of|other than|others?|left over|without)\b/;

const OPERATIONS: ReadonlyArray<readonly [RegExp, Operation]> = [
  [/\bin (trillions?|billions?|millions?|thousands?|tn|bn|mn|mln)\b|\bexpressed in\b/, "convert"],
  [
    /\b(percent|percentage) (increase|rise|growth|change|jump|gain)\b|\bby what (percent|percentage)\b|\brelative\b|\bproportionally\b|\bhow many percent\b|\b(increase|rise|grow|growth|change|jump)\w* (in|by) (percent|percentage) terms\b/,
    "relative-change",
  ],
  [
    /\b(share|percent|percentage|proportion|fraction|portion) of\b|\bout of\b|\bwhat part of\b|\bhow much of\b|\bin (percent|percentage)\b(?! points?)/,
    "share",
  ],
  [
    /\bper\b|\b(for|in) (each|every)\b|\bratio\b|\baverage\b|\bavg\b|\bmean\b|\bdivided\b|\bdivide\b|\bhow many times\b|\btimes (bigger|larger|more|higher|greater|as)\b|\bmultiple\b|\bwould fit\b|\bfit in(to)?\b|\bfactor\b|\bmultiplied\b/,
    "ratio",
  ],
  [
    /\bby how (much|many)\b|\bhow (much|many) (more|less|fewer|higher|lower|bigger|larger|smaller|greater)\b|\bdifference\b|\bdiff\b|\bdiffer\b|\bgap\b|\bminus\b|\bsubtract\w*\b|\bpoints?\b|\bup by\b|\b(increase|rise|jump|gain|change|grow)\w* by\b|\bhow much (did|does|do|will|would|is|was) [\w ]*\b(ris\w*|rose|increas\w*|grow\w*|grew|chang\w*|go up|went up|rais\w*|jump\w*|climb\w*|gain\w*)\b|\bhow much (more|higher)\b|\b(increase|rise|jump|gain|growth|change) (of|in) [\w ]*(stake|points?)\b/,
    "difference",
  ],
  [/\b(not|non|arent|isnt|yet to|remaining|rest of|other than|left over|without)\b/, "difference"],
  [
    /\bhow (many|long) (years|months|yrs)\b|\bhow long (is|does|did|will|has|was|do)\b|\bspan\w*\b|\bduration\b|\byears? (until|till|til|to go|before|between|from)\b|\bhow (many|long) until\b/,
    "span",
  ],
  [/\bcombined\b|\baltogether\b|\btogether\b|\bsum of\b|\bplus\b/, "sum"],
  [/\b(before|previous\w*|prior|old|originally|original|used to|earlier|former\w*|beforehand)\b/, "pick"],
  [
    /\b(after|afterwards|new|final|target\w*|end up|going to be|will be|rise to|increase to|raised to|rising to|go to|once)\b|\bwill\b[\w ]*\bbe\b/,
    "pick",
  ],
];

function detectOperation(sentence: string): {
  operation: Operation | null;
  pick: "earlier" | "later" | null;
} {
  for (const [pattern, operation] of OPERATIONS) {
    if (!pattern.test(sentence)) continue;
    if (operation !== "pick") return { operation, pick: null };
    const earlier =
      /\b(before|previous\w*|prior|old|originally|original|used to|earlier|former\w*|beforehand)\b/.test(
        sentence,
      );
    return { operation, pick: earlier ? "earlier" : "later" };
  }
  return { operation: null, pick: null };
}

const SMALLTALK_PATTERNS: ReadonlyArray<readonly [RegExp, SmallTalkKind]> = [
  [
    /\b(who|what) are you\b|\byour name\b|\bare you (a )?(bot|human|real|ai)\b|\bwho (made|built|created|owns) you\b|\bintroduce yourself\b/,
    "identity",
  ],
  [
    /\bwhat (can|do) you (do|know|cover|answer)\b|\bhow (do|can) i (use|ask)\b|\bwhat can i ask\b|\bwhat do you (know|cover)\b|\bhelp\b|\bcommands?\b|\bwhat topics\b/,
    "capabilities",
  ],
];

function detectSmallTalk(words: readonly string[], terms: readonly string[]): SmallTalkKind | null {
  const sentence = words.join(" ");
  const chatOnly = words.every(
    (w) => STOPWORDS.has(w) || Object.values(SMALLTALK).some((l) => l.includes(w)),
  );
  if (!chatOnly && terms.length > 0) return null;
  for (const [pattern, kind] of SMALLTALK_PATTERNS) if (pattern.test(sentence)) return kind;
  for (const kind of ["thanks", "farewell", "greeting", "praise"] as const) {
    if (words.some((w) => SMALLTALK[kind]?.includes(w))) return kind;
  }
  return null;
}

function isKnownWord(index: FactIndex, word: string): boolean {
  return index.known.has(word) || index.idf.has(stem(word));
}

/** The known words a run-together word is made of ("whatistaobao" → what, is, taobao), fewest first. */
function segment(word: string, index: FactIndex): string[] | null {
  if (word.length < 6 || word.length > 40) return null;
  // best[i]: fewest known pieces covering word.slice(0, i).
  const best: (string[] | null)[] = [[]];
  for (let end = 1; end <= word.length; end++) {
    best[end] = null;
    for (let start = Math.max(0, end - 20); start < end - 1; start++) {
      const head = best[start];
      const piece = word.slice(start, end);
      if (!head || !index.known.has(piece)) continue;
      if (!best[end] || head.length + 1 < (best[end] as string[]).length) best[end] = [...head, piece];
    }
  }
  const pieces = best[word.length];
  // At least one piece must be a real topic word ("bitcoin" is not "bit co in").
  const names = (p: string) => p.length >= 4 && index.idf.has(stem(p));
  return pieces && pieces.length > 1 && pieces.some(names) && !pieces.some((p) => p in SHORTHAND)
    ? pieces
    : null;
}

/**
 * Words put back together the way they were meant: spaced-out letters ("t a o b a o"), a name split
 * in two ("tao bao"), and words run together ("singpoststake").
 */
function repairSpacing(
  words: readonly string[],
  index: FactIndex,
  isEnglishWord: (w: string) => boolean,
): string[] {
  const joinedLetters: string[] = [];
  for (let i = 0; i < words.length; ) {
    let j = i;
    while (j < words.length && /^\p{L}$/u.test(words[j] as string)) j++;
    if (j - i >= 3) {
      joinedLetters.push(words.slice(i, j).join(""));
      i = j;
    } else {
      joinedLetters.push(words[i] as string);
      i++;
    }
  }
  const out: string[] = [];
  for (let i = 0; i < joinedLetters.length; i++) {
    const word = joinedLetters[i] as string;
    const next = joinedLetters[i + 1];
    const known = isKnownWord(index, word);
    if (
      next &&
      !/\d/.test(word + next) &&
      (!known || !isKnownWord(index, next)) &&
      isKnownWord(index, word + next)
    ) {
      out.push(word + next);
      i++;
    } else if (!known && !/\d/.test(word) && !isEnglishWord(word)) {
      out.push(...(segment(word, index) ?? [word]));
    } else {
      out.push(word);
    }
  }
  return out;
}

export function parseQuestion(
  raw: string,
  index: FactIndex,
  isEnglishWord: (w: string) => boolean,
  correctEnglish = false,
): ParsedQuestion {
  const words0 = expandShorthand(repairSpacing(rawWords(stripDiscordMarkup(raw)), index, isEnglishWord));
  const {
    corrected: words,
    corrections,
    vetoed,
  } = correctWords(words0, index, isEnglishWord, correctEnglish);
  const sentence = words.join(" ");
  const terms = topicTerms(foldPhrases(words), (term) => index.idf.has(term)).filter(
    (t) => !CHAT_TERMS.has(t),
  );
  // Only topic words the base does not know are looked up (the word list is loaded on first need).
  const unknownEnglish = new Set(
    words.filter((w) => terms.includes(stem(w)) && !index.idf.has(stem(w)) && isEnglishWord(w)).map(stem),
  );
  const numbers = words.filter((w) => /^\d/.test(w)).map(Number);
  return {
    words,
    terms,
    unknownEnglish,
    corrections,
    vetoed,
    wants: detectWants(sentence),
    ...detectOperation(sentence),
    negated: NEGATION.test(sentence),
    scale: scaleAskedFor(sentence),
    asksForPerson: ROLE_QUESTION.test(sentence),
    counted: countedTerms(words),
    cues: [...new Set(words.filter((w) => OPERATION_WORDS.has(w) || TIME_CUES.has(w)).map(stem))],
    numbers,
    smalltalk: detectSmallTalk(words, terms),
  };
}
