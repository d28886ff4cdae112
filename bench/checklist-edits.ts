/**
 * Neutral edits for the CheckList invariance tests (Ribeiro et al., ACL 2020): ways people type the same
 * question that must not change its answer. Each is a small, general generator over any question: none is
 * a phrase copied from a question the engine missed. A generator returns `null` when it does not apply (no
 * question word to shorten, no contraction to expand). Which of its few forms it uses is chosen by a hash of
 * the question, so every run makes the same variants (the facts:teach review compares runs) while the set
 * as a whole sees every form.
 */

export interface NeutralEdit {
  kind: string;
  edit(question: string, seed: number): string | null;
  /** Adds a typo: applied only to questions typed without one, so a variant has one typo, not two. */
  addsTypo?: true;
}

/** FNV-1a: a stable 32-bit number for a text, so variants are the same on every run. */
export function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** One of the options, chosen by the seed. */
export function pick<T>(options: readonly [T, ...T[]], seed: number): T {
  return options[seed % options.length] as T;
}

/** The question without its final punctuation and spaces, and what they were. */
function splitEnding(question: string): { body: string; ending: string } {
  const match = /^(.*?)([\s?!.]*)$/su.exec(question);
  return { body: match?.[1] ?? question, ending: match?.[2] ?? "" };
}

const prefixWith =
  (options: readonly [string, ...string[]]) =>
  (question: string, seed: number): string =>
    `${pick(options, seed)}${question}`;

const suffixWith =
  (options: readonly [string, ...string[]]) =>
  (question: string, seed: number): string =>
    `${question.trimEnd()}${pick(options, seed)}`;

/** Words of letters only (apostrophes inside allowed), with where they are: candidates for in-word edits. */
function wordsOf(question: string): { word: string; index: number }[] {
  return [...question.matchAll(/\p{L}+(?:['’]\p{L}+)*/gu)].map((m) => ({ word: m[0], index: m.index ?? 0 }));
}

/** The longest word of at least `min` letters (the first of equals): the one a typo or markup lands on. */
function longestWord(question: string, min: number): { word: string; index: number } | undefined {
  return wordsOf(question)
    .filter(({ word }) => word.length >= min)
    .reduce<{ word: string; index: number } | undefined>(
      (best, w) => (best === undefined || w.word.length > best.word.length ? w : best),
      undefined,
    );
}

function replaceAt(text: string, index: number, length: number, by: string): string {
  return `${text.slice(0, index)}${by}${text.slice(index + length)}`;
}

/** The longest word wrapped in Discord markup: `**stake**`, `` `stake` ``. */
const wrapLongestWord =
  (marks: readonly [[string, string], ...[string, string][]]) =>
  (question: string, seed: number): string | null => {
    const target = longestWord(question, 3);
    if (!target) return null;
    const [open, close] = pick(marks, seed);
    return replaceAt(question, target.index, target.word.length, `${open}${target.word}${close}`);
  };

/** Keys next to each other on a QWERTY keyboard: the typo a fast typist makes. */
const QWERTY_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];

function keyboardNeighbours(letter: string): string[] {
  const lower = letter.toLowerCase();
  const row = QWERTY_ROWS.find((r) => r.includes(lower));
  if (!row) return [];
  const at = row.indexOf(lower);
  return [row[at - 1], row[at + 1]].filter((c): c is string => c !== undefined);
}

/** One letter in the middle of the longest word replaced by a key next to it: "investigations" → "invesrigations". */
function keyboardTypo(question: string, seed: number): string | null {
  const target = longestWord(question, 6);
  if (!target) return null;
  const at = target.index + Math.floor(target.word.length / 2);
  const letter = question[at] ?? "";
  const [first, ...rest] = keyboardNeighbours(letter);
  if (first === undefined) return null;
  const key = pick([first, ...rest], seed);
  return replaceAt(question, at, 1, letter === letter.toUpperCase() ? key.toUpperCase() : key);
}

/** Latin letters and the Cyrillic or Greek letters that look the same (UTS #39 confusables). */
const LOOK_ALIKES: Readonly<Record<string, readonly [string, ...string[]]>> = {
  a: ["\u0430"],
  c: ["\u0441"],
  e: ["\u0435"],
  i: ["\u0456"],
  o: ["\u043e", "\u03bf"],
  p: ["\u0440", "\u03c1"],
  x: ["\u0445"],
  y: ["\u0443"],
};

/** One letter of the longest word swapped for its Cyrillic or Greek look-alike. */
function lookAlikeLetter(question: string, seed: number): string | null {
  const target = longestWord(question, 3);
  if (!target) return null;
  const offset = [...target.word].findIndex((c) => LOOK_ALIKES[c] !== undefined);
  const letter = target.word[offset];
  const options = letter === undefined ? undefined : LOOK_ALIKES[letter];
  if (!options) return null;
  return replaceAt(question, target.index + offset, 1, pick(options, seed));
}

/** Chat spellings of question words: the first one the question has is shortened. */
const QUESTION_WORD_SLANG: readonly [RegExp, readonly [string, ...string[]]][] = [
  [/\bwhat\b/i, ["wat", "wut"]],
  [/\bhow many\b/i, ["hw many", "how mny"]],
  [/\bhow much\b/i, ["hw much", "how mch"]],
  [/\bwhich\b/i, ["wich", "whch"]],
  [/\bwhen\b/i, ["wen", "whn"]],
  [/\bwhere\b/i, ["wher", "whr"]],
  [/\bwhy\b/i, ["y", "whyy"]],
  [/\byou\b/i, ["u", "ya"]],
];

function questionWordSlang(question: string, seed: number): string | null {
  const found = QUESTION_WORD_SLANG.map(([pattern, slang]) => ({ match: pattern.exec(question), slang }))
    .filter((f): f is { match: RegExpExecArray; slang: readonly [string, ...string[]] } => f.match !== null)
    .sort((a, b) => a.match.index - b.match.index)[0];
  if (!found) return null;
  return replaceAt(question, found.match.index, found.match[0].length, pick(found.slang, seed));
}

/** Contracted and full forms of the same words. */
const CONTRACTIONS: readonly [string, string][] = [
  ["what's", "what is"],
  ["who's", "who is"],
  ["where's", "where is"],
  ["when's", "when is"],
  ["how's", "how is"],
  ["it's", "it is"],
  ["that's", "that is"],
  ["there's", "there is"],
  ["isn't", "is not"],
  ["aren't", "are not"],
  ["doesn't", "does not"],
  ["don't", "do not"],
  ["didn't", "did not"],
  ["wasn't", "was not"],
  ["won't", "will not"],
  ["they're", "they are"],
  ["you're", "you are"],
];

const wordPattern = (words: string) => new RegExp(`\\b${words.replace(/'/g, "['’]")}\\b`, "i");

/** The first contraction expanded ("what's" → "what is"), or, with none, the first full form contracted. */
function toggleContraction(question: string): string | null {
  for (const [short, full] of CONTRACTIONS) {
    if (wordPattern(short).test(question)) return question.replace(wordPattern(short), full);
  }
  for (const [short, full] of CONTRACTIONS) {
    if (wordPattern(full).test(question)) return question.replace(wordPattern(full), short);
  }
  return null;
}

const titleCase = (question: string): string =>
  question.toLowerCase().replace(/(^|[\s"(])(\p{L})/gu, (_, before: string, letter: string) => {
    return `${before}${letter.toUpperCase()}`;
  });

/** Sentence punctuation gone; a full stop between digits (14.4) and signs that are part of a figure stay. */
const withoutPunctuation = (question: string): string =>
  question
    .replace(/(?<!\d)[.](?!\d)|[?!,;:"'’“”()]/g, "")
    .replace(/\s+/g, " ")
    .trim();

/** Prepositions, a closed class of English: a phrase they open is where a long line wraps. */
const PREPOSITION = /\s(?=(?:in|of|with|about|for|on|at|by|from|to|into|between|behind)\s)/gi;

/** A line break where the question's clauses meet: after its first comma, else before its last preposition. */
function lineBreak(question: string): string | null {
  const comma = /,\s*/.exec(question);
  if (comma && comma.index + comma[0].length < question.trimEnd().length) {
    return replaceAt(question, comma.index, comma[0].length, ",\n");
  }
  // Not after the first word alone: "who\nat alibaba…" reads as two questions, not as one wrapped.
  const last = [...question.matchAll(PREPOSITION)]
    .filter((m) => /\S\s+\S/.test(question.slice(0, m.index)))
    .at(-1);
  return last?.index ? replaceAt(question, last.index, last[0].length, "\n") : null;
}

/**
 * Where a question's opening ends: after its question word or auxiliary ("how many", "what's", "does"), a
 * closed class of English grammar. Fillers and line breaks go there, never inside a name ("cloud um sword").
 */
const OPENING =
  /^\s*(?:how (?:many|much|big|long)|(?:what|who|where|when|which|why|how)(?:['’]s)?|is|are|was|were|does|do|did|can|will|has|have)\b/i;

/** A filler word after the question's opening: "what's um alibaba's stake". */
function fillerInside(question: string, seed: number): string | null {
  const opening = OPENING.exec(question);
  if (!opening) return null;
  return replaceAt(question, opening[0].length, 0, pick([" so", " um", " uh", ", like,"], seed));
}

/** A trailing question mark dropped, or added to a question typed without one. */
function toggleQuestionMark(question: string): string {
  const { body, ending } = splitEnding(question);
  return ending.includes("?") ? body : `${body}?`;
}

/** The question's own ending made emphatic: "??", "?!", "???!". */
function extraPunctuation(question: string, seed: number): string {
  const { body } = splitEnding(question);
  return `${body}${pick(["??!", "???", "?!?", "!!?"], seed)}`;
}

function dropApostrophes(question: string): string | null {
  return /['’]/.test(question) ? question.replace(/(\p{L})['’](\p{L})/gu, "$1$2") : null;
}

const MEMBER_ID = "123456789012345678";
const CHANNEL_ID = "987654321098765432";

/** At least twenty kinds of neutral edit (issue 9, item 4). */
export const NEUTRAL_EDITS: readonly NeutralEdit[] = [
  { kind: "politeness before", edit: prefixWith(["pls ", "please ", "plz ", "hi, please "]) },
  { kind: "politeness after", edit: suffixWith([" thanks in advance", " thx", " ty!", " please :)"]) },
  { kind: "chatter before", edit: prefixWith(["ngl ", "quick q: ", "random question but ", "ok so "]) },
  { kind: "chatter after", edit: suffixWith([" asking for a friend", " just curious", " ngl", " idk"]) },
  {
    kind: "emoji",
    edit: (q, seed) => (seed % 2 ? `${q.trimEnd()} ${pick(["🤔", "👀", "😅"], seed)}` : `🙏 ${q}`),
  },
  { kind: "laughter", edit: suffixWith([" lol", " lmao", " haha", " xD"]) },
  { kind: "slang question word", edit: questionWordSlang },
  {
    kind: "markdown bold",
    edit: wrapLongestWord([
      ["**", "**"],
      ["__**", "**__"],
    ]),
  },
  {
    kind: "markdown italics",
    edit: wrapLongestWord([
      ["*", "*"],
      ["_", "_"],
    ]),
  },
  { kind: "inline code", edit: wrapLongestWord([["`", "`"]]) },
  { kind: "spoiler bars", edit: (q) => `||${q}||` },
  {
    kind: "user mention",
    edit: (q, seed) => (seed % 2 ? `<@${MEMBER_ID}> ${q}` : `${q.trimEnd()} <@!${MEMBER_ID}>`),
  },
  { kind: "channel mention", edit: (q) => `<#${CHANNEL_ID}> ${q}` },
  { kind: "lower case", edit: (q) => q.toLowerCase() },
  { kind: "upper case", edit: (q) => q.toUpperCase() },
  { kind: "title case", edit: titleCase },
  { kind: "punctuation removed", edit: withoutPunctuation },
  { kind: "extra punctuation", edit: extraPunctuation },
  { kind: "look-alike letter", edit: lookAlikeLetter },
  { kind: "line break", edit: lineBreak },
  { kind: "extra spaces", edit: (q) => `  ${q.replace(/ /g, "  ")} ` },
  { kind: "leading @bot", edit: prefixWith(["@bot ", "@TrackerBot "]) },
  { kind: "trailing question mark", edit: toggleQuestionMark },
  { kind: "greeting", edit: prefixWith(["hey bot, ", "hi! ", "hello, ", "yo bot "]) },
  { kind: "filler inside", edit: fillerInside },
  { kind: "keyboard typo", edit: keyboardTypo, addsTypo: true },
  { kind: "contraction", edit: toggleContraction },
  { kind: "apostrophe dropped", edit: dropApostrophes },
];
