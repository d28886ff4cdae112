import type { Engine } from "../engine/types.js";
import { FactBaseError, type FactProblem, formatProblem } from "../facts/base.js";
import type { Logger } from "./log.js";
import { createDefaultEngine } from "./runtime.js";

/**
 * The engine in service, swappable at run time. Every front end (slash commands, buttons, autocomplete,
 * free text, the console, an HTTP endpoint) reads `current` once per request, so a reload takes effect
 * on the next request and a request in progress finishes on the engine it started with.
 */
export interface EngineRef {
  readonly current: Engine;
}

export class EngineHolder implements EngineRef {
  #engine: Engine;
  #generation = 0;

  constructor(engine: Engine) {
    this.#engine = engine;
  }

  get current(): Engine {
    return this.#engine;
  }

  /** Increases with every swap (1 after the first reload). */
  get generation(): number {
    return this.#generation;
  }

  /** Puts `next` in service; returns the one it replaces. */
  swap(next: Engine): Engine {
    const previous = this.#engine;
    this.#engine = next;
    this.#generation += 1;
    return previous;
  }
}

export function engineRefOf(engine: Engine | EngineRef): EngineRef {
  return "current" in engine ? engine : new EngineHolder(engine);
}

export type ReloadResult =
  | { ok: true; facts: number; editions: number; previousFacts: number; ms: number }
  | {
      ok: false;
      /** Where the fact base is wrong (file, fact id, field), when it is a fact-base problem. */
      problems: FactProblem[];
      /** One line per problem, or the error's message. */
      message: string;
      /** Facts still in service. */
      facts: number;
    };

/** A reload, as admins, SIGHUP and the console trigger it. */
export type Reloader = (trigger: string) => ReloadResult;

/**
 * Builds a new engine from `load()` (by default `data/` or DATA_DIR) and only then swaps it in. The new fact
 * base is fully validated before the swap, and nothing awaits in between, so no request ever sees a half
 * loaded base; on any error the engine in service stays.
 */
export function reloadEngine(
  holder: EngineHolder,
  load: () => Engine = () => createDefaultEngine(),
): ReloadResult {
  const started = performance.now();
  let next: Engine;
  try {
    next = load();
  } catch (error) {
    const problems = error instanceof FactBaseError ? error.problems : [];
    const message =
      problems.length > 0
        ? problems.map(formatProblem).join("\n")
        : error instanceof Error
          ? error.message
          : String(error);
    return { ok: false, problems, message, facts: holder.current.base.facts.length };
  }
  const previous = holder.swap(next);
  return {
    ok: true,
    facts: next.base.facts.length,
    editions: next.base.editions.length,
    previousFacts: previous.base.facts.length,
    ms: Math.round(performance.now() - started),
  };
}

/** `reloadEngine` with its outcome logged: info when swapped, error (with every problem) when refused. */
export function createReloader(
  holder: EngineHolder,
  options: { log?: Logger; load?: () => Engine } = {},
): Reloader {
  return (trigger) => {
    const result = reloadEngine(holder, options.load);
    if (result.ok) {
      options.log?.info(
        {
          trigger,
          facts: result.facts,
          editions: result.editions,
          previousFacts: result.previousFacts,
          ms: result.ms,
        },
        "fact base reloaded",
      );
    } else {
      options.log?.error(
        { trigger, problems: result.problems, error: result.message, factsInService: result.facts },
        "fact base reload failed; the previous fact base stays in service",
      );
    }
    return result;
  };
}
