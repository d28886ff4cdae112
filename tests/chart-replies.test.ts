import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger } from "../src/app/log.js";
import { engineRefOf } from "../src/app/reload.js";
import { createDefaultEngine } from "../src/app/runtime.js";
import type { ChartSeries } from "../src/charts/index.js";
import { ConsoleSession } from "../src/console/session.js";
import { toInteractionReply } from "../src/discord/adapter.js";
import type { Engine } from "../src/engine/types.js";
import { CHART_FILE, type ChartOptions } from "../src/framework/charts.js";
import type { ResolvedCommand } from "../src/framework/command.js";
import { createPipeline } from "../src/framework/dispatch.js";
import { finaliseReply } from "../src/framework/finalise.js";
import { loadCommands } from "../src/framework/load-commands.js";
import type { FinalReply } from "../src/framework/types.js";
import { answerInteraction, type InteractionServices } from "../src/http/interactions.js";
import { DM_ACTOR } from "./fixtures/pipeline.js";
import { decodePng, expectChartDrawn } from "./fixtures/png.js";
import { twoEditions } from "./fixtures/two-editions.js";

/** Charts on /fact and /source replies: drawn by the pipeline, carried by every transport, never in the way. */

const engine: Engine = createDefaultEngine(twoEditions);
const commands: Map<string, ResolvedCommand> = await loadCommands(engine.base);
const scratch = mkdtempSync(join(tmpdir(), "chart-replies-"));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A pipeline over both editions with its own log; `charts` replaces the renderer or the budget. */
function harness(charts?: ChartOptions) {
  const logs = memoryLogger();
  const pipeline = createPipeline(
    { commands, engines: engineRefOf(engine) },
    { log: logs.logger, client: "discord", ...(charts && { charts }) },
  );
  const run = async (name: string, topic: string): Promise<FinalReply> => {
    const response = await pipeline.dispatch({ type: "command", name, options: { topic }, ...DM_ACTOR });
    if (response.type === "choices") throw new Error("choices");
    return response.reply;
  };
  const click = async (customId: string): Promise<FinalReply> => {
    const response = await pipeline.dispatch({ type: "button", customId, ...DM_ACTOR });
    if (response.type === "choices") throw new Error("choices");
    return response.reply;
  };
  const warnings = () => logs.entries().filter((e) => e.level === 40);
  return { run, click, warnings };
}

/** A renderer that counts its calls and answers as told. */
function fakeRenderer(answer: (series: ChartSeries) => Promise<Uint8Array>) {
  const drawn: string[] = [];
  return {
    drawn,
    render: (series: ChartSeries) => {
      drawn.push(series.factId);
      return answer(series);
    },
  };
}

const A_PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

describe("/fact and /source attach the chart of a figure over time", () => {
  // The real renderer, given time: a busy test machine may take longer than an answer waits.
  const real = harness({ budgetMs: 15_000 });

  it("/fact of a fact with history: a 600×300 PNG, shown as the embed's image", async () => {
    const reply = await real.run("fact", "singpost-stake");
    expect(reply.files.map((f) => f.name)).toEqual([CHART_FILE]);
    expect(reply.embeds[0]?.image).toEqual({ url: `attachment://${CHART_FILE}` });
    expect(reply.embeds[0]?.description).toContain("**14.8%**");
    expectChartDrawn(reply.files[0]?.data ?? new Uint8Array());
  });

  it("/source and the Source and Did-you-mean buttons attach it too", async () => {
    for (const reply of [
      await real.run("source", "alibaba-cloud-regions"),
      await real.click("source:singpost-stake"),
      await real.click("fact:singpost-stake"),
    ]) {
      expect(reply.files.map((f) => f.name)).toEqual([CHART_FILE]);
      expect(decodePng(reply.files[0]?.data ?? new Uint8Array()).width).toBe(600);
    }
  });

  it("no chart for a fact without a figure over time (no figure, or one value at one date)", async () => {
    for (const topic of ["taobao", "sea-population", "alibaba-cloud-malaysia-launch"]) {
      const reply = await real.run("fact", topic);
      expect(reply.files).toEqual([]);
      expect(reply.embeds[0]?.image).toBeUndefined();
      expect(reply.embeds[0]?.title).toBe(engine.fact(topic)?.title);
    }
    expect(real.warnings()).toEqual([]);
  });

  it("/ask answers without one (its Source button has it)", async () => {
    const response = await createPipeline(
      { commands, engines: engineRefOf(engine) },
      { log: memoryLogger().logger, client: "discord" },
    ).dispatch({
      type: "command",
      name: "ask",
      options: { question: "what is alibaba's stake in singpost" },
      ...DM_ACTOR,
    });
    expect(response.type === "reply" && response.reply.files).toEqual([]);
  });
});

describe("a chart never breaks or holds up an answer", () => {
  it("a renderer that fails: the answer goes out without a chart, and the log warns", async () => {
    const failing = fakeRenderer(() => Promise.reject(new Error("no canvas here")));
    const h = harness({ render: failing.render });
    const reply = await h.run("fact", "singpost-stake");
    expect(reply.embeds[0]?.description).toContain("**14.8%**");
    expect([reply.files, reply.embeds[0]?.image]).toEqual([[], undefined]);
    expect(h.warnings()).toMatchObject([
      { msg: "chart failed: answered without it", factId: "singpost-stake" },
    ]);
    // A failure is not kept: the next answer tries again.
    await h.run("fact", "singpost-stake");
    expect(failing.drawn).toEqual(["singpost-stake", "singpost-stake"]);
  });

  it("a renderer that returns something other than a PNG: refused, answered without it", async () => {
    const h = harness({ render: async () => new TextEncoder().encode("<svg/>") });
    const reply = await h.run("source", "singpost-stake");
    expect(reply.files).toEqual([]);
    expect(reply.embeds[0]?.description).toContain("14.8 percent");
    expect(h.warnings()).toHaveLength(1);
  });

  it("a slow renderer: the answer waits no longer than the budget; the chart comes with a later answer", async () => {
    let finish: (png: Uint8Array) => void = () => {};
    const slow = fakeRenderer(() => new Promise((resolve) => (finish = resolve)));
    const h = harness({ render: slow.render, budgetMs: 50 });
    const started = performance.now();
    const first = await h.run("fact", "singpost-stake");
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(first.files).toEqual([]);
    expect(h.warnings()).toMatchObject([
      { msg: "chart not ready in time: answered without it", budgetMs: 50 },
    ]);
    finish(A_PNG);
    const second = await h.run("fact", "singpost-stake");
    expect(second.files.map((f) => f.data)).toEqual([A_PNG]);
    expect(slow.drawn).toEqual(["singpost-stake"]);
  });

  it("each fact's chart is drawn once per loaded fact base", async () => {
    const counting = fakeRenderer(async () => A_PNG);
    const h = harness({ render: counting.render });
    await h.run("fact", "singpost-stake");
    await h.run("source", "singpost-stake");
    await h.run("fact", "alibaba-cloud-regions");
    await h.click("fact:singpost-stake");
    expect(counting.drawn).toEqual(["singpost-stake", "alibaba-cloud-regions"]);
  });
});

describe("every transport carries the chart", () => {
  let reply: FinalReply;
  beforeAll(async () => {
    reply = await harness({ render: async () => A_PNG }).run("fact", "singpost-stake");
  });

  it("discord.js: the PNG as an uploaded file, and no files key when there are none", () => {
    const options = toInteractionReply(reply);
    expect(options.files).toEqual([{ attachment: Buffer.from(A_PNG), name: CHART_FILE }]);
    expect(options.embeds?.[0]).toMatchObject({ image: { url: "attachment://chart.png" } });
    expect("files" in toInteractionReply(finaliseReply({ content: "hi" }))).toBe(false);
  });

  it("HTTP: the response carries the answer without the image, an edit right after adds the file", async () => {
    const edits: { body: unknown; files: unknown }[] = [];
    let missing = 1;
    const services: InteractionServices = {
      pipeline: createPipeline(
        { commands, engines: engineRefOf(engine) },
        { log: memoryLogger().logger, client: "http", charts: { render: async () => A_PNG } },
      ),
      log: { error: () => {} },
      async editOriginal(_app, _token, body, files) {
        // Discord may not have applied the response yet: the edit finds no message at first.
        if (missing-- > 0) throw Object.assign(new Error("Unknown Message"), { status: 404 });
        edits.push({ body, files });
      },
    };
    const answer = await answerInteraction(
      {
        type: 2,
        id: "900000000000000001",
        application_id: "900000000000000002",
        token: "token",
        user: { id: DM_ACTOR.userId },
        data: { name: "fact", options: [{ name: "topic", type: 3, value: "singpost-stake" }] },
      },
      services,
    );
    if (!answer.ok) throw new Error(answer.error);
    const data = (answer.response as { data?: { embeds?: { image?: unknown; description?: string }[] } })
      .data;
    expect(data?.embeds?.[0]?.description).toContain("**14.8%**");
    expect(data?.embeds?.[0]?.image).toBeUndefined();
    expect(edits).toEqual([]);
    await answer.afterResponse?.();
    expect(edits).toHaveLength(1);
    expect(edits[0]?.files).toEqual([{ name: CHART_FILE, data: A_PNG }]);
    expect(edits[0]?.body).toMatchObject({
      attachments: [{ id: "0", filename: CHART_FILE }],
      embeds: [{ image: { url: "attachment://chart.png" } }],
    });
  });

  it("the console: saves the PNG and prints its path", async () => {
    const session = new ConsoleSession(engineRefOf(engine), { filesDir: scratch });
    const result = await session.respond("/fact singpost-stake");
    const text = "text" in result ? result.text : "";
    const path = join(scratch, "chart-1.png");
    expect(text.split("\n").at(-1)).toBe(`Chart: ${path}`);
    expectChartDrawn(readFileSync(path));
    const none = await session.respond("/fact taobao");
    expect("text" in none && none.text).not.toMatch(/Chart:/);
  });
});
