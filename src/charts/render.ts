import { createRequire } from "node:module";
import { createCanvas, GlobalFonts } from "@napi-rs/canvas";
import {
  Chart,
  type ChartConfiguration,
  LinearScale,
  LineController,
  LineElement,
  type Plugin,
  PointElement,
  SubTitle,
  Title,
} from "chart.js";
import { z } from "zod";
import { timeOf } from "../facts/history.js";
import { type ChartSeries, ChartSeriesSchema } from "./series.js";

/**
 * Draws a chart series as a small PNG with chart.js on @napi-rs/canvas (Skia, shipped as a prebuilt binary
 * inside its npm package). Loaded only when a chart is asked for: `src/charts/index.ts` imports it lazily.
 */

Chart.register(LineController, LineElement, PointElement, LinearScale, Title, SubTitle);

export const FONT_FAMILY = "Inter";

/**
 * The font comes from npm (@fontsource/inter), never from the system: a fresh machine has no fonts, and
 * Skia would then draw the chart without a word on it.
 */
const require = createRequire(import.meta.url);
export const FONT_FILES = ["400", "600"].map((weight) =>
  require.resolve(`@fontsource/inter/files/inter-latin-${weight}-normal.woff2`),
);
for (const file of FONT_FILES) {
  if (!GlobalFonts.registerFromPath(file, FONT_FAMILY)) throw new Error(`cannot load the chart font ${file}`);
}
Chart.defaults.font.family = FONT_FAMILY;

export const SizeSchema = z.object({
  width: z.number().int().min(200).max(2000).default(600),
  height: z.number().int().min(120).max(1200).default(300),
});

const INK = "#1f2937";
const LINE = "#2563eb";
const NEWEST = "#dc2626";
const GRID = "#e5e7eb";
const BACKGROUND = "#ffffff";

/** A white background: the PNG is read in dark and light Discord themes alike. */
const background: Plugin<"line"> = {
  id: "background",
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** Each point's value written above it ("14.4%"), so the figure reads without the axis. */
function valueLabels(series: ChartSeries): Plugin<"line"> {
  return {
    id: "valueLabels",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const meta = chart.getDatasetMeta(0);
      ctx.save();
      ctx.font = `600 12px ${FONT_FAMILY}`;
      ctx.fillStyle = INK;
      ctx.textAlign = "center";
      ctx.textBaseline = "bottom";
      meta.data.forEach((element, i) => {
        const text = series.points[i]?.valueText;
        if (text) ctx.fillText(text, element.x, element.y - 8);
      });
      ctx.restore();
    },
  };
}

function configOf(series: ChartSeries): ChartConfiguration<"line", { x: number; y: number }[]> {
  const times = series.points.map((p) => timeOf(p.date));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const pad = (last - first) * 0.08;
  const newest = series.newestEdition.id;
  const labelAt = new Map(series.points.map((p) => [timeOf(p.date), p.label]));
  return {
    type: "line",
    data: {
      datasets: [
        {
          data: series.points.map((p) => ({ x: timeOf(p.date), y: p.value })),
          borderColor: LINE,
          borderWidth: 3,
          pointRadius: 5,
          // The newest edition's points stand out from the history.
          pointBackgroundColor: series.points.map((p) => (p.edition === newest ? NEWEST : LINE)),
          pointBorderColor: series.points.map((p) => (p.edition === newest ? NEWEST : LINE)),
        },
      ],
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      layout: { padding: { top: 4, right: 24, bottom: 4, left: 8 } },
      plugins: {
        title: { display: true, text: series.title, color: INK, font: { size: 15, weight: 600 } },
        subtitle: {
          display: true,
          text: `red: as stated in the newest edition (${series.newestEdition.dateText})`,
          color: NEWEST,
          padding: { bottom: 8 },
        },
        legend: { display: false },
        tooltip: { enabled: false },
      },
      scales: {
        x: {
          type: "linear",
          min: first - pad,
          max: last + pad,
          // A time axis without a date adapter: ticks exactly at the points, labelled with their dates.
          afterBuildTicks: (axis) => {
            axis.ticks = times.map((value) => ({ value }));
          },
          ticks: {
            color: INK,
            callback: (value) => labelAt.get(Number(value)) ?? "",
            maxRotation: 0,
            autoSkip: false,
          },
          grid: { color: GRID },
          title: { display: true, text: "as of (date)", color: INK },
        },
        y: {
          grace: "25%",
          ticks: { color: INK, maxTicksLimit: 6 },
          grid: { color: GRID },
          title: { display: true, text: series.axisLabel, color: INK },
        },
      },
    },
    plugins: [background, valueLabels(series)],
  };
}

/** The chart as a PNG, 600×300 unless told otherwise. */
export async function renderChart(
  input: ChartSeries,
  size: Partial<z.input<typeof SizeSchema>> = {},
): Promise<Buffer> {
  const series = ChartSeriesSchema.parse(input);
  const { width, height } = SizeSchema.parse(size);
  const canvas = createCanvas(width, height);
  const context = canvas.getContext("2d");
  // chart.js draws on any 2D context; @napi-rs/canvas's is close enough to the browser's for the line chart.
  const chart = new Chart(context as unknown as ConstructorParameters<typeof Chart>[0], configOf(series));
  try {
    return await canvas.encode("png");
  } finally {
    chart.destroy();
  }
}
