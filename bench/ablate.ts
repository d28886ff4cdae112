import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DEFAULT_LANGUAGE } from "../src/app/runtime.js";
import {
  ABLATION_NAMES,
  ABLATIONS,
  type Ablation,
  createEngine,
  type Language,
} from "../src/engine/index.js";
import type { FactBase } from "../src/facts/base.js";
import { loadQuestionFile, loadQuestions, type Question } from "./questions.js";
import { accuracy, pct, type Summary, score, summarize, type Tally, withText, wrongRate } from "./score.js";

/**
 * `npm run bench -- --ablate`: the engine with each word list, rule and gate turned off in turn (and each
 * general-English resource withheld), on the dev split and on the independent sets in `bench/sets/`. Each
 * row says what the part adds: the change in answerable, declines, derived and confident-wrong figures when
 * it is gone. A part whose removal costs nothing is a candidate for deletion.
 */

const SETS_DIR = fileURLToPath(
  new URL(import.meta.url.includes("/dist/") ? "../../bench/sets/" : "./sets/", import.meta.url),
);

/** The independent sets: written by helpers who saw only the edition's text. */
export function independentQuestions(dir = SETS_DIR): Question[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()
    .flatMap((f) => loadQuestionFile(`${dir}${f}`));
}

interface Variant {
  name: string;
  what: string;
  ablate?: ReadonlySet<Ablation>;
  language?: Partial<Language>;
}

/** Every part that can be turned off: the engine's own, then the general-English resources it is given. */
function variants(): Variant[] {
  return [
    ...ABLATION_NAMES.map((name) => ({ name, what: ABLATIONS[name], ablate: new Set([name]) })),
    {
      name: "word frequencies",
      what: "how common each English word is (SUBTLEX-US)",
      language: { commonness: () => 0 },
    },
    {
      name: "English word list",
      what: "which words are English (the word list)",
      language: { isEnglishWord: () => false },
    },
  ];
}

function summaryOf(base: FactBase, variant: Variant | null, questions: readonly Question[]): Summary {
  const engine = createEngine(base, {
    language: { ...DEFAULT_LANGUAGE, ...variant?.language },
    ...(variant?.ablate && { ablate: variant.ablate }),
  });
  const answerer = withText(engine);
  return summarize(questions.map((q) => score(q, answerer.ask(q.q))));
}

/** "+2.3" / "−0.4" percentage points, or "·" for no change. */
function delta(after: number, before: number): string {
  const d = (after - before) * 100;
  if (Math.abs(d) < 0.05) return "·";
  return `${d > 0 ? "+" : "−"}${Math.abs(d).toFixed(1)}`;
}

const COLUMNS = ["answerable", "declines", "derived", "wrong"] as const;

function figures(s: Summary): Record<(typeof COLUMNS)[number], number> {
  const g = s.byGroup;
  return {
    answerable: accuracy(g.answerable as Tally),
    declines: accuracy(g.declines as Tally),
    derived: accuracy(g.derived as Tally),
    wrong: wrongRate(s.overall),
  };
}

export function runAblation(base: FactBase): string[] {
  const sets = { dev: loadQuestions("dev"), independent: independentQuestions() };
  const full = Object.fromEntries(
    Object.entries(sets).map(([name, qs]) => [name, figures(summaryOf(base, null, qs))]),
  ) as Record<keyof typeof sets, ReturnType<typeof figures>>;
  const header = `| without | ${Object.keys(sets)
    .flatMap((set) => COLUMNS.map((c) => `${set} ${c}`))
    .join(" | ")} |`;
  const lines = [
    `Ablation: each part turned off in turn; percentage-point change against the full engine (dev ${sets.dev.length} questions, independent ${sets.independent.length}).`,
    "",
    header,
    `|---|${Object.keys(sets)
      .flatMap(() => COLUMNS.map(() => "---:"))
      .join("|")}|`,
    `| (nothing: the full engine) | ${Object.values(full)
      .flatMap((f) => COLUMNS.map((c) => pct(f[c])))
      .join(" | ")} |`,
  ];
  for (const variant of variants()) {
    const cells = Object.entries(sets).flatMap(([name, qs]) => {
      const f = figures(summaryOf(base, variant, qs));
      const before = full[name as keyof typeof sets];
      return COLUMNS.map((c) => delta(f[c], before[c]));
    });
    lines.push(`| ${variant.name} (${variant.what}) | ${cells.join(" | ")} |`);
  }
  lines.push(
    "",
    "A part earns its place when turning it off lowers answerable, declines or derived, or raises wrong.",
  );
  return lines;
}
