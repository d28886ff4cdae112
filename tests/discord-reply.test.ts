import { ButtonStyle, ComponentType } from "discord-api-types/v10";
import { beforeAll, describe, expect, it } from "vitest";
import { createDefaultEngine } from "../src/app/runtime.js";
import { formatPeriod, formatValue } from "../src/format/figures.js";
import type { ResolvedCommand } from "../src/framework/command.js";
import { categorySlug, customIdOf, splitCustomId } from "../src/framework/custom-id.js";
import { finaliseReply } from "../src/framework/finalise.js";
import { DISCORD_LIMITS, embedSize, fitToDiscordLimits, truncate } from "../src/framework/limits.js";
import { loadCommands } from "../src/framework/load-commands.js";
import { allowedMentionsFor, neutraliseMentions } from "../src/framework/mentions.js";
import type { Button, FinalReply } from "../src/framework/types.js";

const base: FinalReply = {
  embeds: [],
  components: [],
  ephemeral: false,
  allowedMentions: { parse: [] },
  files: [],
};
const btn = (id: string, label = "x"): Button => ({
  type: ComponentType.Button,
  style: ButtonStyle.Secondary,
  custom_id: id,
  label,
});

describe("fitToDiscordLimits", () => {
  it("cuts content, titles, descriptions and footers, within 6,000 per embed", () => {
    const fitted = fitToDiscordLimits({
      ...base,
      content: "c".repeat(3000),
      embeds: [
        {
          title: "t".repeat(300),
          description: "d".repeat(5000),
          footer: { text: "f".repeat(3000) },
        },
      ],
    });
    expect(fitted.content).toHaveLength(DISCORD_LIMITS.content);
    expect(fitted.content?.endsWith("…")).toBe(true);
    const [big] = fitted.embeds;
    expect(big?.title).toHaveLength(256);
    expect(embedSize(big ?? {})).toBeLessThanOrEqual(6000);
    expect(big?.footer?.text.length).toBeLessThanOrEqual(2048);
  });

  it("cuts field names and values", () => {
    const fitted = fitToDiscordLimits({
      ...base,
      embeds: [
        {
          description: "d",
          fields: [{ name: "n".repeat(300), value: "v".repeat(2000) }],
        },
      ],
    });
    const [embed] = fitted.embeds;
    expect(embed?.fields?.[0]?.name).toHaveLength(256);
    expect(embed?.fields?.[0]?.value).toHaveLength(1024);
  });

  it("keeps at most 25 fields and 6,000 characters over all embeds, dropping trailing fields first", () => {
    const fields = Array.from({ length: 40 }, (_, i) => ({ name: `field ${i}`, value: "v".repeat(300) }));
    const fitted = fitToDiscordLimits({ ...base, embeds: [{ description: "keep me", fields }] });
    const [embed] = fitted.embeds;
    expect(embed?.fields?.length).toBeLessThanOrEqual(25);
    expect(embed?.description).toBe("keep me");
    expect(embed?.fields?.[0]?.name).toBe("field 0");
    expect(fitted.embeds.reduce((s, e) => s + embedSize(e), 0)).toBeLessThanOrEqual(6000);
  });

  it("shortens descriptions across several embeds to fit the total", () => {
    const embeds = Array.from({ length: 12 }, () => ({ description: "d".repeat(4000) }));
    const fitted = fitToDiscordLimits({ ...base, embeds });
    expect(fitted.embeds.length).toBeLessThanOrEqual(10);
    expect(fitted.embeds.reduce((s, e) => s + embedSize(e), 0)).toBeLessThanOrEqual(6000);
  });

  it("replaces empty field names and values, which Discord rejects", () => {
    const fitted = fitToDiscordLimits({ ...base, embeds: [{ fields: [{ name: "", value: " " }] }] });
    expect(fitted.embeds[0]?.fields?.[0]).toMatchObject({ name: "\u200b", value: "\u200b" });
  });

  it("regroups buttons into ≤5 rows of ≤5, dropping over-long and duplicate custom ids", () => {
    const many = Array.from({ length: 30 }, (_, i) => btn(`fact:f${i}`, "l".repeat(100)));
    const fitted = fitToDiscordLimits({
      ...base,
      components: [
        {
          type: ComponentType.ActionRow,
          components: [btn(`fact:${"a".repeat(120)}`), btn("fact:f0"), ...many],
        },
      ],
    });
    expect(fitted.components.length).toBe(5);
    for (const row of fitted.components) {
      expect(row.components.length).toBeLessThanOrEqual(5);
      for (const b of row.components) {
        expect(b.custom_id.length).toBeLessThanOrEqual(100);
        expect(b.label?.length).toBeLessThanOrEqual(80);
      }
    }
    const ids = fitted.components.flatMap((r) => r.components.map((b) => b.custom_id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("does not split a surrogate pair when truncating", () => {
    expect(truncate(`ab${"😀".repeat(5)}`, 4)).toBe("ab…");
  });
});

describe("mentions", () => {
  it("neutralises @everyone, @here, user, nickname and role mentions", () => {
    const text = neutraliseMentions(
      "hi @everyone and @here <@123456789012345678> <@!123456789012345678> <@&42>",
    );
    expect(text).not.toMatch(/@(everyone|here)/);
    expect(text).not.toMatch(/<@[!&]?\d/);
  });

  it("allows only the mentioned user to be pinged", () => {
    expect(allowedMentionsFor()).toEqual({ parse: [] });
    expect(allowedMentionsFor("123456789012345678")).toEqual({ parse: [], users: ["123456789012345678"] });
  });

  it("finaliseReply neutralises echoed text, then adds the one requested ping", () => {
    const final = finaliseReply({
      content: "you said @everyone <@&1234>",
      embeds: [
        { title: "@here", description: "<@98765432109876543>", fields: [{ name: "@everyone", value: "x" }] },
      ],
      mention: "123456789012345678",
    });
    expect(final.content?.startsWith("<@123456789012345678> ")).toBe(true);
    expect(final.content?.slice(22)).not.toMatch(/@everyone|<@&\d/);
    expect(JSON.stringify(final.embeds)).not.toMatch(/@(everyone|here)|<@\d/);
    expect(final.allowedMentions).toEqual({ parse: [], users: ["123456789012345678"] });
  });

  it("drops the mention of an ephemeral reply", () => {
    const final = finaliseReply({ content: "x", ephemeral: true, mention: "123456789012345678" });
    expect(final.content).toBe("x");
    expect(final.allowedMentions).toEqual({ parse: [] });
  });
});

describe("custom ids", () => {
  let commands: Map<string, ResolvedCommand>;
  beforeAll(async () => {
    commands = await loadCommands(createDefaultEngine().base);
  });
  /** A custom id as the pipeline reads it: the command it names, and that command's parsed arguments. */
  const parseCustomId = (raw: string) => {
    const parts = splitCustomId(raw);
    const args = parts && commands.get(parts.command)?.button?.args.safeParse(parts.args);
    return parts && args?.success ? { command: parts.command, args: args.data } : undefined;
  };

  it("round-trips fact, source and topics ids", () => {
    for (const [command, ...args] of [
      ["fact", "singpost-stake"],
      ["source", "taobao"],
      ["topics", "all", 2],
    ] as const) {
      expect(parseCustomId(customIdOf(command, ...args))).toEqual({ command, args });
    }
  });

  it("rejects forged and malformed ids", () => {
    for (const raw of [
      "",
      "fact:",
      "fact:Bad Id",
      "fact:a:b",
      "source",
      "topics:all",
      "topics:all:-1",
      "topics:all:1e3",
      "delete:everything",
      `fact:${"a".repeat(120)}`,
    ]) {
      expect(parseCustomId(raw)).toBeUndefined();
    }
  });

  it("slugs category names", () => {
    expect(categorySlug("SingPost & logistics")).toBe("singpost-logistics");
    expect(categorySlug("Counterfeits & the USTR")).toBe("counterfeits-the-ustr");
  });
});

describe("formatting", () => {
  it("formats values as a reader says them", () => {
    expect(formatValue({ number: 14.4, unit: "percent" })).toBe("14.4%");
    expect(formatValue({ number: 300, unit: "people", qualifier: "more than" })).toBe("more than 300 people");
    expect(formatValue({ number: 278_000_000_000, unit: "usd" })).toBe("$278 billion");
    expect(formatValue({ number: 3_600_000, unit: "people" })).toBe("3.6 million people");
    expect(formatValue({ number: 2016, unit: "year" })).toBe("2016");
    expect(formatValue({ number: 352, unit: "cities" })).toBe("352 cities");
  });

  it("formats periods", () => {
    // One style everywhere (the embeds wrote "Feb 2017", the engine "February 2017").
    expect(formatPeriod("2017-02")).toBe("February 2017");
    expect(formatPeriod("2017-Q1")).toBe("Q1 2017");
    expect(formatPeriod("2017-02-28")).toBe("28 February 2017");
    expect(formatPeriod("2017")).toBe("2017");
  });
});
