import { z } from "zod";
import { EditionFileSchema } from "./schema.js";

/** The JSON Schema editors use to complete and check `data/*.json`, generated from the zod schema. */
export function editionJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(EditionFileSchema, { io: "input" }),
    title: "Alibaba Tracker edition",
    description:
      "One tracker edition: its metadata, its text, and the facts it states. See README, 'Adding an edition'.",
  };
}
