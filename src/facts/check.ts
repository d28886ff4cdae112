/**
 * `npm run facts:check [dir]`: validates the fact base and says what is wrong, file by file; then warns of
 * every sentence of the editions' text that states a figure, a date or a name that no fact quotes (a reader
 * may ask about it). Only problems fail; the warnings are for the editors.
 */
import { FactBaseError } from "./base.js";
import { formatUncovered, uncoveredSentences } from "./coverage.js";
import { DEFAULT_DATA_DIR, loadFactBase } from "./load.js";

const dir = process.argv[2] ?? process.env.DATA_DIR ?? DEFAULT_DATA_DIR;
try {
  const base = loadFactBase(dir);
  const editions = base.editions.map((e) => `${e.title} ${e.dateText}`).join(", ");
  console.log(`OK: ${base.facts.length} facts in ${base.categories.length} categories from ${editions}.`);
  const uncovered = uncoveredSentences(base);
  if (uncovered.length === 0) {
    console.log("Every sentence that states a figure, a date or a name is quoted by a fact.");
  } else {
    console.log(
      [
        `Warning: ${uncovered.length} sentence(s) state a figure, a date or a name that no fact quotes:`,
        ...uncovered.map((u) => `  - ${formatUncovered(u)}`),
      ].join("\n"),
    );
  }
} catch (error) {
  if (!(error instanceof FactBaseError)) throw error;
  console.error(`The fact base in ${dir} has ${error.problems.length} problem(s):\n${error.message}`);
  process.exitCode = 1;
}
