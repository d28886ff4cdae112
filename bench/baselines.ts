import Fuse from "fuse.js";
import MiniSearch from "minisearch";
import type { FactBase, KnownFact } from "../src/facts/base.js";
import type { Question } from "./questions.js";
import { type AnswerLike, score } from "./score.js";

/**
 * Two baselines the engine is measured against. Both answer with the fact's `answer` text, so a derived
 * question is right only when that text happens to contain the figure.
 */

export interface Answerer {
  ask(question: string): AnswerLike;
}

const answerWith = (fact: KnownFact): AnswerLike => ({
  answered: true,
  outcome: "answer",
  fact,
  text: fact.answer,
});
const DECLINE: AnswerLike = { answered: false, outcome: "decline", fact: null, text: "" };

/** The obvious version: fuse.js with default options over each fact's phrasings; answers its top hit. */
export function fuseBaseline(base: FactBase): Answerer {
  const fuse = new Fuse(base.facts, { keys: ["phrasings"] });
  return {
    ask(question) {
      const top = fuse.search(question, { limit: 1 })[0];
      return top ? answerWith(top.item) : DECLINE;
    },
  };
}

/** Lower-case runs of letters and digits; no stemming, no stop words. */
export const simpleTokenize = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);

export interface Bm25Baseline {
  /** The top hit and its BM25 score, before any cut-off. */
  top(question: string): { fact: KnownFact; score: number } | undefined;
  /** Answers the top hit when its score reaches `cutoff`, declines otherwise. */
  answerer(cutoff: number): Answerer;
}

/** BM25 full-text search (MiniSearch) over title, phrasings, keywords and answer. */
export function bm25Baseline(base: FactBase): Bm25Baseline {
  const index = new MiniSearch<KnownFact>({
    idField: "id",
    fields: ["title", "phrasings", "keywords", "answer"],
    tokenize: simpleTokenize,
    extractField: (doc, field) => {
      const value = (doc as unknown as Record<string, unknown>)[field];
      return Array.isArray(value) ? value.join(" ") : String(value ?? "");
    },
    searchOptions: { tokenize: simpleTokenize },
  });
  index.addAll(base.facts);
  const top = (question: string): { fact: KnownFact; score: number } | undefined => {
    const hit = index.search(question)[0];
    const fact = hit ? base.byId.get(String(hit.id)) : undefined;
    return hit && fact ? { fact, score: hit.score } : undefined;
  };
  return {
    top,
    answerer: (cutoff) => ({
      ask(question) {
        const hit = top(question);
        return hit && hit.score >= cutoff ? answerWith(hit.fact) : DECLINE;
      },
    }),
  };
}

/**
 * The score cut-off that maximises overall accuracy (right answers plus right declines) on `questions`;
 * ties go to fewer confident wrong answers, then to the lower cut-off.
 */
export function tuneCutoff(
  bm25: Bm25Baseline,
  questions: Question[],
): { cutoff: number; right: number; n: number } {
  const tops = questions.map((question) => ({ question, hit: bm25.top(question.q) }));
  const candidates = [...new Set([0, ...tops.map((t) => t.hit?.score ?? 0), Number.POSITIVE_INFINITY])].sort(
    (a, b) => a - b,
  );
  let best = { cutoff: 0, right: -1, wrong: Number.POSITIVE_INFINITY };
  for (const cutoff of candidates) {
    let right = 0;
    let wrong = 0;
    for (const { question, hit } of tops) {
      const answer = hit && hit.score >= cutoff ? answerWith(hit.fact) : DECLINE;
      const { verdict } = score(question, answer);
      if (verdict === "right") right++;
      else if (verdict === "wrong") wrong++;
    }
    if (right > best.right || (right === best.right && wrong < best.wrong)) best = { cutoff, right, wrong };
  }
  return { cutoff: best.cutoff, right: best.right, n: questions.length };
}
