import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/app/config.js";
import { appVersion, memoryLogger, scrubSecrets } from "../src/app/log.js";

const TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.very-secret-token-value_0123456789";

describe("logs", () => {
  it("never contain the token or an Authorization header, wherever they are", () => {
    const { logger, lines } = memoryLogger({ secrets: [TOKEN] });
    logger.info({ token: TOKEN }, "a token field");
    logger.info({ config: { token: TOKEN, apiUrl: "http://x" } }, "nested");
    logger.info({ headers: { Authorization: `Bot ${TOKEN}`, "content-type": "json" } }, "headers");
    logger.info({ request: { headers: { authorization: `Bot ${TOKEN}` } } }, "request");
    logger.info({ detail: `sent Authorization: Bot ${TOKEN} to the API` }, "in a string");
    logger.info(`message text with ${TOKEN} inside`);
    logger.error({ err: new Error(`failed with ${TOKEN}`) }, "error with the token in its message and stack");
    logger.info({ list: [{ deep: { deeper: { value: TOKEN } } }] }, "deep");
    logger.info({ other: "Bearer abcdefghijklmnopqrstuvwxyz0123" }, "someone else's bearer token");
    const interactionToken = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OnNlY3JldA";
    logger.error(
      {
        err: Object.assign(new Error("Unknown interaction"), {
          url: `http://x/api/v10/interactions/123/${interactionToken}/callback`,
        }),
      },
      "an interaction's token in a failed request's URL",
    );
    const output = lines.join("\n");
    expect(lines).toHaveLength(10);
    expect(output).not.toContain(interactionToken);
    expect(output).not.toContain(TOKEN);
    expect(output).not.toContain("very-secret");
    expect(output).not.toContain("abcdefghijklmnopqrstuvwxyz0123");
    expect(output).toContain("[Redacted]");
    // The rest of each line survives.
    expect(output).toContain('"content-type":"json"');
    expect(output).toContain("http://x");
  });

  it("scrubSecrets leaves short values and ordinary text alone", () => {
    expect(scrubSecrets("x marks the spot", ["x"])).toBe("x marks the spot");
    expect(scrubSecrets(`a ${TOKEN} b`, [TOKEN])).toBe("a [Redacted] b");
  });

  it("are JSON lines with level, time and message", () => {
    const { logger, entries } = memoryLogger({ level: "info" });
    logger.debug("hidden at info");
    logger.info({ factId: "taobao", latencyMs: 3 }, "answered");
    expect(entries()).toEqual([
      expect.objectContaining({
        level: 30,
        msg: "answered",
        factId: "taobao",
        latencyMs: 3,
        time: expect.any(Number),
      }),
    ]);
  });

  it("LOG_LEVEL is validated", () => {
    expect(parseConfig({ LOG_LEVEL: "DEBUG" })).toMatchObject({ ok: true, config: { logLevel: "debug" } });
    expect(parseConfig({ LOG_LEVEL: "" })).toMatchObject({ ok: true });
    const bad = parseConfig({ LOG_LEVEL: "loud" });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems).toEqual([
      "LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent",
    ]);
  });

  it("know the package version", () => {
    expect(appVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
