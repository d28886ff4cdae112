import type { Engine, EngineAnswer } from "./engine/types.js";
import type { Logger } from "./log.js";
import type { EngineRef, Reloader } from "./reload.js";
import type { CommandContext } from "./reply/command.js";
import type { CommandSummary } from "./reply/render.js";

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
  const ask = (question: string): EngineAnswer => {
    const answer = engine.ask(question);
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

/**
 * One line per answered or declined question: fact id, outcome, confidence, latency since `started`. The
 * question's text is logged at debug level only, with `questionFields` (default: `fields`).
 */
export function logAnswer(
  log: Logger,
  fields: Record<string, unknown>,
  observation: Observation | undefined,
  started: number,
  questionFields: Record<string, unknown> = fields,
): void {
  const latencyMs = Math.round(performance.now() - started);
  if (!observation) {
    log.info({ ...fields, latencyMs }, "answered");
    return;
  }
  const { question, ...seen } = observation;
  log.info({ ...fields, ...seen, latencyMs }, seen.outcome === "decline" ? "declined" : "answered");
  log.debug({ ...questionFields, question }, "question text");
}

/** What a front end answering interactions (the gateway bot, the HTTP endpoint) holds. */
export interface InteractionFrontEnd {
  engines: EngineRef;
  summaries: readonly CommandSummary[];
  reload?: Reloader;
  log: Logger;
}

/**
 * An interaction from its arrival: the command context on the engine in service now (the request finishes on
 * it even if a reload swaps it meanwhile), and its answer's log line, timed from now.
 */
export function observeInteraction(frontEnd: InteractionFrontEnd): {
  context: CommandContext;
  logAnswer(fields: Record<string, unknown>, questionFields?: Record<string, unknown>): void;
} {
  const started = performance.now();
  const observed = observedEngine(frontEnd.engines.current);
  return {
    context: {
      engine: observed.engine,
      commands: frontEnd.summaries,
      ...(frontEnd.reload && { reload: frontEnd.reload }),
    },
    logAnswer: (fields, questionFields) =>
      logAnswer(frontEnd.log, fields, observed.last(), started, questionFields),
  };
}
