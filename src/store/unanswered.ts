import { memoPer } from "../engine/memo.js";
import type { Engine, EngineAnswer } from "../engine/types.js";
import type { SettingsDefaults } from "./settings.js";
import { BUILT_IN_DEFAULTS, effectiveSettings } from "./settings.js";
import type { GuildStore, UnansweredQuestion, UnansweredScope } from "./types.js";

/** Outcomes that count as "the tracker could not answer": a decline, or only a "did you mean". */
export function isUnanswered(answer: Pick<EngineAnswer, "outcome">): boolean {
  return answer.outcome === "decline" || answer.outcome === "suggest";
}

/**
 * Records `question` when the engine could not answer it and the server allows recording (DMs follow the
 * default). Never throws: a failed write must not cost the asker their answer.
 */
export async function noteUnanswered(
  deps: { store?: GuildStore | undefined; settingsDefaults?: SettingsDefaults | undefined },
  guildId: string | null,
  question: string,
  answer: Pick<EngineAnswer, "outcome">,
  log: { error(message: string): void } = console,
): Promise<void> {
  const { store } = deps;
  if (!store || !isUnanswered(answer)) return;
  const defaults = deps.settingsDefaults ?? BUILT_IN_DEFAULTS;
  try {
    const record = guildId
      ? effectiveSettings(await store.getSettings(guildId), defaults).recordUnanswered
      : defaults.recordUnanswered;
    if (record) await store.recordUnanswered(guildId, question);
  } catch (error) {
    log.error(`[store] recording an unanswered question failed: ${(error as Error)?.message ?? error}`);
  }
}

/** Per engine (a reloaded fact base is a new engine): whether it now answers a recorded question. */
export const engineAnswers: (engine: Engine, question: string) => boolean = memoPer(
  20_000,
  (engine: Engine, question: string) => engine.ask(question).outcome === "answer",
);

/** The recorded questions of `scope`, most asked first, without the ones the current fact base answers. */
export async function openQuestions(
  store: GuildStore,
  engine: Engine,
  scope: UnansweredScope,
  options: { includeAnswered?: boolean } = {},
): Promise<UnansweredQuestion[]> {
  const rows = await store.listUnanswered(scope);
  return options.includeAnswered ? rows : rows.filter((row) => !engineAnswers(engine, row.question));
}

const CSV_COLUMNS = ["guild_id", "question", "count", "first_seen", "last_seen"] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, quotes doubled. Text that a
 * spreadsheet would run as a formula (= + - @ at the start) gets a leading apostrophe.
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header row, then one row per question; CRLF line ends as RFC 4180 has them. DMs' guild_id is "dm". */
export function toCsv(rows: readonly UnansweredQuestion[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const row of rows) {
    lines.push(
      [
        row.guildId ?? "dm",
        row.question,
        row.count,
        new Date(row.firstSeen).toISOString(),
        new Date(row.lastSeen).toISOString(),
      ]
        .map(csvField)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** A plain-text table for a terminal. */
export function toTable(rows: readonly UnansweredQuestion[]): string {
  if (rows.length === 0) return "No unanswered questions recorded.\n";
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const header = ["Asked", "Last asked", "Server", "Question"];
  const body = rows.map((r) => [String(r.count), day(r.lastSeen), r.guildId ?? "dm", r.question]);
  const widths = header
    .slice(0, 3)
    .map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell))
      .join("  ")
      .trimEnd();
  return `${[line(header), ...body.map(line)].join("\n")}\n`;
}
