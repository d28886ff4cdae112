/** `npm run facts:schema`: regenerates schema/edition.schema.json from the zod schema (a test checks it is current). */
import { writeFileSync } from "node:fs";
import { editionJsonSchema } from "../src/facts/json-schema.js";

const path = new URL("../schema/edition.schema.json", import.meta.url);
writeFileSync(path, `${JSON.stringify(editionJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path.pathname}`);
