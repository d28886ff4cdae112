import type { z } from "zod";
import {
  type EditionFile,
  EditionFileSchema,
  type EditionMeta,
  type Entity,
  type Fact,
  type Term,
  type Vocabulary,
} from "./schema.js";

/** A fact as the bot answers it: the newest edition's version, with the earlier ones as history. */
export interface KnownFact extends Fact {
  edition: EditionMeta;
  /** Earlier editions' versions of the same fact, newest first. */
  history: { edition: EditionMeta; fact: Fact }[];
}

export interface FactBase {
  /** Newest first. */
  editions: EditionMeta[];
  facts: KnownFact[];
  byId: ReadonlyMap<string, KnownFact>;
  /** In order of first appearance. */
  categories: string[];
  /** Every edition's names and synonyms, merged (an entity's newest description wins, names add up). */
  vocabulary: Vocabulary;
  /** Each edition's text, newest first: what the facts quote, and what a question may be answered from. */
  texts: { edition: EditionMeta; paragraphs: string[] }[];
}

/** One problem in a fact base, located as precisely as the data allows. */
export interface FactProblem {
  file: string;
  factId?: string;
  field?: string;
  message: string;
}

export class FactBaseError extends Error {
  constructor(readonly problems: FactProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "FactBaseError";
  }
}

export function formatProblem(p: FactProblem): string {
  const where = [p.file, p.factId ? `fact "${p.factId}"` : undefined, p.field].filter(Boolean).join(": ");
  return `${where}: ${p.message}`;
}

/** Typographic quotes and dashes are folded so that a quote typed with straight ones still matches. */
export function foldTypography(s: string): string {
  return s
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/\s+/g, " ")
    .trim();
}

/** Whether draft facts (`draft: true`, proposed by `facts:draft`) are acceptable: only in a draft file. */
export interface ParseOptions {
  allowDrafts?: boolean;
}

/** Raw file contents in, a validated edition out, or the problems found. */
export function parseEditionFile(
  file: string,
  raw: string,
  options: ParseOptions = {},
): { ok: true; edition: EditionFile } | { ok: false; problems: FactProblem[] } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { ok: false, problems: [{ file, message: `malformed JSON: ${(error as Error).message}` }] };
  }
  const parsed = EditionFileSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => locateIssue(file, json, issue)) };
  }
  const problems = checkEdition(file, parsed.data, options);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, edition: parsed.data };
}

function locateIssue(file: string, json: unknown, issue: z.core.$ZodIssue): FactProblem {
  const path = issue.path.map(String);
  if (path[0] === "facts" && path[1] !== undefined) {
    const rawFact = (json as { facts?: unknown[] }).facts?.[Number(path[1])] as { id?: unknown } | undefined;
    const factId = typeof rawFact?.id === "string" ? rawFact.id : `#${Number(path[1]) + 1}`;
    return { file, factId, field: path.slice(2).join(".") || "(fact)", message: issue.message };
  }
  return { file, field: path.join(".") || "(file)", message: issue.message };
}

/**
 * Checks zod cannot express: unique ids, quotes found in the text, value keys unique per fact, and no
 * unconfirmed draft fact outside a draft file.
 */
export function checkEdition(file: string, edition: EditionFile, options: ParseOptions = {}): FactProblem[] {
  const problems: FactProblem[] = [];
  const text = foldTypography(edition.text.join("\n"));
  const seen = new Set<string>();
  for (const fact of edition.facts) {
    if (seen.has(fact.id)) problems.push({ file, factId: fact.id, field: "id", message: "duplicate id" });
    seen.add(fact.id);
    if (fact.draft && !options.allowDrafts) {
      problems.push({
        file,
        factId: fact.id,
        field: "draft",
        message: 'draft, not confirmed: check it against the text, then remove "draft": true',
      });
    }
    if (!text.includes(foldTypography(fact.quote))) {
      problems.push({ file, factId: fact.id, field: "quote", message: "not found in the edition's text" });
    }
    const keys = new Set<string>();
    for (const value of fact.values) {
      if (keys.has(value.key)) {
        problems.push({
          file,
          factId: fact.id,
          field: `values.${value.key}`,
          message: "duplicate value key",
        });
      }
      keys.add(value.key);
    }
  }
  return problems;
}

/**
 * Merges editions into one fact base: a fact id seen in several editions is answered from the newest
 * and keeps the others as history. Throws FactBaseError listing every problem.
 */
export function buildFactBase(files: { file: string; raw: string }[]): FactBase {
  const problems: FactProblem[] = [];
  const editions: { file: string; edition: EditionFile }[] = [];
  for (const { file, raw } of files) {
    const result = parseEditionFile(file, raw);
    if (result.ok) editions.push({ file, edition: result.edition });
    else problems.push(...result.problems);
  }
  if (files.length === 0) problems.push({ file: "(data)", message: "no edition files found" });

  const editionIds = new Map<string, string>();
  for (const { file, edition } of editions) {
    const other = editionIds.get(edition.edition.id);
    if (other) problems.push({ file, field: "edition.id", message: `same edition id as ${other}` });
    editionIds.set(edition.edition.id, file);
  }
  if (problems.length > 0) throw new FactBaseError(problems);

  const newestFirst = [...editions].sort((a, b) =>
    b.edition.edition.date.localeCompare(a.edition.edition.date),
  );
  const byId = new Map<string, KnownFact>();
  for (const { edition } of newestFirst) {
    for (const fact of edition.facts) {
      const known = byId.get(fact.id);
      if (known) {
        known.history.push({ edition: edition.edition, fact });
      } else {
        byId.set(fact.id, { ...fact, edition: edition.edition, history: [] });
      }
    }
  }
  // Fact order follows the oldest edition first, so menus stay stable as editions are added.
  const facts = [
    ...new Set(newestFirst.toReversed().flatMap(({ edition }) => edition.facts.map((f) => f.id))),
  ]
    .map((id) => byId.get(id))
    .filter((f): f is KnownFact => f !== undefined);
  const categories = [...new Set(facts.map((f) => f.category))];
  const vocabulary = mergeVocabularies(newestFirst.map(({ edition }) => edition.vocabulary));
  const vocabularyProblems = checkVocabulary(vocabulary, newestFirst);
  if (vocabularyProblems.length > 0) throw new FactBaseError(vocabularyProblems);
  return {
    editions: newestFirst.map((e) => e.edition.edition),
    facts,
    byId,
    categories,
    vocabulary,
    texts: newestFirst.map(({ edition }) => ({ edition: edition.edition, paragraphs: edition.text })),
  };
}

const unique = (xs: readonly string[]) => [...new Set(xs)];

/** Newest first in, one vocabulary out: entities and terms by id, their names and words added up. */
function mergeVocabularies(newestFirst: readonly Vocabulary[]): Vocabulary {
  const entities = new Map<string, Entity>();
  const terms = new Map<string, Term>();
  for (const vocabulary of newestFirst) {
    for (const entity of vocabulary.entities) {
      const known = entities.get(entity.id);
      entities.set(
        entity.id,
        known
          ? {
              ...known,
              names: unique([...known.names, ...entity.names]),
              aliases: unique([...known.aliases, ...entity.aliases]),
            }
          : entity,
      );
    }
    for (const term of vocabulary.terms) {
      const known = terms.get(term.id);
      terms.set(term.id, known ? { ...known, words: unique([...known.words, ...term.words]) } : term);
    }
  }
  return { entities: [...entities.values()], terms: [...terms.values()] };
}

/** References between entities and from facts resolve, and no name stands for two entities. */
function checkVocabulary(
  vocabulary: Vocabulary,
  editions: readonly { file: string; edition: EditionFile }[],
): FactProblem[] {
  const problems: FactProblem[] = [];
  const ids = new Set(vocabulary.entities.map((e) => e.id));
  const file = editions[0]?.file ?? "(data)";
  const owner = new Map<string, string>();
  for (const entity of vocabulary.entities) {
    if (entity.partOf && !ids.has(entity.partOf)) {
      problems.push({
        file,
        field: `vocabulary.entities.${entity.id}.partOf`,
        message: `no entity "${entity.partOf}"`,
      });
    }
    for (const name of [...entity.names, ...entity.aliases]) {
      const key = foldTypography(name).toLowerCase();
      const other = owner.get(key);
      if (other && other !== entity.id) {
        problems.push({
          file,
          field: `vocabulary.entities.${entity.id}`,
          message: `"${name}" also names "${other}": a name must point at one entity`,
        });
      }
      owner.set(key, entity.id);
    }
  }
  for (const { file: factFile, edition } of editions) {
    for (const fact of edition.facts) {
      for (const id of fact.entities ?? []) {
        if (!ids.has(id))
          problems.push({ file: factFile, factId: fact.id, field: "entities", message: `no entity "${id}"` });
      }
    }
  }
  return problems;
}
