import { readFileSync } from "node:fs";
import { accuracy, score, summarize, wrongRate } from "./bench/score.ts";
import { createDefaultEngine } from "./src/runtime.ts";
const e = createDefaultEngine();
for (const f of process.argv.slice(2)) {
  const qs = readFileSync(f, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  const s = summarize(qs.map((q) => score(q, e.ask(q.q))));
  const g = s.byGroup;
  console.log(f, "answerable", (accuracy(g.answerable) * 100).toFixed(1), g.answerable.right, "/", g.answerable.n, "declines", (accuracy(g.declines) * 100).toFixed(1), g.declines.right, "/", g.declines.n, "derived", (accuracy(g.derived) * 100).toFixed(1), g.derived.right, "/", g.derived.n, "overall", (accuracy(s.overall) * 100).toFixed(1), "wrong", (wrongRate(s.overall) * 100).toFixed(1), s.overall.wrong, "/", s.overall.n);
}
