import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, parse } from "node:path";
import { silentLogger } from "../app/log.js";
import { type EngineRef, engineRefOf } from "../app/reload.js";
import { ConversationMemory } from "../conversation/memory.js";
import type { Engine } from "../engine/types.js";
import { CHART_FILE } from "../framework/charts.js";
import type { ResolvedCommand } from "../framework/command.js";
import { createPipeline, type Pipeline, type Response } from "../framework/dispatch.js";
import { loadCommands } from "../framework/load-commands.js";
import type { FinalReply, ReplyFile } from "../framework/types.js";
import { replyAsText, typedButtons } from "./render.js";
import { CONSOLE_ACTOR, slashRequest } from "./slash.js";

/** Commands and pipeline per engine: a reload brings a new fact base, and /topics' choices come from it. */
interface Loaded {
  commands: Map<string, ResolvedCommand>;
  pipeline: Pipeline;
}

/**
 * How long an answer waits for its chart here: no interaction deadline applies in a terminal, and the first
 * chart of a session loads the renderer (a second or so), so it waits longer than on Discord.
 */
const CONSOLE_CHART_BUDGET_MS = 5_000;

/** The console's own commands, next to the slash commands every client has. */
export const CONSOLE_COMMANDS = ["/new", "/reload", "/quit"] as const;

/**
 * One console conversation: lines in, text out (Discord markdown), through the same pipeline as Discord.
 * It remembers the last reply's buttons, so `n`/`p` page and `1`–`3` pick an offered fact, and its turns,
 * so a follow-up ("and before that?") reads what came before, as in a DM; `/new` starts over.
 */
export class ConsoleSession {
  readonly #engines: EngineRef;
  readonly #reload: (() => string) | undefined;
  readonly #loaded = new WeakMap<Engine, Promise<Loaded>>();
  #buttons = new Map<string, string>();
  /** One member in one channel: the session's turns, kept across reloads. */
  readonly #turns = new ConversationMemory({ max: 1 });
  readonly #filesDir: string | undefined;
  /** Where this session saves the files replies carry: made on the first one. */
  #savedIn: Promise<string> | undefined;
  #saved = 0;

  /** `filesDir`: where files (charts) are saved; default a new directory under the system's temp directory. */
  constructor(engines: EngineRef, options: { reload?: () => string; filesDir?: string } = {}) {
    this.#engines = engines;
    this.#reload = options.reload;
    this.#filesDir = options.filesDir;
  }

  #load(): Promise<Loaded> {
    const engine = this.#engines.current;
    let loaded = this.#loaded.get(engine);
    if (!loaded) {
      loaded = loadCommands(engine.base).then((commands) => ({
        commands,
        pipeline: createPipeline(
          { commands, engines: this.#engines, conversations: this.#turns },
          { log: silentLogger(), client: "console", charts: { budgetMs: CONSOLE_CHART_BUDGET_MS } },
        ),
      }));
      this.#loaded.set(engine, loaded);
    }
    return loaded;
  }

  /** What to print for a line, or `quit`. Blank lines print nothing. */
  async respond(raw: string): Promise<{ text: string } | { quit: true }> {
    const line = raw.trim();
    if (/^\/(quit|exit)$/i.test(line)) return { quit: true };
    if (!line) return { text: "" };
    if (/^\/reload$/i.test(line)) {
      this.#buttons.clear();
      return { text: this.#reload ? this.#reload() : "Reloading isn't available here." };
    }
    if (/^\/new$/i.test(line)) {
      this.#buttons.clear();
      this.#turns.forget(CONSOLE_ACTOR);
      return { text: "Starting over: I no longer follow up on earlier questions." };
    }
    const { commands, pipeline } = await this.#load();
    const clicked = this.#buttons.get(line.toLowerCase());
    if (clicked)
      return {
        text: await this.#show(
          await pipeline.dispatch({ type: "button", customId: clicked, ...CONSOLE_ACTOR }),
        ),
      };
    if (line.startsWith("/")) {
      const parsed = slashRequest(line, commands, this.#engines.current);
      if ("text" in parsed) return parsed;
      return { text: await this.#show(await pipeline.dispatch(parsed.request)) };
    }
    const request = { type: "command" as const, name: "ask", options: { question: line }, ...CONSOLE_ACTOR };
    return { text: await this.#show(await pipeline.dispatch(request)) };
  }

  /** Commands and topic ids that start like `partial`, for Tab. */
  async completions(partial: string): Promise<string[]> {
    const { commands } = await this.#load();
    const names = [...[...commands.keys()].map((n) => `/${n}`), ...CONSOLE_COMMANDS];
    const match = /^(\/(?:fact|source)\s+)(\S*)$/.exec(partial);
    if (match) {
      const [, head = "", typed = ""] = match;
      const ids = this.#engines.current.base.facts.map((f) => f.id).filter((id) => id.startsWith(typed));
      return ids.map((id) => `${head}${id}`);
    }
    return partial.startsWith("/") ? names.filter((n) => n.startsWith(partial.toLowerCase())) : [];
  }

  async #show(response: Response): Promise<string> {
    if (response.type === "choices") return response.choices.map((c) => c.name).join("\n");
    const reply: FinalReply = response.reply;
    // What `n`, `p` and the numbers mean follows the latest reply only.
    this.#buttons = typedButtons(reply);
    return [replyAsText(reply), ...(await this.#save(reply.files))].join("\n");
  }

  /**
   * A terminal shows no images: each file a reply carries (a chart) is saved, and the line says where
   * ("Chart: /tmp/tracker-bot-…/chart-1.png"). Saving is an extra: if it fails, the line says so instead.
   */
  async #save(files: readonly ReplyFile[]): Promise<string[]> {
    if (files.length === 0) return [];
    try {
      this.#savedIn ??= this.#filesDir
        ? mkdir(this.#filesDir, { recursive: true }).then(() => this.#filesDir ?? ".")
        : mkdtemp(join(tmpdir(), "tracker-bot-"));
      const dir = await this.#savedIn;
      const lines: string[] = [];
      for (const file of files) {
        const { name, ext } = parse(file.name);
        const path = join(dir, `${name}-${++this.#saved}${ext}`);
        await writeFile(path, file.data);
        lines.push(`${file.name === CHART_FILE ? "Chart" : "File"}: ${path}`);
      }
      return lines;
    } catch (error) {
      return [`(the chart could not be saved: ${(error as Error).message})`];
    }
  }
}

/** One slash line answered as the console would, as text (tests and scripts). */
export async function runSlashLine(line: string, engine: Engine | EngineRef): Promise<string> {
  const result = await new ConsoleSession(engineRefOf(engine)).respond(line);
  return "text" in result ? result.text : "";
}
