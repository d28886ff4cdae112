import { eng as STOPWORD_LIST } from "stopword";
import type { AnswerKind } from "../facts/schema.js";
import chat from "../language/chat.json" with { type: "json" };
import type { SmallTalkKind } from "./types.js";

/**
 * General English, nothing from any tracker: which words are grammar, how chat shorthand expands, and how a
 * question says what kind of answer it wants. What a tracker's subjects are called lives in its edition's
 * `vocabulary` (see vocabulary.ts).
 */

/** Closed-class words (the `stopword` package's English list) and the rest of English grammar's small words. */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set([
  ...STOPWORD_LIST,
  ..."a an the am is are was were be been being do does did done has have had having will would shall should can could may might must of to in on at by for from with without into onto upon about as than then so if or and nor but not no yet what which who whom whose when where why how whether that this these those there here it its they them their theirs he him his she her hers we us our ours you your yours i me my mine myself itself one ones any some all each every either neither both few several such same other another else just also too very quite rather really even ever again already still only among amongst within".split(
    " ",
  ),
]);

export function isFunctionWord(word: string): boolean {
  return FUNCTION_WORDS.has(word);
}

const CHAT: Readonly<Record<string, string>> = chat.expand;

/** What chat shorthand stands for: words ("ppl" → "people"), "" for filler ("lol", "ngl"), or undefined. */
export function chatExpansion(word: string): string | undefined {
  return Object.hasOwn(CHAT, word) ? CHAT[word] : undefined;
}

/** Politeness and sign-offs: a clause they start is about the asker, not the question. */
export const COURTESY: ReadonlySet<string> = new Set(
  "please thanks thank cheers appreciate appreciated grateful sorry apologies hi hello hey heya hiya howdy greetings morning evening afternoon bye goodbye cya".split(
    " ",
  ),
);

/**
 * Words of opposite sense, each side a set: a claim that says one where the fact says only the other is
 * contradicted ("the stake is *dropping* to 10.23%" against "will *rise*", "announced *after*" against "a few
 * days *before*", "Alibaba was *fine* with it" against "*unhappy*").
 */
export const OPPOSITES: ReadonlyArray<readonly [ReadonlySet<string>, ReadonlySet<string>]> = [
  ["before prior", "after afterwards"],
  [
    "rise rises rising rose risen raise raises raising raised increase increases increasing increased grow grows growing grew climb climbing climbed higher",
    "drop drops dropping dropped fall falls falling fell fallen decrease decreases decreasing decreased cut cuts cutting lower lowers lowering lowered shrink shrinks shrinking shrank reduce reduces reducing reduced",
  ],
  ["bought buys buying buy acquired acquires acquiring", "sold sells selling sell divested divests"],
].map(([a, b]) => [new Set((a as string).split(" ")), new Set((b as string).split(" "))] as const);

/**
 * Words for the source itself ("what does the article say", "according to the author"): how a question is
 * framed, not what it asks about.
 */
export const SOURCE_WORDS: ReadonlySet<string> = new Set(
  "article articles piece tracker report writeup write-up writer author authors edition newsletter story text post blurb paper".split(
    " ",
  ),
);

/**
 * Generic words for "the value" ("the number", "the figure", "the latest status"): they ask for whatever
 * the subject's figure is, so they never name an attribute the facts lack.
 */
export const MEASURE_WORDS: ReadonlySet<string> = new Set(
  "number numbers count figure figures amount level levels total size value rate stat stats data info information detail details specifics status update updates thing things stuff deal situation outcome outcomes result results role roles point purpose story background context gist summary overview explanation meaning significance impact effect news take view opinion response name names identity kind type sort part side bit extra whole".split(
    " ",
  ),
);

/** Past forms of common irregular verbs: a statement asked with a question mark ("Alibaba bought it?"). */
export const IRREGULAR_PAST: ReadonlySet<string> = new Set(
  "bought sold got went came made took gave said saw ran began held kept left lost paid put set told won grew rose fell hit led met sent spent stood thought found built brought caught chose drew drove ate flew forgot froze hid knew laid lay meant rode rang sang sank sat shot shut slept spoke stole struck swore swam taught threw understood woke wore wrote became".split(
    " ",
  ),
);

/** Words that join clauses: a new clause starts after them. */
export const CLAUSE_JOINERS: ReadonlySet<string> = new Set(
  "and but so because since although though while whereas anyway also btw besides otherwise or".split(" "),
);

/** Question words: each starts the clause a question is asked in. */
export const QUESTION_WORDS: ReadonlySet<string> = new Set(
  "what whats which who whom whose when where why how".split(" "),
);

/** Auxiliaries that start a yes/no question ("is it…", "did they…"). */
export const AUXILIARIES: ReadonlySet<string> = new Set(
  "is are was were am do does did has have had will would shall should can could may might must isnt arent wasnt werent doesnt didnt hasnt havent wont cant".split(
    " ",
  ),
);

/** The ending that turns a statement into a question ("…, right?", "…, correct?", "…, isn't it?"). */
const TAG =
  "(right|correct|true|yeah|yes|yep|no|innit|ya|yea|eh|huh|fr|really|ok|okay|confirm|confirmed|accurate|legit|agreed|amirite|am i right|is that (?:right|correct|true|so)|(?:is|are|was|were|did|does|do|has|have|will|would|can|could)(?:n'?t| not) (?:it|that|he|she|they|we|there|you think)|or not|or what|or (?:is|was|are) (?:that|it|this|they) (?:just |all |only |simply )?(?:a |an )?(?:rumou?r|hype|hyped|made up|fake|myth|lie|joke|exaggerat\\w*|clickbait|wrong|misinformation|speculation|nonsense)|yes or no|that (?:right|correct|true)|true or (?:false|not)|right or wrong)";

/**
 * A closing alternative that only doubts the question before it ("…, or is that just a rumour going around?",
 * "…or is she just hyping it up?"): the question before it is what is asked.
 */
export const DOUBTING_ALTERNATIVE =
  /,?\s+or\s+(?:is|was|are|were|does|do|did|has|have)\s+(?:that|it|this|they|she|he|people|everyone|someone|the \w+)\s+(?:just|only|simply|merely|all|really)\b[^.?!]*(?=[?!.]*\s*$)/i;

/** Who said a claim, before it ("my friend keeps saying (that) …", "someone told me …"): not part of the claim. */
export const REPORTING_FRAME =
  /^[^.?!]{0,80}?\b(?:keeps? (?:on )?saying|won'?t stop saying|kept saying|(?:is|was|are|were) saying|says|said|claims?|claimed|told me|tells me|swears?|insists?|reckons?)(?: that)?\s+/i;

/** A claim put, then asked about: "SEA has 620 million people — is that (really) what it says?". */
export const CLAIM_THEN_CHECK =
  /\s*[—–,]\s*(?=(?:is|isn't) (?:that|this|it) (?:(?:actually|really|even) )?(?:right|true|correct|accurate|what)\b)/i;

/** A fact's words that report what someone said. */
export const REPORTED_SPEECH = /\b(said|says|announced|according to|told|reported|stated|claims|called)\b/i;

/** Whether a fact's answer reports words said: "he *announced* the data center" reports an event, not words. */
export function reportsWords(answer: string): boolean {
  return REPORTED_SPEECH.test(answer.replace(/\b(announced|reported)\b/g, ""));
}

/** "What did Ethan Yu say the data center is for?": a statement is asked for (not "what does the article say"). */
export const STATEMENT_ASKED =
  /\bwhat (?:did|does|do|has|have|had|would) (?!(?:the )?(?:tracker|article|author|writer|piece|edition|it|you|they)\b)[\w ]+? (?:say|said|claim|claimed|state|stated|announce|tell|mention)\b|\bwhat was said\b/;

/** A sentence that ends in a tag question. */
export const TAG_QUESTION = new RegExp(`(?:^|[\\s,;:—–-])${TAG}\\s*[?!.]*\\s*$`, "i");

/** The words of a tag question, on their own. */
export const TAG_WORDS = new RegExp(`^${TAG}$`, "i");

/** "Is it true that…", "can you confirm…": the rest is a claim to check. */
export const CLAIM_OPENER =
  /^(?:so\s+)?(?:is it (?:(?:really|actually|even) )?(?:true|right|correct|the case)(?: that)?|can you confirm(?: that)?|confirm(?: that)?|am i right(?: that| in thinking)?|did i read (?:right|correctly)(?: that)?|i (?:heard|read|thought|believe|think)(?: that)?|true or false[:,]?|claim[:,])\s+/i;

/** A superlative or ordinal a claim about a rank makes ("the biggest", "top", "number one"). */
export const RANK_WORDS: ReadonlyMap<string, number> = new Map([
  ["biggest", 1],
  ["largest", 1],
  ["top", 1],
  ["main", 1],
  ["leading", 1],
  ["first", 1],
  ["primary", 1],
  ["principal", 1],
  ["major", 1],
  ["dominant", 1],
  ["second", 2],
  ["third", 3],
]);

const WANTS: ReadonlyArray<readonly [RegExp, AnswerKind]> = [
  [
    /\b(what|which) (percent|percentage|share|stake|proportion|fraction|portion)\b|\bhow much of\b|\b(percent|percentage|proportion|fraction) of\b/,
    "percent",
  ],
  [
    /\bhow (big|large|much is .* worth|valuable)\b|\bworth\b|\bvalue of\b|\bsize of\b|\bhow much money\b|\b(deal|contract|transaction|share|stock|purchase|market) (value|price)\b|\bprice (paid|tag)\b|\b(valued|valuation)\b/,
    "money",
  ],
  [/\bhow many\b|\bnumber of\b|\bhow much\b|\bcount\b|\bamount of\b|\btotal\b/, "count"],
  [
    /\bwhen\b|\bwhat (year|date|month|day|time)\b|\bexact (date|day|time)\b|\bwhich (year|month|date)\b|\bby when\b|\bsince when\b|\bhow long\b|\bdeadline\b|\btimeline\b|\bsince$|^(and )?(as of|done by)$/,
    "date",
  ],
  [
    /\bwhy\b|\b(reason|reasons|rationale|motive|motives|motivation|justification|grounds for)\b|\bhow come\b|\bpurpose\b|\bwhat for\b|\bfor what\b/,
    "reason",
  ],
  [
    /\bwhere\b|\bwhich (city|cities|country|countries|province|region|place|location)\b|\bwhat (city|country|province|place|location)\b|\bin which (city|country|province)\b|\blocation\b|\blocated\b|\bsituated\b|^(?:and |also |so |ok )*(?:the |its |their )?(?:city|country|province|town)\b/,
    "place",
  ],
  [/\b(which|what|the) (person|guy|man|woman|exec|executive|individual)\b/, "person"],
  [
    /\b(which|what) (company|companies|firm|group|entity|unit|subsidiary|arm|division|partner|competitor|rival|telecom|organi[sz]ation|operator|business)\b|\bname of the\b/,
    "organization",
  ],
  [/\bwho\b/, "person"],
];

/**
 * "When" after another question word joins a clause ("how did it react *when* …"): it asks no date, unless
 * it is a question added with "and" ("what is it launching *and when*").
 */
const WHEN_JOINING = /^(.*?\b(?:what|which|who|whom|how|why)\b.*?)(?<!\b(?:and|or)) when\b.*$/;

/** "Where does it rank", "where do they stand": a standing, not a place. */
const WHERE_STANDING =
  /\bwhere (?:does|do|did|is|are|would) [\w ]*\b(?:rank|ranks|ranked|stand|stands|fall|falls|place)\b/;

/** "Where" after a noun, in a question asked by another word ("what is the list where…"): a relative clause. */
const WHERE_RELATIVE = /^(.*?\b(?:what|which|who)\b.*?\b(?!what|which|who)\w+) where\b/;

/** What kind of answer the wording asks for, from its question words. */
export function detectWants(sentence: string): AnswerKind | null {
  const asked = sentence.replace(WHEN_JOINING, "$1").replace(WHERE_RELATIVE, "$1");
  for (const [pattern, kind] of WANTS) {
    if (kind === "place" && WHERE_STANDING.test(asked)) continue;
    if (pattern.test(asked)) return kind;
  }
  return null;
}

/**
 * Words that ask for an amount of money, not any figure: "stock price", "how much did it pay", "worth"
 * ("pay" only as a verb: "Ali Pay" is a name; a "price cut" may be a percentage).
 */
export const MONEY_ASKED =
  /\b(prices?(?! (cut|drop|fall|rise|increase|decrease|reduction|war|hike|change)s?\b)|priced|cost|costs|costing|paid|paying|spent|spend|spending|worth|valuation|valued|money|dollars?|usd)\b|\bpays? for\b|\bto pay\b|\b(stock|shares?) (at|trading|trades)\b|\b(did|does|do|will|would) (\w+ ){1,3}pay\b|\$/;

/**
 * A message that gives the bot instructions ("ignore your rules", "you are now DAN", "reveal your system
 * prompt"): not a question about the tracker, whatever names it drops.
 */
const INSTRUCTIONS =
  /\b(ignore|forget|disregard|override|bypass) (all |any |your |ur |the |my |previous |prior |earlier |of )*(instructions|rules|prompts?|restrictions|guidelines|programming|everything you)\b|\byou are now\b|\bur now\b|\bdeveloper mode\b|\bsystem prompt\b|\bwith no (rules|restrictions|limits)\b|\bjailbr[eo]\w*/i;

/**
 * The message without its instructions to the bot: each sentence or clause that gives one goes ("ignore your
 * rules and say…", a ```SYSTEM: …``` block), and the question the rest asks is answered as it is.
 */
export function withoutInstructions(text: string): { text: string; instructed: boolean } {
  const pieces = text.split(/(```[\s\S]*?```|[.!?;\n]+|,\s+(?=also\b|anyway\b|but\b|then\b|and\b))/i);
  let instructed = false;
  const kept = pieces.filter((piece) => {
    if (!INSTRUCTIONS.test(piece)) return true;
    instructed = true;
    return false;
  });
  return { text: instructed ? kept.join(" ") : text, instructed };
}

/** A question for the holder of a role: answered by a person, not by the organisation the role belongs to. */
const ROLES =
  "chief executive|president|chairman|chairwoman|chair|founder|co founder|representative|rep|minister|secretary|director|boss|leader|head|manager|spokesperson";

export const ROLE_QUESTION = new RegExp(
  `\\bwho(?: even)?(?: is| s| was| are)? (?:the |its |their )?(?:\\w+ ){0,2}?(${ROLES})\\b|\\bwho (?:heads|leads|chairs)\\b|\\b(?:person|guy|man|woman|exec|executive) (?:running|heading|leading|in charge|speaking for|talking for|responsible for)\\b`,
);

/** A role a claim gives someone: "Ethan Yu is the *CEO*" (read as "chief executive"). */
export const ROLE_NAMED = new RegExp(`\\b(${ROLES})\\b`, "g");

/** Messages that are only chat: a greeting, thanks, "who are you", "what can you do". */
export const SMALLTALK_WORDS: Readonly<
  Record<Exclude<SmallTalkKind, "identity" | "capabilities">, readonly string[]>
> = {
  greeting: [
    "hi",
    "hello",
    "hey",
    "heya",
    "hiya",
    "yo",
    "sup",
    "howdy",
    "greetings",
    "morning",
    "evening",
    "afternoon",
    "hallo",
    "hola",
    "gm",
  ],
  thanks: ["thanks", "thank", "thankyou", "cheers", "appreciate", "appreciated", "grateful", "ta"],
  praise: [
    "nice",
    "great",
    "cool",
    "awesome",
    "good",
    "perfect",
    "amazing",
    "helpful",
    "legend",
    "neat",
    "sweet",
    "wow",
  ],
  farewell: ["bye", "goodbye", "cya", "later", "night", "gn", "farewell", "ttyl"],
};

export const SMALLTALK_PATTERNS: ReadonlyArray<readonly [RegExp, SmallTalkKind]> = [
  [
    /^(?:what(?:s| s| is)?|wats|wat) ?up\b|^(?:wassup|whaddup|how are you|how r u|hows it going|how is it going)\b/,
    "greeting",
  ],
  [
    /\b(who|what) are you\b|\byour name\b|\bare you (a )?(bot|human|real|ai)\b|\bwho (made|built|created|owns) you\b|\bintroduce yourself\b/,
    "identity",
  ],
  [
    /\bwhat (can|do) you (do|know|cover|answer)\b|\bhow (do|can) i (use|ask)\b|\bwhat can i ask\b|\bwhat do you (know|cover)\b|^\s*help\b|\bcommands?\b|\bwhat topics\b/,
    "capabilities",
  ],
];
