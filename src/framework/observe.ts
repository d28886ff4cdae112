import type { Engine, EngineAnswer } from "../engine/types.js";

/** What one request asked the engine and what it decided, for the answer log line. */
export interface Observation {
  /** An engine outcome, or "fact" when a fact was looked up by id (a picked topic, a button). */
  outcome: EngineAnswer["outcome"] | "fact";
  factId: string | null;
  confidence: number;
  /** The question as asked: logged at debug level only. */
  question: string;
}

/**
 * The engine of one request, recording its last answer or fact lookup, so the front end can log what was
 * answered (fact id, outcome, confidence) without the command handlers knowing about logs.
 */
export function observedEngine(engine: Engine): { engine: Engine; last(): Observation | undefined } {
  let last: Observation | undefined;
  const ask: Engine["ask"] = (question, context) => {
    const answer = engine.ask(question, context);
    last = {
      outcome: answer.outcome,
      factId: answer.fact?.id ?? null,
      confidence: Number(answer.confidence.toFixed(3)),
      question,
    };
    return answer;
  };
  const fact: Engine["fact"] = (id) => {
    const found = engine.fact(id);
    if (found) last = { outcome: "fact", factId: found.id, confidence: 1, question: id };
    return found;
  };
  // A proxy rather than a copy, so whatever else an Engine offers keeps working unchanged.
  const observed = new Proxy(engine, {
    get(target, property) {
      if (property === "ask") return ask;
      if (property === "fact") return fact;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { engine: observed, last: () => last };
}
