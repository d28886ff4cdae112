import type { z } from "zod";

/**
 * `a: expected …; b: …`: zod's issues as one line for a user. On its own so the `ask` CLI reports a bad
 * input line without loading the command framework's Discord types.
 */
export function issueList(error: z.ZodError, whole = "options"): string {
  return error.issues.map((i) => `${i.path.join(".") || whole}: ${i.message}`).join("; ");
}
