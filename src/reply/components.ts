import type { Engine } from "../engine/types.js";
import { parseCustomId } from "./custom-id.js";
import { factReply, sourceReply, staleReply, topicsReply } from "./render.js";
import type { ComponentReply } from "./types.js";

/**
 * A button click, transport-free. Fact and source buttons answer privately (anyone in the channel may
 * click them); topic paging edits the list in place.
 */
export function handleButton(customId: string, engine: Engine): ComponentReply {
  const id = parseCustomId(customId);
  const stale: ComponentReply = { kind: "reply", reply: staleReply() };
  if (!id) return stale;
  switch (id.kind) {
    case "fact": {
      const fact = engine.fact(id.factId);
      return fact ? { kind: "reply", reply: { ...factReply(fact), ephemeral: true } } : stale;
    }
    case "source": {
      const fact = engine.fact(id.factId);
      return fact ? { kind: "reply", reply: { ...sourceReply(fact), ephemeral: true } } : stale;
    }
    case "topics": {
      const page = topicsReply(engine.base, id.category, id.page);
      return page ? { kind: "update", reply: page } : stale;
    }
  }
}
