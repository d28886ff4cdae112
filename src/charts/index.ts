import type { ChartSeries } from "./series.js";

/**
 * Charts of a figure over time. The series is pure and cheap; the renderer (chart.js on a Skia canvas, a
 * native binary and a font) is imported only when a chart is drawn, so nothing on the question path loads it.
 */
export { type ChartPoint, type ChartSeries, ChartSeriesSchema, chartSeriesOf } from "./series.js";

/** The chart as a PNG (600×300 unless told otherwise). */
export async function renderChartPng(
  series: ChartSeries,
  size?: { width?: number; height?: number },
): Promise<Buffer> {
  const { renderChart } = await import("./render.js");
  return renderChart(series, size);
}

/**
 * Loads the renderer ahead of the first chart (a bot at start-up): loading chart.js, Skia and the font takes
 * longer than an answer should wait, drawing then takes some 80 ms.
 */
export async function warmChartRenderer(): Promise<void> {
  await import("./render.js");
}
