import type { UnansweredQuestion } from "../store/types.js";

/** An unanswered question to review, once however many servers asked it. */
export interface Pending {
  question: string;
  count: number;
  lastSeen: number;
  /** The servers that asked it; `null` for DMs. */
  guilds: (string | null)[];
}

/**
 * The store's rows (one per server and question) as one entry per question, most asked first, then most
 * recently asked: the editor decides a question once, for every server.
 */
export function pendingQuestions(rows: readonly UnansweredQuestion[]): Pending[] {
  const byQuestion = new Map<string, Pending>();
  for (const row of rows) {
    const known = byQuestion.get(row.question);
    if (known) {
      known.count += row.count;
      known.lastSeen = Math.max(known.lastSeen, row.lastSeen);
      known.guilds.push(row.guildId);
    } else {
      byQuestion.set(row.question, {
        question: row.question,
        count: row.count,
        lastSeen: row.lastSeen,
        guilds: [row.guildId],
      });
    }
  }
  return [...byQuestion.values()].sort((a, b) => b.count - a.count || b.lastSeen - a.lastSeen);
}

/** "asked 3 times in 2 servers", "asked once in a DM". */
export function askedPhrase(pending: Pending): string {
  const times = pending.count === 1 ? "once" : `${pending.count} times`;
  const servers = pending.guilds.filter((g) => g !== null).length;
  const dms = pending.guilds.length - servers;
  const where = [
    servers > 0 ? `${servers === 1 ? "1 server" : `${servers} servers`}` : "",
    dms > 0 ? "DMs" : "",
  ].filter(Boolean);
  return `asked ${times} in ${where.join(" and ")}`;
}
