import { MONTHS as MONTH_NAMES } from "../src/facts/iso-date.js";
import type { EditionFile, Fact } from "../src/facts/schema.js";

/**
 * A synthetic fact base for measuring growth: facts generated from templates over distinct made-up
 * companies, cities and people, written as valid edition files (quotes appear in the text) that go through
 * `buildFactBase` like real ones. Deterministic for a given seed.
 */

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ONSETS = [
  "b",
  "c",
  "d",
  "f",
  "g",
  "k",
  "l",
  "m",
  "n",
  "p",
  "r",
  "s",
  "t",
  "v",
  "z",
  "br",
  "dr",
  "kr",
  "st",
  "tr",
];
const VOWELS = ["a", "e", "i", "o", "u", "ai", "ou", "ea"];
const CODAS = ["", "n", "r", "l", "x", "m", "s", "th", "k"];
const COMPANY_SUFFIXES = ["Group", "Holdings", "Labs", "Mart", "Systems", "Logistics", "Networks", "Foods"];
const MONTHS = MONTH_NAMES.map((m) => `${m.charAt(0).toUpperCase()}${m.slice(1)}`);

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

function names(count: number, syllables: number, random: () => number, taken: Set<string>): string[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const out: string[] = [];
  while (out.length < count) {
    let word = "";
    for (let i = 0; i < syllables; i++)
      word += pick(ONSETS) + pick(VOWELS) + (i === syllables - 1 ? pick(CODAS) : "");
    if (taken.has(word)) continue;
    taken.add(word);
    out.push(cap(word));
  }
  return out;
}

export interface SyntheticBase {
  files: { file: string; raw: string }[];
  /** Questions worded unlike the facts' phrasings, each with the fact it asks about. */
  questions: { q: string; factId: string }[];
}

interface Generated {
  fact: Omit<Fact, "asOf" | "values"> & { values: Fact["values"] };
  question: string;
}

/** `total` facts in editions of `perEdition` facts each. */
export function syntheticFactBase(total = 10_000, perEdition = 1_000, seed = 2017): SyntheticBase {
  const random = rng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const taken = new Set<string>();
  const companies = names(900, 2, random, taken).map((n) => `${n} ${pick(COMPANY_SUFFIXES)}`);
  const cities = names(500, 3, random, taken);
  const people = names(900, 2, random, taken);
  const surnames = names(900, 1, random, taken);

  const templates: (() => Generated)[] = [
    () => {
      const [c, city, n] = [pick(companies), pick(cities), int(2, 900)];
      return {
        question: `how many shops has ${c.toLowerCase()} got in ${city.toLowerCase()}`,
        fact: {
          id: `${slug(c)}-stores-${slug(city)}`,
          category: "Retail footprint",
          title: `${c} stores in ${city}`,
          answer: `**${c}** has **${n} stores** in ${city}.`,
          kinds: ["count"],
          values: [{ key: "stores", measures: `${c}'s stores in ${city}`, number: n, unit: "count" }],
          quote: `${c} has ${n} stores in ${city}.`,
          phrasings: [`How many stores does ${c} have in ${city}?`, `${c} stores in ${city}`],
          keywords: [c, city, "stores", "shops", "outlets"],
        },
      };
    },
    () => {
      const [a, b] = [pick(companies), pick(companies)];
      const p = int(10, 4900) / 100;
      return {
        question: `what share of ${b.toLowerCase()} does ${a.toLowerCase()} hold`,
        fact: {
          id: `${slug(a)}-stake-in-${slug(b)}`,
          category: "Investments",
          title: `${a}'s stake in ${b}`,
          answer: `${a}'s stake in ${b} is **${p}%**.`,
          kinds: ["percent"],
          values: [{ key: "stake", measures: `${a}'s stake in ${b}`, number: p, unit: "percent" }],
          quote: `${a} holds a ${p} percent stake in ${b}.`,
          phrasings: [`What is ${a}'s stake in ${b}?`, `How much of ${b} does ${a} own?`],
          keywords: [a, b, "stake", "shareholding", "ownership"],
        },
      };
    },
    () => {
      const c = pick(companies);
      const person = `${pick(people)} ${pick(surnames)}`;
      return {
        question: `who's the boss of ${c.toLowerCase()}`,
        fact: {
          id: `${slug(c)}-ceo`,
          category: "People",
          title: `${c}'s chief executive`,
          answer: `**${person}** is the chief executive of ${c}.`,
          kinds: ["person"],
          values: [],
          quote: `${person}, chief executive of ${c}, said the results were strong.`,
          phrasings: [`Who is the CEO of ${c}?`, `Who runs ${c}?`],
          keywords: [c, person, "CEO", "chief executive", "boss"],
        },
      };
    },
    () => {
      const [c, city] = [pick(companies), pick(cities)];
      const [month, year] = [pick(MONTHS), int(2005, 2016)];
      return {
        question: `since when is ${c.toLowerCase()} operating in ${city.toLowerCase()}`,
        fact: {
          id: `${slug(c)}-launch-${slug(city)}`,
          category: "Expansion",
          title: `${c}'s launch in ${city}`,
          answer: `${c} launched in **${city}** in **${month} ${year}**.`,
          kinds: ["date", "place"],
          values: [],
          quote: `${c} launched in ${city} in ${month} ${year}.`,
          phrasings: [`When did ${c} launch in ${city}?`, `${c} ${city} launch date`],
          keywords: [c, city, "launch", "launched", "opened"],
        },
      };
    },
    () => {
      const city = pick(cities);
      const n = int(50, 9000) * 1000;
      return {
        question: `how many people live in ${city.toLowerCase()}`,
        fact: {
          id: `${slug(city)}-population`,
          category: "Places",
          title: `Population of ${city}`,
          answer: `**${city}** has a population of **${n.toLocaleString("en-US")}**.`,
          kinds: ["count"],
          values: [{ key: "population", measures: `${city}'s population`, number: n, unit: "people" }],
          quote: `${city}, a city of ${n.toLocaleString("en-US")} people, joined the programme.`,
          phrasings: [`What is the population of ${city}?`, `How big is ${city}?`],
          keywords: [city, "population", "people", "residents"],
        },
      };
    },
    () => {
      const c = pick(companies);
      const year = int(2010, 2016);
      const usd = int(5, 9000) * 1_000_000;
      return {
        question: `what did ${c.toLowerCase()} make in ${year}`,
        fact: {
          id: `${slug(c)}-revenue-${year}`,
          category: "Financials",
          title: `${c}'s ${year} revenue`,
          answer: `${c} reported revenue of **$${(usd / 1e6).toLocaleString("en-US")} million** for ${year}.`,
          kinds: ["money"],
          values: [
            {
              key: "revenue",
              measures: `${c}'s ${year} revenue`,
              number: usd,
              unit: "usd",
              asOf: String(year),
            },
          ],
          quote: `${c} reported ${year} revenue of $${(usd / 1e6).toLocaleString("en-US")} million.`,
          phrasings: [`What was ${c}'s revenue in ${year}?`, `${c} ${year} revenue`],
          keywords: [c, "revenue", "sales", "turnover", String(year)],
        },
      };
    },
  ];

  const generated = new Map<string, Generated>();
  while (generated.size < total) {
    const g = pick(templates)();
    if (!generated.has(g.fact.id)) generated.set(g.fact.id, g);
  }

  const all = [...generated.values()];
  const files: SyntheticBase["files"] = [];
  for (let e = 0; e * perEdition < all.length; e++) {
    const chunk = all.slice(e * perEdition, (e + 1) * perEdition);
    const date = `${2018 + Math.floor(e / 12)}-${String((e % 12) + 1).padStart(2, "0")}`;
    const edition: EditionFile = {
      edition: {
        id: `synthetic-${date}`,
        title: "Synthetic Tracker",
        publisher: "bench",
        date,
        dateText: `${MONTHS[e % 12]} ${2018 + Math.floor(e / 12)}`,
      },
      // Ten quotes to a paragraph.
      text: Array.from({ length: Math.ceil(chunk.length / 10) }, (_, i) =>
        chunk
          .slice(i * 10, i * 10 + 10)
          .map((g) => g.fact.quote)
          .join(" "),
      ),
      vocabulary: { entities: [], terms: [] },
      facts: chunk.map((g) => ({ ...g.fact, asOf: date })),
    };
    files.push({ file: `synthetic-${date}.json`, raw: JSON.stringify(edition) });
  }
  const questions = all.map((g) => ({ q: g.question, factId: g.fact.id }));
  // Shuffle so questions hit random facts across editions.
  for (let i = questions.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [questions[i], questions[j]] = [
      questions[j] as (typeof questions)[number],
      questions[i] as (typeof questions)[number],
    ];
  }
  return { files, questions };
}
