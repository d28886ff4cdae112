/**
 * How English asks for arithmetic over figures: differences, relative changes, shares, ratios, sums, spans,
 * conversions and picking the earlier or later value. General wording, nothing from any tracker.
 */

import { SOURCE_WORDS } from "./lexicon.js";

/** What a question asks to compute, before it is known whether the facts allow it. */
export type Operation =
  | "difference"
  | "relative-change"
  | "ratio"
  | "share"
  | "sum"
  | "span"
  | "pick"
  | "convert"
  | "compare";

/**
 * Words that only cue an operation. They are not topic words unless the facts use them too: "by how many
 * points" must not count "points" as an unknown subject.
 */
export const OPERATION_CUES: ReadonlySet<string> = new Set(
  `point points difference differ diff delta increase increased increases increasing rise rises rising rose risen
  raise raised raises raising jump jumped grow grows grew growth grown gain gained change changed changes
  went up down higher lower bigger smaller larger fewer less more ratio ratios average averages averaged
  averaging avg mean per each every
  fraction proportion portion percent share combined together total sum altogether plus minus relative
  remaining rest remain left before after previous previously prior earlier originally original
  current currently new newer later final target targeted then between term terms span spans spanned
  divided divide divides times once done yet last lasts long longer length compared basis fit fits
  factor multiplied far old older former formerly bps pp thousands millions billions trillions full
  percentage percentages vs versus add adds added compare compares comparison short away gap`
    .split(/\s+/)
    .filter(Boolean),
);

/** A comparative and "than" with something other than a figure after it. */
const COMPARATIVE_THAN =
  /\b(more|less|fewer|bigger|larger|greater|higher|lower|smaller)\b(?: \w+){0,6}? than (?!(?:about |around |roughly |nearly |almost |over |under |just )?\d)/;

/** Whether a comparison asks for more (bigger, higher) or less. */
export function comparisonDirection(sentence: string): "more" | "less" {
  const word = COMPARATIVE_THAN.exec(sentence)?.[1] ?? "more";
  return /^(less|fewer|lower|smaller)$/.test(word) ? "less" : "more";
}

const EARLIER =
  /\b(before|previous\w*|prior|(?<!how )old|originally|original|used to|earlier|former\w*|beforehand)\b/;

const OPERATIONS: ReadonlyArray<readonly [RegExp, Operation]> = [
  [
    /\bin (trillions?|billions?|millions?|thousands?)\b|\bexpressed in\b|\bfull number\b|\bin full\b|\bwritten out\b/,
    "convert",
  ],
  [
    /\b(percent|percentage) (increase|rise|growth|change|jump|gain)\b|\bby what (percent|percentage)\b|\brelative\b|\bproportionally\b|\bhow many percent\b|\b\d+(?:\.\d+)? percent (?:more|bigger|larger|higher|up)\b|\b(increase|rise|grow|growth|change|jump|go up|went up)\w* (in|by) (percent|percentage)( terms)?\b|\bin percent not points\b/,
    "relative-change",
  ],
  [
    /(?<!\d(?:\.\d+)? )\b(share|percent|percentage|proportion|fraction|portion) of\b|\b\d+(?:\.\d+)? (?:\w+ )?out of\b|\bout of (?:every|each|all|the total)\b|\bwhat part of\b|\bhow much of\b|\bin (percent|percentage)\b(?! points?)|\b\d+ in (every )?\d+\b|\bhalf of\b|\bquarter of\b/,
    "share",
  ],
  [
    /\bper\b|\b(for|in) (each|every)\b|\bratio\b|\baverage\b|\baverages\b|\bavg\b|\bmean\b|\bdivided\b|\bdivide\b|\bhow many times?\b|\btimes? (bigger|larger|more|higher|greater|as|its|the)\b|\bmultiple\b|\bwould fit\b|\bfit in(to)?\b|\bfactor\b|\bmultiplied\b|\b\d+(\.\d+)? times\b/,
    "ratio",
  ],
  // "How has the stake changed?": from the first value the tracker gave to the latest.
  [/\bhow (has|have|did|had) [\w ]*\bchang\w*\b|\bchanged? over time\b/, "difference"],
  [
    /\bby how (much|many)\b|\bshort of\b|\b(away|far) from\b|\bhow far\b(?=.*\d)|\bhow (much|many) (more|less|fewer|higher|lower|bigger|larger|smaller|greater)\b|\bdifference\b|\bdiff\b|\bdiffer\b|\bdelta\b|\bgap\b|\bminus\b|\bsubtract\w*\b|\bpoints?\b|\bbasis points\b|\bbps\b|\bup by\b|\b(increase|rise|jump|gain|change|grow|climb)\w* by\b|\bhow much (did|does|do|will|would|is|was) [\w ]*\b(ris\w*|rose|increas\w*|grow\w*|grew|chang\w*|go up|went up|rais\w*|jump\w*|climb\w*|gain\w*)\b|\bhow much (more|higher)\b|\b(increase|rise|jump|gain|growth|change) (of|in) [\w ]*(stake|points?)\b|\bmore than\b.*\bhow (much|many) more\b|\b(increas|rais|ris|rose|grow|grew|boost|bump|jump)\w* (?:[\w']+ ){1,4}by (?:about |around |roughly |some |nearly |almost )?\d/,
    "difference",
  ],
  // "Is that more than the number of investigations?": two figures compared (a figure after "than" is a claim).
  [COMPARATIVE_THAN, "compare"],
  [/\b(not|non|arent|isnt|yet to|remaining|rest of|other than|left over|without)\b/, "difference"],
  [
    /\bhow (many|long) (years|months|yrs|weeks)\b|\bhow long (is|does|did|will|was|do|between|from|until|till)\b|\bhow long\b.*\b(between|until|till|before|after)\b|\bhow long$|\bspan\w*\b|\bduration\b|\byears? (until|till|til|to go|before|between|from|after)\b|\bmonths? (until|till|between|from|after|before)\b|\bhow (many|long) until\b|\btime (between|from|left)\b|\bhow much time\b/,
    "span",
  ],
  [
    /\bcombined\b|\baltogether\b|\b(add|added|put|taken) together\b|\bsum of\b|\bplus\b|\bin total\b|\badd up\b/,
    "sum",
  ],
  [EARLIER, "pick"],
  [
    /\b(after|afterwards|new|final|target\w*|end up|going to be|will be|rise to|increase to|raised to|rising to|go to|once)\b|\bwill\b[\w ]*\bbe\b/,
    "pick",
  ],
];

export const DATE_BOUND =
  /\b(before|after|prior to|ahead of)( the)?( (end|start|beginning|middle) of| early| late| mid)? (jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|september|oct|october|nov|november|dec|december|q[1-4]|(19|20)\d\d)\b/g;

const ASKS_WHEN = /\b(when|what date|which date|by when)\b/;

/** "Now", "currently": of a changing figure, the value that holds at the edition's date. */
const CURRENT = /\b(now|current|currently|today|presently|at present|these days|at the moment|already)\b/;

export type Pick = "earlier" | "later" | "current";

/** "Per the article", "as per the tracker": where it is said, no division. */
const SOURCED = new RegExp(
  `\\b(?:as )?per (?:the |this |that |your |ur |their )?(?:${[...SOURCE_WORDS].join("|")})\\b`,
  "g",
);

/** The operation a question's wording asks for, and for a pick which of a changing figure's values. */
export function detectOperation(asked: string): { operation: Operation | null; pick: Pick | null } {
  const sentence = asked.replace(SOURCED, " ");
  // "Before March", "after 2016": a date the answer is set against, not the earlier or later value.
  const unbounded = sentence.replace(DATE_BOUND, " ");
  for (const [pattern, operation] of OPERATIONS) {
    if (!pattern.test(sentence)) continue;
    if (operation !== "pick") return { operation, pick: null };
    if (!pattern.test(unbounded)) continue;
    const earlier = EARLIER.test(unbounded);
    // "When will it be done?" asks for a date, not for the later value.
    if (!earlier && ASKS_WHEN.test(unbounded)) continue;
    return { operation, pick: earlier ? "earlier" : "later" };
  }
  return CURRENT.test(sentence) ? { operation: "pick", pick: "current" } : { operation: null, pick: null };
}
