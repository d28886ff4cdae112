import { z } from "zod";
import type { Logger } from "../app/log.js";
import { type ChartSeries, chartSeriesOf, renderChartPng, warmChartRenderer } from "../charts/index.js";
import type { KnownFact } from "../facts/base.js";
import { settledWithin } from "./settle.js";
import type { Reply, ReplyFile } from "./types.js";

/**
 * Charts on replies: a handler asks for one (`Reply.chartOf`), the pipeline draws it here and attaches the
 * PNG, within a time budget. A chart is an extra: when it is slow or fails, the answer goes out without it
 * and the log says why (warn).
 */

/** The chart's name on the message; the first embed shows it as its image. */
export const CHART_FILE = "chart.png";

/** How long an answer waits for its chart: well within the 2 s after which an interaction is deferred. */
export const CHART_BUDGET_MS = 1_500;

/** Draws a series as PNG bytes (the real one loads chart.js and Skia on first use). */
export type ChartRenderer = (series: ChartSeries) => Promise<Uint8Array>;

export interface ChartOptions {
  render?: ChartRenderer;
  budgetMs?: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Discord's smallest upload limit (8 MiB); a chart is some 20 kB, so anything near it is a broken render. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** What a renderer returns, checked before it is sent: a PNG, of a size Discord takes. */
const PngSchema = z
  .instanceof(Uint8Array)
  .refine((bytes) => PNG_SIGNATURE.every((byte, i) => bytes[i] === byte), "not a PNG")
  .refine((bytes) => bytes.length <= MAX_FILE_BYTES, "larger than Discord takes");

/** The reply with the file attached and shown as its first embed's image (a reply without embeds just carries it). */
export function withImage(reply: Reply, file: ReplyFile): Reply {
  const [first, ...others] = reply.embeds ?? [];
  return {
    ...reply,
    files: [...(reply.files ?? []), file],
    ...(first && { embeds: [{ ...first, image: { url: `attachment://${file.name}` } }, ...others] }),
  };
}

/** Loads the renderer in the background (a server at start-up), so the first chart is as quick as the next. */
export function warmCharts(log: Logger): void {
  warmChartRenderer().catch((error: unknown) =>
    log.warn({ err: error }, "the chart renderer did not load: answers go out without charts"),
  );
}

/**
 * The pipeline's chart step: a reply that asks for a chart comes back with it attached, or without it (and
 * without the request) when the fact has no figure over time, the drawing fails, or it is not ready in time.
 */
export function chartDrawer(
  log: Logger,
  options: ChartOptions = {},
): (reply: Reply, where: Record<string, unknown>) => Promise<Reply> {
  const render = options.render ?? renderChartPng;
  const budgetMs = options.budgetMs ?? CHART_BUDGET_MS;
  // A loaded fact base never changes (a reload brings new fact objects), so each fact is drawn once; a failed
  // drawing is forgotten, so the next request tries again.
  const drawn = new WeakMap<KnownFact, Promise<Uint8Array | null>>();
  const draw = async (fact: KnownFact): Promise<Uint8Array | null> => {
    const series = chartSeriesOf(fact);
    return series ? PngSchema.parse(await render(series)) : null;
  };
  const pngOf = (fact: KnownFact): Promise<Uint8Array | null> => {
    let png = drawn.get(fact);
    if (!png) {
      png = draw(fact);
      drawn.set(fact, png);
      png.catch(() => drawn.delete(fact));
    }
    return png;
  };

  return async (reply, where) => {
    const { chartOf: fact, ...rest } = reply;
    if (!fact) return reply;
    try {
      const drawing = await settledWithin(pngOf(fact), budgetMs);
      if (!drawing.ready) {
        // It goes on drawing: the next answer about this fact gets it.
        log.warn({ ...where, factId: fact.id, budgetMs }, "chart not ready in time: answered without it");
        return rest;
      }
      return drawing.value ? withImage(rest, { name: CHART_FILE, data: drawing.value }) : rest;
    } catch (error) {
      log.warn({ err: error, ...where, factId: fact.id }, "chart failed: answered without it");
      return rest;
    }
  };
}
