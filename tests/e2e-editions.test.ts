import type { APIEmbed } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDefaultEngine } from "../src/app/runtime.js";
import { type Rig, startRig } from "./e2e-rig.js";
import type { MessageRecord } from "./emulator/index.js";
import { expectChartDrawn } from "./fixtures/png.js";
import { twoEditions } from "./fixtures/two-editions.js";

/**
 * Editions over time end to end: real discord.js against the emulator, the bot serving both editions (the
 * January tracker and the March test edition, as DATA_DIR=tests/fixtures/two-editions loads them).
 */

let rig: Rig;

beforeAll(async () => {
  // The real renderer, given time: a busy test machine may take longer than an answer waits for its chart.
  rig = await startRig({ engine: createDefaultEngine(twoEditions), bot: { charts: { budgetMs: 15_000 } } });
});

afterAll(async () => {
  await rig?.stop();
});

/** A slash command sent by a member, and the message it ends with (a chart may take a moment to draw). */
async function send(name: string, options: Record<string, string> = {}): Promise<MessageRecord> {
  return (await rig.emu.sendCommand({ name, options })).final(20_000);
}

const fieldOf = (embed: APIEmbed | undefined, name: string) =>
  embed?.fields?.find((f) => f.name === name)?.value;

/** The message's one attachment, its bytes, and the embed's image pointing at it. */
function chartOf(record: MessageRecord) {
  const [attachment, ...others] = record.message.attachments;
  expect(others).toEqual([]);
  expect(attachment?.filename).toBe("chart.png");
  expect(record.message.embeds[0]?.image?.url).toBe(attachment?.url);
  const bytes = attachment && rig.emu.attachmentData(attachment.id);
  if (!bytes) throw new Error("no chart uploaded");
  return bytes;
}

describe("two editions through Discord", () => {
  it("/fact singpost-stake: the new value, its history with editions and dates, and a PNG chart", async () => {
    const reply = await send("fact", { topic: "singpost-stake" });
    const embed = reply.message.embeds[0];
    expect(embed?.description).toContain("**14.8%**");
    expect(embed?.footer?.text).toContain("TEST EDITION (not a real tracker)");
    expect(fieldOf(embed, "Earlier editions")).toBe(
      "**Alibaba Tracker, January 2017**: 14.4% (end of February 2017) · Before: 10.23% (January 2017)",
    );
    expectChartDrawn(chartOf(reply));
  });

  it("/source singpost-stake: both editions' sentences, and the chart", async () => {
    const reply = await send("source", { topic: "singpost-stake" });
    const embed = reply.message.embeds[0];
    expect(embed?.description).toContain("rose to 14.8 percent in March");
    expect(fieldOf(embed, "Earlier: Alibaba Tracker, January 2017")).toContain(
      "> Alibaba’s stake in SingPost will rise to 14.4 percent, up from its current 10.23 percent stake.",
    );
    expectChartDrawn(chartOf(reply));
  });

  it("a question is answered with the newest value", async () => {
    const reply = await send("ask", { question: "what's alibaba's stake in singpost" });
    expect(reply.message.embeds[0]?.description).toContain("**14.8%**");
    expect(fieldOf(reply.message.embeds[0], "Earlier editions")).toContain("10.23% (January 2017)");
  });

  it("a fact only the January edition gives says it is from that earlier edition; no chart without history", async () => {
    const reply = await send("fact", { topic: "taobao" });
    expect(reply.message.embeds[0]?.description).toContain(
      "From an earlier edition (Alibaba Tracker, January 2017); the newest loaded, March 2017, does not restate it.",
    );
    expect(reply.message.attachments).toEqual([]);
  });

  it("/help lists both editions, newest first", async () => {
    const help = await send("help");
    const editions = help.message.embeds[0]?.fields?.find((f) => f.name.startsWith("Editions loaded"));
    expect(editions?.value.split("\n")).toEqual([
      "• Alibaba Tracker TEST EDITION (not a real tracker) · tracker-bot tests (invented data) · March 2017",
      "• Alibaba Tracker · PYMNTS.com · January 2017",
    ]);
  });
  it("/ask 'what was the singpost stake before?': the value before the latest, with its date", async () => {
    const reply = await send("ask", { question: "what was alibaba's stake in singpost before?" });
    const text = reply.message.embeds[0]?.description ?? "";
    expect(text).toContain("**14.4%**");
    expect(text).toContain("February 2017");
    expect(text).toContain("14.8% (March 2017)");
  });

  it("/ask 'how has the stake changed?': from the first edition's value to the newest, both dates and editions", async () => {
    const reply = await send("ask", { question: "how has alibaba's singpost stake changed?" });
    const text = reply.message.embeds[0]?.description ?? "";
    expect(text).toContain("from 10.23% (January 2017; Alibaba Tracker, January 2017) to 14.8% (March 2017)");
  });
});
