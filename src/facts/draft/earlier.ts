import { buildFactBase, parseEditionFile } from "../base.js";
import { compareIso } from "../iso-date.js";
import type { EditionMeta, Fact } from "../schema.js";

/**
 * The facts a new edition may restate: those of the editions published before it (their newest versions),
 * never its own or a later one's. Throws FactBaseError when those files do not load.
 */
export function earlierFacts(files: { file: string; raw: string }[], edition: EditionMeta): Fact[] {
  const earlier = files.filter(({ file, raw }) => {
    const parsed = parseEditionFile(file, raw);
    if (!parsed.ok) return true; // let buildFactBase report it, with the other problems
    const meta = parsed.edition.edition;
    return meta.id !== edition.id && compareIso(meta.date, edition.date) < 0;
  });
  return earlier.length === 0 ? [] : buildFactBase(earlier).facts;
}
