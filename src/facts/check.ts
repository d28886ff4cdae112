/** `npm run facts:check [dir]`: validates the fact base and says what is wrong, file by file. */
import { FactBaseError } from "./base.js";
import { DEFAULT_DATA_DIR, loadFactBase } from "./load.js";

const dir = process.argv[2] ?? process.env.DATA_DIR ?? DEFAULT_DATA_DIR;
try {
  const base = loadFactBase(dir);
  const editions = base.editions.map((e) => `${e.title} ${e.dateText}`).join(", ");
  console.log(`OK: ${base.facts.length} facts in ${base.categories.length} categories from ${editions}.`);
} catch (error) {
  if (!(error instanceof FactBaseError)) throw error;
  console.error(`The fact base in ${dir} has ${error.problems.length} problem(s):\n${error.message}`);
  process.exitCode = 1;
}
