import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chartSeriesOf, renderChartPng } from "../src/charts/index.js";
import { buildFactBase, type KnownFact } from "../src/facts/base.js";
import { loadFactBase } from "../src/facts/load.js";
import { BLUE, decodePng as decode, RED } from "./fixtures/png.js";

const REAL = "data/2017-01-alibaba-tracker.json";
const FIXTURE = "tests/fixtures/editions/2017-06-fixture.json";
const twoEditions = buildFactBase([
  { file: REAL, raw: readFileSync(REAL, "utf8") },
  { file: FIXTURE, raw: readFileSync(FIXTURE, "utf8") },
]);
const shipped = loadFactBase();

function fact(base: { byId: ReadonlyMap<string, KnownFact> }, id: string): KnownFact {
  const found = base.byId.get(id);
  if (!found) throw new Error(`no fact ${id}`);
  return found;
}

describe("the chart series of a fact", () => {
  it("a figure across two editions: the region count 13 → 14 → 17, oldest first", () => {
    const series = chartSeriesOf(fact(twoEditions, "alibaba-cloud-regions"));
    expect(series?.unit).toBe("regions");
    expect(series?.axisLabel).toBe("regions");
    expect(series?.points.map((p) => [p.date, p.label, p.value, p.edition])).toEqual([
      ["2016-11", "Nov 2016", 13, "2017-01"],
      ["2016-12", "Dec 2016", 14, "2017-01"],
      ["2017-06", "Jun 2017", 17, "2017-06-fixture"],
    ]);
    expect(series?.newestEdition).toEqual({ id: "2017-06-fixture", dateText: "June 2017" });
  });

  it("before and after within one edition: the SingPost stake 10.23% → 14.4%", () => {
    const series = chartSeriesOf(fact(shipped, "singpost-stake"));
    expect(series?.unit).toBe("percent");
    expect(series?.points.map((p) => [p.label, p.valueText])).toEqual([
      ["Jan 2017", "10.23%"],
      ["Feb 2017", "14.4%"],
    ]);
  });

  it("null when there is no figure over time", () => {
    expect(chartSeriesOf(fact(shipped, "taobao"))).toBeNull(); // no figure at all
    expect(chartSeriesOf(fact(shipped, "sea-population"))).toBeNull(); // one value, one date
    expect(chartSeriesOf(fact(shipped, "five-year-plan-smart-cities"))).toBeNull(); // its figures are years
    expect(chartSeriesOf(fact(shipped, "ant-financial-cities"))).toBeNull(); // 352 cities and 25 provinces: two units
  });

  it("values of one unit only: a value in another unit does not join the line", () => {
    const stake = fact(shipped, "singpost-stake");
    const mixed: KnownFact = {
      ...stake,
      values: [
        ...stake.values,
        { key: "shares", measures: "shares held", number: 300_000_000, unit: "count", asOf: "2016" },
      ],
    };
    expect(chartSeriesOf(mixed)?.points.map((p) => p.value)).toEqual([10.23, 14.4]);
  });
});

describe("the chart as a PNG", () => {
  it("draws the figure across editions: 600×300, a title, axes and the line, not blank", async () => {
    const series = chartSeriesOf(fact(twoEditions, "alibaba-cloud-regions"));
    if (!series) throw new Error("no series");
    const image = decode(await renderChartPng(series));
    expect([image.width, image.height]).toEqual([600, 300]);
    expect(image.corner).toEqual([255, 255, 255]);
    expect(image.colours).toBeGreaterThan(20); // antialiased text and lines, not a flat fill
    expect(image.inked(60, 60, 580, 250)).toBeGreaterThan(1500); // the plot area holds the line and points
    expect(image.inked(150, 0, 450, 28)).toBeGreaterThan(200); // the title's letters
    expect(image.near(BLUE)).toBeGreaterThan(300);
    expect(image.near(RED)).toBeGreaterThan(30); // the newest edition's point
  });

  it("draws before and after within an edition, at the size asked for", async () => {
    const series = chartSeriesOf(fact(shipped, "singpost-stake"));
    if (!series) throw new Error("no series");
    const image = decode(await renderChartPng(series, { width: 400, height: 200 }));
    expect([image.width, image.height]).toEqual([400, 200]);
    expect(image.colours).toBeGreaterThan(20);
    expect(image.inked(50, 50, 390, 170)).toBeGreaterThan(800);
  });

  it("refuses a size outside what Discord shows well", async () => {
    const series = chartSeriesOf(fact(shipped, "singpost-stake"));
    if (!series) throw new Error("no series");
    await expect(renderChartPng(series, { width: 10_000 })).rejects.toThrow();
  });

  it("uses the font shipped on npm, not one of the machine's", async () => {
    const { FONT_FILES, FONT_FAMILY } = await import("../src/charts/render.js");
    const { GlobalFonts } = await import("@napi-rs/canvas");
    for (const file of FONT_FILES)
      expect(file).toMatch(/node_modules\/@fontsource\/inter\/files\/.+\.woff2$/);
    expect(GlobalFonts.has(FONT_FAMILY)).toBe(true);
  });
});

describe("the renderer is loaded lazily", () => {
  it("importing the charts module loads no canvas; drawing a chart does", () => {
    // A fresh process: the Skia binary shows in the report's shared objects only once it is loaded.
    const script = `
      const loaded = () => process.report.getReport().sharedObjects.some((s) => /skia|canvas/.test(s));
      const charts = await import("./dist/src/charts/index.js");
      const { loadFactBase } = await import("./dist/src/facts/load.js");
      const before = loaded();
      await charts.renderChartPng(charts.chartSeriesOf(loadFactBase().byId.get("singpost-stake")));
      console.log(JSON.stringify({ before, after: loaded() }));`;
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({ before: false, after: true });
  });
});
