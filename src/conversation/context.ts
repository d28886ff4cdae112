import { z } from "zod";
import type { Turn } from "../engine/types.js";
import { factIdsOfCustomIds } from "../framework/custom-id.js";

/**
 * Where a follow-up's context comes from besides the member's remembered turns: an answer of the bot that
 * the message replies to. Its facts are read back from its buttons (`source:<id>` the answered fact,
 * `fact:<id>` the offered ones), so this works after a restart, when nothing is remembered.
 */

/** A message's components as Discord sends them (rows of buttons): only the custom ids are read. */
const MessageComponents = z.array(
  z.looseObject({
    components: z.array(z.looseObject({ custom_id: z.string().optional() })).optional(),
  }),
);

/** The custom ids of a message's buttons, in order; none when the components are not rows of buttons. */
export function customIdsOfComponents(components: unknown): string[] {
  const rows = MessageComponents.safeParse(components);
  if (!rows.success) return [];
  return rows.data.flatMap((row) => (row.components ?? []).flatMap((c) => c.custom_id ?? []));
}

/**
 * The turn an answer of the bot stands for, read from its buttons' custom ids; undefined when they name no
 * fact (an answer in text only, a help page). The question is not on the message, so it is empty. With no
 * Source button the answer offered facts without answering: "did you mean", or a decline's closest facts,
 * which the buttons do not tell apart; both are offers to pick from, so both read as `suggest`.
 */
export function turnOfAnswerButtons(customIds: readonly string[]): Turn | undefined {
  const { answered, offered } = factIdsOfCustomIds(customIds);
  if (answered.length === 0 && offered.length === 0) return undefined;
  return { question: "", outcome: answered.length > 0 ? "answer" : "suggest", factIds: answered, offered };
}

/** Whether a turn read from a message's buttons is the remembered `turn` (the buttons show less). */
function sameAnswer(turn: Turn, fromButtons: Turn): boolean {
  return (
    turn.factIds[0] === fromButtons.factIds[0] &&
    (turn.outcome === "answer") === (fromButtons.outcome === "answer") &&
    fromButtons.offered.every((id) => turn.offered.includes(id))
  );
}

/**
 * The turns a question is read against. A reply to an answer takes precedence over the member's remembered
 * turns: when that answer is one of them, the turns up to it (they carry the questions asked); otherwise
 * that answer alone (an older one, another member's, or one from before a restart).
 */
export function contextOf(remembered: readonly Turn[], repliedTo?: Turn): readonly Turn[] {
  if (!repliedTo) return remembered;
  const at = remembered.findLastIndex((turn) => sameAnswer(turn, repliedTo));
  return at >= 0 ? remembered.slice(0, at + 1) : [repliedTo];
}

/** A fact the member picked (an autocomplete pick, a "did you mean" button): what they follow up on next. */
export function pickedTurn(factId: string): Turn {
  return { question: "", outcome: "answer", factIds: [factId], offered: [] };
}
