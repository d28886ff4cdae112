/**
 * The engine's word lists, rules and gates that `npm run bench -- --ablate` turns off one at a time, to
 * measure what each adds or costs. Every engine has them all on unless told otherwise.
 */
export const ABLATIONS = {
  "chat shorthand": "chat words expanded and filler dropped (language/chat.json)",
  spelling: "misspellings corrected towards the facts' words",
  "everyday spelling": "slips in everyday words corrected (nearest key first)",
  "vocabulary aliases": "the edition's short forms and descriptions of its names",
  "term synonyms": "the edition's synonym sets",
  "conflict gate": "decline a question that names another company, year or term than the fact",
  "attribute gate": "decline when attributes the fact lacks outweigh what it covers",
  "evidence gate": "answer only with a name, a term or two rare words in common",
  "kind fit": "prefer facts giving the kind of answer asked (who, when, where, how many)",
  "clear lead": "answer a clear leader below the answer threshold",
  computations: "figures computed from the facts' values",
  "yes/no verdicts": "claims answered Yes or No",
} as const;

export type Ablation = keyof typeof ABLATIONS;

export const ABLATION_NAMES = Object.keys(ABLATIONS) as Ablation[];
