import type { FactBase, KnownFact } from "../facts/base.js";
import { type AnswerKind, AnswerKindSchema } from "../facts/schema.js";
import type { Decision } from "./decide.js";
import type { FactIndex } from "./fact-index.js";
import {
  aboutSomethingElse,
  type Cues,
  cuesOf,
  type FollowUpForm,
  isBareQuestion,
  isYear,
  namesOnly,
  ownAttributes,
  ownSubject,
  withContext,
  withSubject,
} from "./follow-up.js";
import { isFunctionWord, REPORTED_SPEECH, reportsWords, STATEMENT_ASKED } from "./lexicon.js";
import { kindFits, type ScoredFact, weightOf } from "./match.js";
import type { Operation } from "./operations.js";
import type { Reading, ReadTerm } from "./read.js";
import type { EngineAnswer, Outcome, Turn } from "./types.js";
import { verdictOf } from "./verdict.js";

/**
 * A question read against the turns before it. A turn that makes sense alone is answered alone; a follow-up
 * ("and Tencent?", "when?", "is it the biggest?", "2", "no, I meant…", "tell me more") is read with what the
 * conversation is about: the names and terms the earlier turn asked about and the fact it was answered with.
 */

export interface Resolution {
  reading: Reading;
  decision: Decision;
  /** How the turn was read as a follow-up; absent when it was read alone. */
  followUp?: FollowUpForm | "clarify";
}

export interface ConversationDeps {
  base: FactBase;
  index: FactIndex;
  /** A text read and decided alone (with its spelling corrected where that helps). */
  read(text: string): { reading: Reading; decision: Decision };
  /** A text read, without deciding. */
  readOnly(text: string): Reading;
  decide(reading: Reading, exclude?: ReadonlySet<string>): Decision;
}

/** How much an earlier turn's names weigh against the follow-up's own words. */
const CONTEXT_FACTOR = 0.6;

/** What the fact an earlier turn was answered with adds to its topic, against what was asked. */
const ANSWER_FACTOR = 0.8;

/** What a name the answer gave (not its title) adds to the topic, against the title's words. */
const NAMED_FACTOR = 0.75;

/** The kinds of answer a wh-word asks for that no other kind of fact gives. */
const SPECIFIC_KINDS: ReadonlySet<AnswerKind> = new Set(["date", "place", "person"]);

/**
 * "As of?", "as of when?", "and as of what date?", "which year is this number?", "how old is that figure?",
 * "when is that from?": the date of what was just said.
 */
const AS_OF =
  /^(and |so |ok |but )?((that is |thats |it is |is that |is it )?as of( when| what (date|time|year))?( (is|was) (this|that|it)( (number|figure|count|data|stat|estimate))?)?|(which|what) (year|date|month) (is|was) (this|that|it)( (number|figure|count|data|stat|estimate))?( from| for)?|how (old|recent|current|fresh|up to date) is (this|that|it)( (number|figure|count|data|stat|estimate))?|when is (this|that|it)( (number|figure|count|data|stat|estimate))? from|from when)$/;

/** How close to the best fact one that gives the kind of answer asked must be to answer in its place. */
const KIND_RUNNER_UP = 0.8;

/** A follow-up that is only the name of a computation ("share?", "ratio?"): the computation. */
const BARE_OPERATIONS: ReadonlyMap<string, Operation> = new Map([
  ["share", "share"],
  ["percentage", "share"],
  ["proportion", "share"],
  ["ratio", "ratio"],
  ["difference", "difference"],
  ["diff", "difference"],
  ["gap", "difference"],
]);

/** How close to the best fact one that has all of a follow-up's own words must be to answer in its place. */
const OWN_WORDS_RUNNER_UP = 0.5;

/** The earlier question asked again about something else wants the same kind of answer, whatever it was. */
const ALL_KINDS: ReadonlySet<AnswerKind> = new Set(AnswerKindSchema.options);

/** How much more like the last answer one fact must be than the others to settle "did you mean". */
const CLEARLY_ALIKE = 0.1;

/** What makes a fact the one to tell "more" with, besides being alike: its part of the tracker, nearness. */
const MORE_WEIGHTS = { category: 0.15, nearby: 0.15 };

/** "Who said that?", "who claims so", "whose words": who the statement is from ("says who" is a source cue). */
const SPEAKER_QUESTION =
  /^(?:and |but |ok |so )?(?:who (?:is |s )?(?:said|says|saying|claims|claimed|claiming|reported|reports|reporting|announced|stated|wrote|writes|published) (?:that|this|it|so)|whose (?:claim|words))\b/;

/** Turns that were about something: a question asked back ("what does that refer to?") was not. */
const ABOUT_SOMETHING: ReadonlySet<Outcome> = new Set(["answer", "suggest", "decline"]);

/** How many turns back a follow-up's topic reaches, and how much less each older turn weighs. */
const TOPIC_TURNS = 3;
const AGE_FACTOR = 0.5;

/** What an earlier turn left to follow up on. */
interface EarlierTurn {
  turn: Turn;
  /** Its question, read alone. */
  reading: Reading;
  /** The names and terms it was about: its own, else those of the fact it was answered with. */
  topic: ReadTerm[];
  /** The fact it was answered with. */
  fact: KnownFact | undefined;
}

function topicOf(reading: Reading): ReadTerm[] {
  return reading.terms.filter((t) => t.core && (t.role === "entity" || t.role === "term" || t.foreign));
}

/** Whether a reply's words, besides its ordinal and filler, are all words of an offered title. */
function echoesTitle(words: readonly string[], title: string): boolean {
  const own = new Set(
    title
      .toLowerCase()
      .split(/[^\p{L}\d]+/u)
      .flatMap((w) => [w, w.replace(/s$/, "")]),
  );
  const said = words.filter(
    (w) => !isFunctionWord(w) && !/^(\d|one|first|second|third|last|1st|2nd|3rd)$/.test(w),
  );
  return said.length > 0 && said.every((w) => own.has(w) || own.has(w.replace(/s$/, "")));
}

export function createConversation(deps: ConversationDeps) {
  const { base, index } = deps;
  const entries = new Map(index.facts.map((f) => [f.fact.id, f]));
  const weight = (t: ReadTerm) => weightOf(index, t);
  /** A fact's title read as a topic, and the names its answer gives besides (both worked out once a fact). */
  const titleTopics = new Map<string, { title: ReadTerm[]; named: ReadTerm[] }>();
  const topicsOf = (fact: KnownFact) => {
    let topics = titleTopics.get(fact.id);
    if (!topics) {
      const title = topicOf(deps.readOnly(fact.title));
      const named = topicOf(deps.readOnly(fact.answer.replaceAll("*", ""))).filter(
        (t) => t.role === "entity" && !title.some((o) => o.term === t.term),
      );
      topics = { title, named };
      titleTopics.set(fact.id, topics);
    }
    return topics;
  };
  // The names the answer gives are what "it" may stand for next ("who owns it?" after "hosted by SB Cloud").
  const titleTopic = (fact: KnownFact): ReadTerm[] => {
    const { title, named } = topicsOf(fact);
    return [
      ...title.map((t) => ({ ...t, factor: 1 })),
      ...named.map((t) => ({ ...t, factor: NAMED_FACTOR })),
    ];
  };

  function earlier(turn: Turn): EarlierTurn {
    const reading = deps.readOnly(turn.question);
    const fact = turn.outcome === "answer" ? base.byId.get(turn.factIds[0] ?? "") : undefined;
    const own = topicOf(reading);
    // What the answer named is now as much the subject as what was asked ("how many people live there?"
    // after the city was the answer); it weighs a little less.
    const answered = fact
      ? titleTopic(fact)
          .filter((t) => !own.some((o) => o.term === t.term))
          .map((t) => ({ ...t, factor: t.factor * ANSWER_FACTOR }))
      : [];
    return { turn, reading, topic: [...own, ...answered], fact };
  }

  /** What the conversation is about: the newest turn's topic, then older ones', each weighing less. */
  function topicOfConversation(history: readonly EarlierTurn[]): ReadTerm[] {
    const topic = new Map<string, ReadTerm>();
    history
      .filter((t) => ABOUT_SOMETHING.has(t.turn.outcome))
      .slice(-TOPIC_TURNS)
      .toReversed()
      .forEach((turn, age) => {
        for (const t of turn.topic) {
          if (!topic.has(t.term)) topic.set(t.term, { ...t, factor: t.factor * AGE_FACTOR ** age });
        }
      });
    return [...topic.values()];
  }

  const decision = (answer: Omit<EngineAnswer, "answered">, rule: Decision["rule"]): Decision => ({
    answer: { ...answer, answered: answer.outcome === "answer" },
    rule,
    ranked: [],
    conflicts: [],
  });
  const clarify = (reading: Reading): Resolution => ({
    reading,
    decision: decision(
      { outcome: "clarify", fact: null, confidence: 0, suggestions: [] },
      "nothing to follow up on",
    ),
    followUp: "clarify",
  });
  const answerWith = (
    reading: Reading,
    fact: KnownFact,
    form: FollowUpForm,
    suggestions: KnownFact[] = [],
  ) => ({
    reading,
    decision: decision(
      {
        outcome: "answer",
        fact,
        confidence: 1,
        suggestions,
        ...(form === "source" && { quoted: true as const }),
      },
      "answered",
    ),
    followUp: form,
  });

  /** A question that cannot be read without an earlier turn: nothing of its own to go on. */
  function needsEarlierTurn(reading: Reading, cues: Cues, alone: Decision): boolean {
    if (cues.choice !== null || cues.more || cues.source) return !alone.answer.answered || cues.source;
    if (cues.correction && cues.correction.length === 0) return true;
    // "Same for Amazon?", "and Tencent?": the earlier question again, and there is none.
    if (cues.same || (cues.continuation && namesOnly(reading))) return true;
    // "Is that more than Amazon?": what is compared is what "that" stands for.
    if (cues.pronoun && reading.operation === "compare") return true;
    if (ownSubject(reading).length > 0) return false;
    // "I gather Alibaba partnered with SoftBank, what's that joint venture called?": "that" is named earlier in
    // the message itself, which is then answered (or declined) as it is.
    if (reading.terms.some((t) => t.role === "entity" && !t.core)) return false;
    return cues.pronoun || (isBareQuestion(reading) && !alone.answer.answered);
  }

  /** Where a fact's quote stands in its edition's text: its paragraph, and its place in reading order. */
  const placeOf = new Map<string, { paragraph: number; order: number }>();
  const place = (fact: KnownFact) => {
    let at = placeOf.get(fact.id);
    if (!at) {
      const paragraphs = base.texts.find((t) => t.edition.id === fact.edition.id)?.paragraphs ?? [];
      const head = fact.quote.slice(0, 40);
      const paragraph = paragraphs.findIndex((p) => p.includes(head));
      const offset = paragraph >= 0 ? (paragraphs[paragraph] as string).indexOf(head) : 0;
      at = { paragraph, order: paragraph * 100_000 + offset };
      placeOf.set(fact.id, at);
    }
    return at;
  };

  /** How alike two facts are: the cosine of their rarity-weighted terms. */
  const vectorOf = (fact: KnownFact): Map<string, number> => {
    const weights = entries.get(fact.id)?.weights ?? new Map<string, number>();
    return new Map([...weights].map(([t, w]) => [t, w * (index.idf.get(t) ?? 0)]));
  };
  const norm = (v: ReadonlyMap<string, number>) => Math.sqrt([...v.values()].reduce((a, x) => a + x * x, 0));
  function similarity(a: KnownFact, b: KnownFact): number {
    const [va, vb] = [vectorOf(a), vectorOf(b)];
    let dot = 0;
    for (const [t, w] of va) dot += w * (vb.get(t) ?? 0);
    const denominator = norm(va) * norm(vb);
    return denominator > 0 ? dot / denominator : 0;
  }

  /**
   * "Tell me more": what the tracker goes on to say about the same thing, not yet given in this conversation:
   * the facts most alike, from the same part of the tracker and near it in its text.
   */
  function nextFact(last: KnownFact, seen: ReadonlySet<string>): KnownFact[] {
    const here = place(last);
    return base.facts
      .filter((f) => !seen.has(f.id))
      .map((f) => {
        const there = place(f);
        const known = here.paragraph >= 0 && there.paragraph >= 0;
        const distance = known ? Math.abs(there.paragraph - here.paragraph) : 10;
        const sameCategory = f.category === last.category ? MORE_WEIGHTS.category : 0;
        return { f, score: similarity(last, f) + sameCategory + MORE_WEIGHTS.nearby / (1 + distance) };
      })
      .sort((a, b) => b.score - a.score)
      .map((x) => x.f);
  }

  /** A name or year the turn adds that the conversation was not about: "and Tencent?", "and in 2015?". */
  function newSubject(reading: Reading, topic: readonly ReadTerm[]): ReadTerm[] {
    const added = [...ownSubject(reading), ...reading.terms.filter((t) => t.core && isYear(t))];
    return added.filter((t) => !topic.some((o) => o.term === t.term));
  }

  /**
   * The newest earlier question that asked something of its subject, not just named it. One that named no
   * subject and no kind of answer ("and the digital ones?" after "how many people…") was itself a follow-up:
   * it asked for what the question before it did.
   */
  function lastFullQuestion(history: readonly EarlierTurn[]): EarlierTurn | undefined {
    const at = history.findLastIndex((t) => ownAttributes(t.reading).length > 0 || t.reading.wants !== null);
    const full = history[at];
    if (!full || full.reading.wants !== null || ownSubject(full.reading).length > 0) return full;
    const wants = history.slice(0, at).findLast((t) => t.reading.wants !== null)?.reading.wants;
    return wants ? { ...full, reading: { ...full.reading, wants } } : full;
  }

  /** A follow-up's answer must be about every name the follow-up gives itself ("and Tencent, how many arrests?"). */
  function aboutItsNames(decided: Decision, reading: Reading): Decision {
    const fact = decided.answer.fact;
    if (!decided.answer.answered || !fact) return decided;
    const entry = entries.get(fact.id);
    const missing = reading.terms.filter(
      (t) =>
        !t.fromContext &&
        (t.foreign ||
          (t.role === "entity" && !entry?.entities.has(t.term.slice(1)) && !entry?.weights.has(t.term))),
    );
    // A name the tracker never mentions, claimed of the fact, is a premise the verdict has checked: "and it's
    // in Jiangsu?" is No. One the tracker covers elsewhere ("Amazon too?") is about something else.
    const checked = decided.answer.verdict !== undefined && missing.every((t) => t.foreign);
    return missing.length === 0 || checked ? decided : declined(decided, [fact], "conflict");
  }

  /**
   * A turn read against the ones before it. "Who said that?" of a fact the tracker reports as someone's
   * statement ("the eCommerce giant said that…"), where no person answers, gets the fact's source: it names who.
   */
  function resolve(text: string, turns: readonly Turn[]): Resolution {
    const resolved = resolveTurn(text, turns);
    const { answer } = resolved.decision;
    // A person's own fact answers "who said that?" ("Ethan Yu said…" → Ethan Yu); otherwise the statement itself.
    if (turns.length === 0 || answer.fact?.kinds.includes("person")) return resolved;
    if (!SPEAKER_QUESTION.test(resolved.reading.words.join(" "))) return resolved;
    const lastFact = base.byId.get(turns.findLast((t) => t.outcome === "answer")?.factIds[0] ?? "");
    if (!lastFact) return resolved;
    // Unanswered, a statement the tracker reports; answered with another fact, one whose answer names who
    // said it ("The USTR called Taobao a concern": who said so is in the statement, not in the USTR's other fact).
    const reported = answer.answered
      ? answer.fact?.id !== lastFact.id && REPORTED_SPEECH.test(lastFact.answer)
      : REPORTED_SPEECH.test(lastFact.quote) || REPORTED_SPEECH.test(lastFact.answer);
    return reported ? answerWith(resolved.reading, lastFact, "source") : resolved;
  }

  function resolveTurn(text: string, turns: readonly Turn[]): Resolution {
    const alone = deps.read(text);
    const { reading } = alone;
    const cues = cuesOf(reading, text);
    if (reading.smalltalk && cues.choice === null) return alone;
    const history = turns.map(earlier);
    const last = history.at(-1);
    const topic = topicOfConversation(history);
    if (!last || topic.length === 0) {
      return needsEarlierTurn(reading, cues, alone.decision) ? clarify(reading) : alone;
    }

    if (cues.choice !== null && last.turn.outcome !== "answer" && last.turn.offered.length > 0) {
      const offered = last.turn.offered;
      // "2 - data center": the words of the one offered title they echo settle which was meant, whatever
      // place it was offered in.
      const echoed = offered.filter((id) => echoesTitle(reading.words, base.byId.get(id)?.title ?? ""));
      const id = echoed.length === 1 ? echoed[0] : cues.choice < 0 ? offered.at(-1) : offered[cues.choice];
      const fact = base.byId.get(id ?? "");
      return fact ? answerWith(reading, fact, "choice") : clarify(reading);
    }
    // "The Southeast Asia one": the one choice offered that the answer names ("what is Taobao" is a question
    // of its own).
    if (
      last.turn.outcome === "suggest" &&
      last.turn.offered.length > 1 &&
      reading.coreEntities.length > 0 &&
      namesOnly(reading) &&
      reading.wants === null
    ) {
      const named = last.turn.offered.filter((id) =>
        reading.coreEntities.every((e) => entries.get(id)?.ownEntities.has(e)),
      );
      const fact = named.length === 1 ? base.byId.get(named[0] as string) : undefined;
      if (fact) return answerWith(reading, fact, "choice");
    }
    const lastFact = history.findLast((t) => t.fact)?.fact;
    if (cues.source && lastFact) return answerWith(reading, lastFact, "source");
    // "As of when?": the date the last answer is as of, which that answer gives.
    if (AS_OF.test(reading.words.join(" ")) && lastFact) {
      // After a figure computed from two facts, the one with a date of its own (not just the edition's).
      const used = (history.findLast((t) => t.fact)?.turn.factIds ?? []).flatMap(
        (id) => base.byId.get(id) ?? [],
      );
      const dated = used.find((f) => f.asOf !== f.edition.date.slice(0, f.asOf.length));
      return answerWith(reading, dated ?? lastFact, "attribute");
    }
    if (cues.more && lastFact) {
      const seen = new Set(history.flatMap((t) => t.turn.factIds));
      const [next, ...also] = nextFact(lastFact, seen);
      return answerWith(reading, next ?? lastFact, "more", also.slice(0, 2));
    }
    if (cues.correction) return corrected(cues.correction, history, topic, alone);
    // "Share?", "ratio?", "difference?" alone: that computation over the figures of the facts the conversation
    // got (two of them: one fact's own figures are no share of each other).
    const operation = BARE_OPERATIONS.get(reading.words.filter((w) => !isFunctionWord(w)).join(" "));
    if (operation && new Set(history.flatMap((t) => t.turn.factIds)).size >= 2) {
      const computing: Reading = {
        ...withContext({ ...reading, terms: [] }, topic, CONTEXT_FACTOR),
        operation,
        wants: operation === "share" ? "percent" : null,
        antecedent: lastFact?.id,
      };
      const decided = decideAbout(computing, history, true);
      if (decided.answer.derivation) return { reading: computing, decision: decided, followUp: "pronoun" };
    }

    // New against what the newest turn was about ("and Tencent?" again after a turn about Baidu).
    const newest = history.findLast((t) => ABOUT_SOMETHING.has(t.turn.outcome) && t.topic.length > 0);
    const added = newSubject(reading, newest?.topic ?? topic);
    const asksAbout = ownAttributes(reading).length > 0 || reading.operation !== null;
    // "And Tencent?", "amazon's?", "jiaxing?": the earlier question about it; "what is Taobao" and "alibaba
    // fintech arm" are questions of their own.
    const fragment =
      cues.continuation ||
      (reading.form === "telegraphic" && added.length === 1 && reading.words.length <= 2);
    if (added.length > 0 && !asksAbout && reading.claim === null && !cues.pronoun && fragment) {
      // Only a new name or year: the earlier question again, about it.
      const full = lastFullQuestion(history);
      if (!full) return alone;
      const replaced = { ...swapped(full.reading, added, reading), antecedent: lastFact?.id };
      const decided = ofTheKindAsked(aboutItsNames(deps.decide(replaced), replaced), replaced, ALL_KINDS);
      return {
        reading: replaced,
        decision: withSubjectFacts(decided, alone.decision),
        followUp: "new-subject",
      };
    }

    const subjectless = ownSubject(reading).length === 0;
    // Something must be asked ("hmm" is not a follow-up), and not about something the tracker does not know.
    const asks =
      ownAttributes(reading).length > 0 ||
      reading.wants !== null ||
      reading.operation !== null ||
      reading.claim !== null;
    // "Also in Germany?" after the regions: a yes/no question that names only a detail the last answer gave
    // (not what it is about: "is Taobao even Alibaba's?" is a question of its own) is checked against it.
    const ownNames = ownSubject(reading);
    const lastEntry = entries.get(lastFact?.id ?? "");
    const namesTheLast =
      reading.form === "yesno" &&
      ownNames.length > 0 &&
      ownAttributes(reading).length === 0 &&
      lastEntry !== undefined &&
      ownNames.every((t) => lastEntry.ownEntities.has(t.term.slice(1)) && !lastEntry.titleTerms.has(t.term));
    const leans =
      cues.anaphora || cues.continuation || isBareQuestion(reading) || (subjectless && asks) || namesTheLast;
    const pointsBack = cues.anaphora || cues.continuation || isBareQuestion(reading) || namesTheLast;
    if (!leans || cues.impersonal || (!pointsBack && aboutSomethingElse(reading, weight))) return alone;
    // A question answered alone stays answered alone when it names its subject, or says enough of its own
    // ("what's the one global account thing"), and does not point back.
    const ownWords = reading.terms.filter((t) => t.core && t.role !== "number").length;
    if (alone.decision.answer.answered && !pointsBack && (!subjectless || ownWords >= 2)) return alone;
    // "Which percent is that?" of a count: the share it is of what the conversation counted before.
    const share =
      reading.wants === "percent" &&
      reading.operation === null &&
      lastFact !== undefined &&
      !lastFact.values.some((v) => v.unit === "percent");
    const merged = {
      ...withContext(reading, topic, CONTEXT_FACTOR),
      antecedent: lastFact?.id,
      ...(share && { operation: "share" as const }),
    };
    const form: FollowUpForm =
      reading.operation === "pick" ? "history" : cues.anaphora ? "pronoun" : "attribute";
    const decided = ofTheKindAsked(
      aboutItsNames(
        byItsOwnWords(
          withinThePlace(
            earlierOrLater(
              notTheSameAgain(
                preferring(
                  settledByTheLastFact(decideAbout(merged, history), merged, lastFact),
                  lastFact,
                  reading,
                ),
                lastFact,
                reading,
              ),
              reading,
              lastFact,
              last,
            ),
            merged,
          ),
          merged,
        ),
        merged,
      ),
      reading,
    );
    if (decided.answer.answered) return { reading: merged, decision: decided, followUp: form };
    if (alone.decision.answer.answered && !cues.anaphora && !isBareQuestion(reading) && !cues.continuation) {
      return alone;
    }
    return { reading: merged, decision: decided, followUp: form };
  }

  /**
   * "Difference in points?", "in relative terms?": an operation with nothing of its own to compute it on is
   * computed on what the conversation has been about, among the facts its turns got.
   */
  function decideAbout(merged: Reading, history: readonly EarlierTurn[], named = false): Decision {
    const bare =
      (named || merged.operation === "difference" || merged.operation === "relative-change") &&
      ownAttributes(merged).length === 0 &&
      ownSubject(merged).length === 0;
    const talked = new Set(history.flatMap((t) => t.turn.factIds));
    if (!bare || talked.size === 0) return deps.decide(merged);
    const others = new Set(base.facts.map((f) => f.id).filter((id) => !talked.has(id)));
    const within = deps.decide(merged, others);
    return within.answer.answered ? within : deps.decide(merged);
  }

  /**
   * "Where is its data center there?" after the Japan launch: a place asked of a place the conversation named
   * is one inside it (Tokyo), from a close fact that gives one, not the list of countries the best match gives.
   */
  function withinThePlace(decided: Decision, reading: Reading): Decision {
    const top = decided.ranked[0];
    if (!decided.answer.answered || reading.wants !== "place" || decided.answer.derivation || !top)
      return decided;
    const places = reading.terms.flatMap((t) =>
      t.fromContext && index.vocabulary.entities.get(t.term.slice(1))?.kind === "place"
        ? [t.term.slice(1)]
        : [],
    );
    const inside = (s: ScoredFact) =>
      [...s.entry.ownEntities].some((e) => {
        const up = index.vocabulary.ancestors.get(e) ?? [];
        return up[0] === e && up.slice(1).some((a) => places.includes(a));
      });
    const fact = decided.answer.fact;
    if (places.length === 0 || decided.ranked.some((s) => s.entry.fact.id === fact?.id && inside(s)))
      return decided;
    const within = decided.ranked.find(
      (s) => inside(s) && s.conflicts.length === 0 && s.score >= KIND_RUNNER_UP * top.score,
    );
    if (!within) return decided;
    return {
      ...decided,
      answer: { ...decided.answer, fact: within.entry.fact, suggestions: fact ? [fact] : [] },
    };
  }

  /**
   * "When did it open?" after SB Cloud: declined because the facts closest to the conversation lack the
   * turn's own words ("open"), it is answered by the close fact that has them all and gives what is asked.
   */
  function byItsOwnWords(decided: Decision, reading: Reading): Decision {
    const top = decided.ranked[0];
    if (decided.answer.answered || decided.rule !== "conflict" || !top) return decided;
    const own = ownAttributes(reading).filter((t) => t.role === "term");
    if (own.length === 0 || reading.claim !== null) return decided;
    const fitting = decided.ranked.find(
      (s) =>
        s.conflicts.length === 0 &&
        s.score >= OWN_WORDS_RUNNER_UP * top.score &&
        own.every((t) => s.entry.weights.has(t.term)) &&
        // Still about what the conversation is about, not only the word ("and for China, when was it launched?").
        reading.terms.some((t) => t.fromContext && s.covered.includes(t.term)) &&
        ownSubject(reading).every((t) => s.covered.includes(t.term)) &&
        (reading.wants === null || kindFits(s.entry.fact.kinds, reading.wants)),
    );
    if (!fitting) return decided;
    return {
      ...decided,
      rule: "answered",
      answer: {
        outcome: "answer",
        answered: true,
        fact: fitting.entry.fact,
        confidence: fitting.score,
        suggestions: [],
      },
    };
  }

  /**
   * "Is it before March?", "so that's over 10%?": a yes/no follow-up checks the fact just given when that
   * fact settles the claim, even if another fact matches the words as well.
   */
  function settledByTheLastFact(
    decided: Decision,
    reading: Reading,
    lastFact: KnownFact | undefined,
  ): Decision {
    const claim = reading.claim;
    // Only a figure or a date is the fact's to check: "is it the biggest shareholder?" asks of another.
    const checkable =
      claim && claim.rank === null && claim.figures.length + claim.dates.length + claim.bounds.length > 0;
    if (!checkable || !lastFact || decided.answer.fact?.id === lastFact.id) return decided;
    // "So more than 200 busted?" after the investigations counts arrests: a figure of what another fact
    // counts is that fact's to check.
    const measures = (id: string | undefined, term: string) =>
      entries.get(id ?? "")?.values.some((v) => v.core.has(term)) ?? false;
    const countsOther = reading.terms.some(
      (t) =>
        t.core &&
        !t.fromContext &&
        t.role === "term" &&
        !measures(lastFact.id, t.term) &&
        measures(decided.answer.fact?.id, t.term),
    );
    if (countsOther) return decided;
    const scored = decided.ranked.find((s) => s.entry.fact.id === lastFact.id);
    if (!scored || scored.conflicts.some((c) => c.kind === "entity")) return decided;
    const verdict = verdictOf(index, reading, scored);
    if (typeof verdict !== "object") return decided;
    return {
      ...decided,
      rule: "verdict",
      answer: {
        outcome: "answer",
        answered: true,
        fact: lastFact,
        confidence: Math.max(decided.answer.confidence, scored.score),
        suggestions: [],
        verdict,
      },
    };
  }

  /**
   * "What did he say?" after the fact about him asks for another fact about him, not the same answer again:
   * unless it asks for something that fact gives (its kind of answer, one of its words), the next fact about
   * the same thing answers.
   */
  function notTheSameAgain(decided: Decision, lastFact: KnownFact | undefined, reading: Reading): Decision {
    const [top, ...rest] = decided.ranked;
    if (!lastFact || !decided.answer.answered || decided.answer.fact?.id !== lastFact.id || !top)
      return decided;
    if (reading.form !== "wh" || decided.answer.derivation) return decided;
    // "Who hosts it?" after "hosted by SB Cloud": the fact about the company the answer named, not the same
    // answer again.
    const named =
      reading.wants === "person" || reading.wants === "organization" ? namedFactOf(lastFact) : undefined;
    if (named) return { ...decided, answer: { ...decided.answer, fact: named, suggestions: [lastFact] } };
    if (ownAttributes(reading).length > 0) return decided;
    if (reading.wants && kindFits(lastFact.kinds, reading.wants)) return decided;
    const next = rest.find(
      (s) =>
        s.conflicts.length === 0 && s.score >= top.score * 0.6 && kindFits(s.entry.fact.kinds, reading.wants),
    );
    if (!next) return decided;
    return { ...decided, answer: { ...decided.answer, fact: next.entry.fact, suggestions: [lastFact] } };
  }

  /** The fact about a company or person an answer names but is not about ("hosted by **SB Cloud**"). */
  function namedFactOf(fact: KnownFact): KnownFact | undefined {
    const named = topicsOf(fact).named.filter((t) => {
      const kind = index.vocabulary.entities.get(t.term.slice(1))?.kind;
      return kind === "company" || kind === "person" || kind === "organization";
    });
    for (const t of named) {
      const own = base.facts.find((f) => f.id !== fact.id && entries.get(f.id)?.titleTerms.has(t.term));
      if (own) return own;
    }
    return undefined;
  }

  /**
   * "When?", "where?", "who?" of a fact that gives no date, place or person: the tracker does not say, and the
   * fact is named as what it does say.
   */
  function ofTheKindAsked(decided: Decision, reading: Reading, kinds = SPECIFIC_KINDS): Decision {
    const fact = decided.answer.fact;
    const wants = reading.wants;
    if (!decided.answer.answered || !fact || decided.answer.derivation || !wants || !kinds.has(wants)) {
      return decided;
    }
    if (kindFits(fact.kinds, wants)) return decided;
    // "When did that open?" of the data center: the close fact about it that gives a date, if one does.
    const top = decided.ranked[0];
    const fitting = decided.ranked.find(
      (s) =>
        s.entry.fact.id !== fact.id &&
        kindFits(s.entry.fact.kinds, wants) &&
        s.conflicts.length === 0 &&
        top !== undefined &&
        s.score >= KIND_RUNNER_UP * top.score,
    );
    if (fitting && kinds === SPECIFIC_KINDS) {
      return { ...decided, answer: { ...decided.answer, fact: fitting.entry.fact, suggestions: [fact] } };
    }
    return declined(decided, [fact], "wrong kind of answer");
  }

  /**
   * "And before that?": an earlier or later figure of the fact talked about. Without one, the tracker does not
   * say, whatever else the words match.
   */
  function earlierOrLater(
    decided: Decision,
    reading: Reading,
    lastFact: KnownFact | undefined,
    last: EarlierTurn | undefined,
  ): Decision {
    if (reading.operation !== "pick" || reading.pick === "current") return decided;
    // "And before that?" right after the earlier value of a fact one edition states: there is none before it.
    const again =
      last?.reading.operation === "pick" &&
      last.reading.pick === reading.pick &&
      reading.pick === "earlier" &&
      lastFact !== undefined &&
      lastFact.history.length === 0 &&
      decided.answer.fact?.id === lastFact.id;
    if (decided.answer.derivation?.operation === "pick" && !again) return decided;
    return declined(decided, lastFact ? [lastFact] : [], "no match");
  }

  function declined(decided: Decision, closest: KnownFact[], rule: Decision["rule"]): Decision {
    const { derivation: _, verdict: __, ...rest } = decided.answer;
    return {
      ...decided,
      rule,
      answer: { ...rest, outcome: "decline", answered: false, fact: null, suggestions: closest },
    };
  }

  /** The earlier question about the new subject, keeping what the follow-up itself asks (its wh-word). */
  function swapped(full: Reading, subject: readonly ReadTerm[], followUp: Reading): Reading {
    const replaced = withSubject(
      full,
      subject,
      (term) => index.vocabulary.entities.get(term.slice(1))?.kind,
      (term) => index.idf.get(term) ?? index.unknownIdf,
    );
    return followUp.wants ? { ...replaced, wants: followUp.wants } : replaced;
  }

  /** A decline about a new subject names what the tracker has about it instead. */
  function withSubjectFacts(decided: Decision, alone: Decision): Decision {
    if (decided.answer.outcome !== "decline") return decided;
    const about = alone.answer.fact ? [alone.answer.fact] : alone.answer.suggestions;
    if (about.length === 0) return decided;
    return { ...decided, answer: { ...decided.answer, suggestions: about.slice(0, 3) } };
  }

  /**
   * Unsure between facts in a follow-up: the one the conversation is about. That is the fact just answered if
   * it gives the kind of answer asked for and the follow-up asks nothing new of its own ("source?", "how
   * many?"); else the one clearly most like it ("when?" after the stake: when the stake rises).
   */
  function preferring(decided: Decision, lastFact: KnownFact | undefined, reading: Reading): Decision {
    if (decided.answer.outcome !== "suggest" || !lastFact) return decided;
    const suggestions = decided.answer.suggestions;
    // ("What did he say?" after the fact about him asks for his words, which that fact does not give.)
    const same =
      ownAttributes(reading).length === 0 &&
      kindFits(lastFact.kinds, reading.wants) &&
      !(STATEMENT_ASKED.test(reading.sentence) && !reportsWords(lastFact.answer)) &&
      suggestions.some((f) => f.id === lastFact.id);
    const fitting = suggestions
      .filter((f) => f.id !== lastFact.id && kindFits(f.kinds, reading.wants))
      .map((f) => ({ f, alike: similarity(lastFact, f) }));
    const [closest, runnerUp] = [...fitting].sort((x, y) => y.alike - x.alike);
    // The best match among facts about as like the last answer: the matching settles it.
    const best = fitting[0];
    const chosen = same
      ? lastFact
      : closest && closest.alike - (runnerUp?.alike ?? 0) >= CLEARLY_ALIKE
        ? closest.f
        : best && closest && closest.alike - best.alike < CLEARLY_ALIKE / 2
          ? best.f
          : undefined;
    if (!chosen) return decided;
    return {
      ...decided,
      rule: "answered",
      answer: {
        ...decided.answer,
        outcome: "answer",
        answered: true,
        fact: chosen,
        suggestions: suggestions.filter((f) => f.id !== chosen.id).slice(0, 2),
      },
    };
  }

  /** "No sorry, cities" after the provinces: another of the same fact's figures is what was meant. */
  function anotherValueOf(fact: KnownFact | undefined, reading: Reading): boolean {
    const entry = fact && entries.get(fact.id);
    if (!entry || entry.values.length < 2) return false;
    const asked = ownAttributes(reading).map((t) => t.term);
    return entry.values.some((v) => asked.some((t) => v.core.has(t)));
  }

  /** "No, I meant …": the corrected turn's subject with what the correction says, never the same answer again. */
  function corrected(
    words: readonly string[],
    history: readonly EarlierTurn[],
    topic: readonly ReadTerm[],
    alone: { reading: Reading; decision: Decision },
  ): Resolution {
    const last = history.at(-1) as EarlierTurn;
    const rest = deps.read(words.join(" "));
    // "No, I meant Alibaba's launch in Japan" after a "when": still a "when".
    const reading = rest.reading.wants ? rest.reading : { ...rest.reading, wants: last.reading.wants };
    const exclude = new Set(
      reading.operation || anotherValueOf(last.fact, reading) ? [] : last.turn.factIds.slice(0, 1),
    );
    const added = newSubject(reading, topic);
    const asksAbout = ownAttributes(reading).length > 0 || reading.operation !== null;
    if (added.length > 0 && asksAbout) {
      // A whole question of its own: "no, I meant Southeast Asia's population".
      return { reading, decision: deps.decide(reading, exclude), followUp: "correction" };
    }
    if (added.length > 0) {
      const full = lastFullQuestion(history);
      const replaced = full ? swapped(full.reading, added, reading) : reading;
      return { reading: replaced, decision: deps.decide(replaced, exclude), followUp: "correction" };
    }
    // What is asked changes; who or what it is about stays: keep the names, drop the old attribute.
    const keep = asksAbout ? topic.filter((t) => t.role === "entity" || t.foreign) : topic;
    const merged = { ...withContext(reading, keep, CONTEXT_FACTOR), antecedent: last.fact?.id };
    const decided = deps.decide(merged, exclude);
    if (!decided.answer.answered && alone.decision.answer.answered && ownSubject(alone.reading).length > 0) {
      return alone;
    }
    return { reading: merged, decision: decided, followUp: "correction" };
  }

  return { resolve };
}
