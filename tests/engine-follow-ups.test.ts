import { describe, expect, it } from "vitest";
import { loadQuestions } from "../bench/questions.js";
import { createDefaultEngine } from "../src/app/runtime.js";
import { turnOf, withTurn } from "../src/engine/turn.js";
import type { EngineAnswer, Turn } from "../src/engine/types.js";

/**
 * The engine reads a follow-up against the turns before it (issue 10): each form, a follow-up with nothing to
 * follow, and the invariance that an earlier turn never changes how a question that makes sense alone is
 * answered.
 */

const engine = createDefaultEngine();

/** Asks the turns in order, each with the ones before it, and returns every answer. */
function converse(...questions: string[]): EngineAnswer[] {
  let previous: Turn[] = [];
  return questions.map((question) => {
    const answer = engine.ask(question, { previous });
    previous = withTurn(previous, turnOf(question, answer));
    return answer;
  });
}

const last = (answers: EngineAnswer[]) => answers.at(-1) as EngineAnswer;

describe("follow-ups", () => {
  it("same question, new subject: 'and tencent?' after Baidu's city", () => {
    expect(last(converse("which city did baidu sign a deal with", "and tencent?")).fact?.id).toBe(
      "tencent-jiaxing",
    );
  });

  it("a new subject the tracker has nothing on is declined, naming what it has on it", () => {
    const answer = last(converse("what's alibaba's stake in singpost", "and tencent?"));
    expect(answer.outcome).toBe("decline");
    expect(answer.suggestions.map((f) => f.id)).toContain("tencent-jiaxing");
  });

  it("a pronoun the question itself gives a subject to is no follow-up; 'the population of it' is", () => {
    const alone = converse("Which city did the WeChat company partner with for its smart city?");
    expect(last(alone).fact?.id).toBe("tencent-jiaxing");
    expect(last(converse("taobao what is it")).fact?.id).toBe("taobao");
    expect(last(converse("what is its population")).outcome).toBe("clarify");
    expect(
      last(converse("which city did baidu sign a deal with", "what is the population of it")).fact?.id,
    ).toBe("ningbo");
  });

  it("same subject, new attribute: 'in how many provinces?' after Ant Financial's cities", () => {
    const answer = last(
      converse("how many cities has ant financial teamed up with", "in how many provinces?"),
    );
    expect(answer.fact?.id).toBe("ant-financial-cities");
  });

  it("'is also in Germany?' after the regions checks the list; a question about what the last answer is about stands alone", () => {
    expect(
      last(converse("how many regions is alibaba cloud in", "Is also in Germany?")).verdict?.answer,
    ).toBe("yes");
    expect(
      last(converse("how did alibaba take the taobao blacklisting", "Is Taobao even Alibaba's?")).fact?.id,
    ).toBe("taobao");
  });

  it("'also Amazon has same reason?' after why Alibaba grows abroad is not the fact's to settle", () => {
    const answer = last(converse("why is alibaba going abroad", "Also Amazon has same reason?"));
    expect(answer.answered).toBe(false);
    expect(answer.verdict).toBeUndefined();
  });

  it("'when tho' and 'when though' ask when, the particle saying nothing", () => {
    for (const q of ["when tho", "when though"]) {
      expect(last(converse("what is amazon launching in singapore", q)).fact?.id, q).toBe("amazon-singapore");
    }
  });

  it("'when?' after the stake: when the stake rises", () => {
    expect(last(converse("what's alibaba's stake in singpost", "when?")).fact?.id).toBe(
      "singpost-stake-timing",
    );
  });

  it("'what did he say about the Japan data center?' after Ethan Yu gives his words, not his title again", () => {
    for (const q of ["what did he say", "What did he say about the Japan data center?"]) {
      expect(last(converse("who is ethan yu", q)).fact?.id, q).toBe("japan-data-center-purpose");
    }
  });

  it("'who said that?' after the Japan data center's purpose: the person", () => {
    const answer = last(converse("why did alibaba cloud open a data center in japan", "who said that?"));
    expect(answer.fact?.id).toBe("ethan-yu");
  });

  it("'who said that exactly?' after a statement whose answer names who said it gives that statement, quoted", () => {
    for (const q of ["Who said that exactly?", "Who wrote this?"]) {
      const answer = last(converse("why did the ustr blacklist taobao", q));
      expect(answer.fact?.id, q).toBe("ustr-taobao-reason");
      expect(answer.quoted, q).toBe(true);
    }
  });

  it("'where is its data center there?' after the Japan launch: the place inside Japan, Tokyo", () => {
    for (const q of ["Where is its data center there?", "data center location"]) {
      expect(last(converse("when did alibaba cloud launch in japan", q)).fact?.id, q).toBe(
        "tokyo-data-center",
      );
    }
  });

  it("history: 'and before that?' gives the earlier value, 10.23%", () => {
    const answer = last(converse("what's alibaba's stake in singpost", "and before that?"));
    expect(answer.derivation?.operation).toBe("pick");
    expect(answer.derivation?.result.number).toBe(10.23);
  });

  it("'and before that?' right after the earlier value is declined, not the same value again", () => {
    const answers = converse(
      "whats alibabas singpost stake going up to",
      "and what was it before?",
      "and before that?",
    );
    expect(answers[1]?.derivation?.operation).toBe("pick");
    expect(last(answers).answered).toBe(false);
  });

  it("'who claims that?' of a reported statement with no person to name gives the tracker's words", () => {
    const answer = last(converse("how many people did cloud sword arrest", "who claims that?"));
    expect(answer.fact?.id).toBe("cloud-sword-arrests");
    expect(answer.quoted).toBe(true);
    const says = last(converse("how many cities has ant financial teamed up with", "says who?"));
    expect(says.fact?.id).toBe("ant-financial-cities");
    expect(says.quoted).toBe(true);
    expect(
      last(converse("how many cities has ant financial teamed up with", "who's claiming that?")).quoted,
    ).toBe(true);
  });

  it("history the tracker does not give ('a year earlier?' of a figure with one value) is declined", () => {
    expect(last(converse("ant financial cities", "and a year earlier?")).answered).toBe(false);
  });

  it("pronouns, with a computation: 'is that more than the number of investigations?' after the arrests", () => {
    const answer = last(
      converse("how many arrests did cloud sword make", "is that more than the number of investigations?"),
    );
    expect(answer.derivation?.operation).toBe("compare");
    expect(answer.verdict?.answer).toBe("yes");
  });

  it("'how many cities per province is that?' after Ant Financial's cities: 352 / 25", () => {
    const answer = last(
      converse("how many cities has ant financial teamed up with", "how many cities per province is that?"),
    );
    expect(answer.derivation?.operation).toBe("ratio");
    expect(answer.derivation?.result.number).toBeCloseTo(14.08, 2);
  });

  it("answers to the bot's own question: '2' and 'the second one' pick the second fact offered", () => {
    const [offer, picked] = converse("alibaba deal", "2");
    expect(offer?.outcome).toBe("suggest");
    expect(picked?.fact?.id).toBe(offer?.suggestions[1]?.id);
    const [, second] = converse("alibaba deal", "the second one");
    expect(second?.fact?.id).toBe(offer?.suggestions[1]?.id);
  });

  it("'does that include the UAE?' after the regions: Yes, 'that' being the fact", () => {
    const answer = last(converse("how many regions is alibaba cloud in", "does that include the UAE?"));
    expect(answer.fact?.id).toBe("alibaba-cloud-regions");
    expect(answer.verdict?.answer).toBe("yes");
  });

  it("answers to 'did you mean' by a name: 'the tencent one' picks the one offered choice about Tencent", () => {
    const [first, second] = converse("zhejiang smart city deal", "the tencent one");
    expect(first?.outcome).toBe("suggest");
    expect(second?.fact?.id).toBe("tencent-jiaxing");
  });

  it("a yes/no follow-up checks the fact just given: 'is that before march?' after when the raise completes", () => {
    const answer = last(converse("when does the singpost stake increase complete", "is that before march?"));
    expect(answer.fact?.id).toBe("singpost-stake-timing");
    expect(answer.verdict?.answer).toBe("yes");
  });

  it("'before march?' alone after a date is a yes/no check of it; 'and it's in Jiangsu, right?' is No", () => {
    const before = last(converse("when does the singpost stake increase complete", "before march?"));
    expect(before.verdict?.answer).toBe("yes");
    const jiangsu = last(converse("how many people live in ningbo", "and it's in Jiangsu, right?"));
    expect(jiangsu.fact?.id).toBe("ningbo");
    expect(jiangsu.verdict?.answer).toBe("no");
    // A name the tracker covers elsewhere is no premise this fact can deny.
    expect(
      last(converse("who put taobao on the notorious markets list", "did they put Amazon on it too?"))
        .answered,
    ).toBe(false);
  });

  it("a yes/no figure of what another fact counts is that fact's to check: 'more than 200 busted?' after the investigations", () => {
    const answer = last(
      converse("how many investigations did cloud sword run", "so like more than 200 busted?"),
    );
    expect(answer.fact?.id).toBe("cloud-sword-arrests");
    expect(answer.verdict?.answer).toBe("yes");
  });

  it("a computation named alone ('share?', 'ratio?') is computed on the figures the conversation got", () => {
    const share = last(converse("SEA population", "digital customers?", "share?"));
    expect(share.derivation?.operation).toBe("share");
    expect(share.derivation?.result.number).toBeCloseTo(24.19, 1);
    const ratio = last(converse("how many arrests in cloud sword", "and investigations", "ratio?"));
    expect(ratio.derivation?.result.number).toBeCloseTo(1.83, 2);
  });

  it("'I doubt that's over 10%, really?' after the stake checks the stake", () => {
    const answer = last(converse("what's alibaba's stake in singpost", "i doubt that's over 10%, really?"));
    expect(answer.fact?.id).toBe("singpost-stake");
    expect(answer.verdict?.answer).toBe("yes");
  });

  it("'that's like 40% more right' after the raise checks the relative change", () => {
    const answer = last(
      converse("alibaba's singpost stake right now", "and after the hike?", "thats like 40% more right"),
    );
    expect(answer.derivation?.operation).toBe("relative-change");
    expect(answer.verdict?.answer).toBe("yes");
  });

  it("'after the bump': an event the facts have no word for still picks the later value", () => {
    const answer = last(converse("alibaba's singpost stake right now", "and after the hike?"));
    expect(answer.derivation?.result.number).toBe(14.4);
  });

  it("a question of its own is not read as a choice or a follow-up because it shares a name with the last turn", () => {
    expect(last(converse("alibaba deal", "what's alibaba's stake in lazada")).answered).toBe(false);
    expect(
      last(converse("how many cloud regions does alibaba have", "translate hello into chinese")).answered,
    ).toBe(false);
  });

  it("'what percent is that?' of a count: the share it is of what was counted before, or a decline", () => {
    const share = last(
      converse(
        "how many people live in southeast asia",
        "and the digital customers?",
        "what percent is that?",
      ),
    );
    expect(share.derivation?.operation).toBe("share");
    expect(share.derivation?.result.number).toBeCloseTo(24.2, 1);
    expect(
      last(converse("how many cities has ant financial teamed up with", "what percentage is that?")).answered,
    ).toBe(false);
  });

  it("'also the city of the data center?' asks for a place", () => {
    expect(
      last(converse("when did alibaba cloud launch in japan", "and the city of its data centre?")).fact?.id,
    ).toBe("tokyo-data-center");
  });

  it("after a 'did you mean', 'what is taobao' is a question of its own, not a choice by name", () => {
    const answers = converse(
      "what did the ustr say about taobao",
      "lol and alibaba was ok with that?",
      "what is taobao anyway",
    );
    expect(answers[1]?.outcome).toBe("suggest");
    expect(last(answers).fact?.id).toBe("taobao");
  });

  it("'who hosts it?' gives the named company's own fact; 'when did that open?' the close fact with a date; 'as of?' the date", () => {
    expect(last(converse("where is alibaba cloud's japan data centre", "who hosts it?")).fact?.id).toBe(
      "sb-cloud",
    );
    expect(last(converse("where is alibaba cloud's japan data centre", "when did that open?")).fact?.id).toBe(
      "alibaba-cloud-japan-launch",
    );
    expect(last(converse("how many digital customers does southeast asia have", "as of?")).fact?.id).toBe(
      "sea-digital-customers",
    );
  });

  it("'when did it open?' after SB Cloud: the close fact that has the turn's own word and a date", () => {
    expect(last(converse("what is SB Cloud", "when did it open?")).fact?.id).toBe(
      "alibaba-cloud-japan-launch",
    );
  });

  it("'which year is this number?' and 'how old is that figure' give the date of what was just said", () => {
    // "What time is it" is the clock's time, not the date of the last answer.
    expect(last(converse("what's alibaba's stake in singpost", "what time is it")).answered).toBe(false);
    for (const q of ["Which year is this number?", "how old is that figure"]) {
      const answer = last(converse("how many digital customers does southeast asia have", q));
      expect(answer.fact?.id, q).toBe("sea-digital-customers");
    }
  });

  it("a choice by place and name ('2 - data center') goes by the offered title it echoes", () => {
    const [offer] = converse("japan");
    expect(offer?.outcome).toBe("suggest");
    const titled = (offer?.suggestions ?? []).findIndex((f) => f.id === "tokyo-data-center");
    expect(titled).toBeGreaterThanOrEqual(0);
    // Whatever place the data center was offered in, the words settle it.
    const wrongPlace = titled === 0 ? 2 : 1;
    expect(last(converse("japan", `${wrongPlace} - data center`)).fact?.id).toBe("tokyo-data-center");
    expect(
      last(converse("Tell me the number of Cloud Sword", "The second one, investigations")).fact?.id,
    ).toBe("cloud-sword-investigations");
  });

  it("'is the UAE one of them?' after the regions checks the list; 'as of when is that number?' after a share dates its dated part", () => {
    const [, listed] = converse(
      "Is Alibaba Cloud really in 14 economic centers now?",
      "Fine. Is the UAE one of them?",
    );
    expect(listed?.verdict?.answer).toBe("yes");
    const dated = last(
      converse(
        "How big is Southeast Asia's population?",
        "And how many of them are digital customers?",
        "What share of the population is that?",
        "As of when is that number?",
      ),
    );
    expect(dated.fact?.id).toBe("sea-digital-customers");
  });

  it("'where are the servers sitting?' after the Japan launch asks for a place, 'sitting' being no attribute", () => {
    expect(
      last(
        converse(
          "when did alibaba cloud launch in japan",
          "and physically where are the servers sitting, like which city?",
        ),
      ).fact?.id,
    ).toBe("tokyo-data-center");
  });

  it("a long first message that names its subjects is answered or declined as it is, never asked back", () => {
    const [answer] = converse(
      "feels like every week there's another headline about some company moving into Asia. Amazon, Alibaba, everyone. is there a particular region that's being called the next big ecommerce boom? I want to know where",
    );
    expect(answer?.outcome).not.toBe("clarify");
  });

  it("a first turn whose 'that' is named earlier in the same message is answered, not asked back", () => {
    const [answer] = converse(
      "Okay so there's the whole Japan cloud launch. I gather Alibaba partnered with SoftBank somehow, what's that joint venture actually called?",
    );
    expect(answer?.fact?.id).toBe("sb-cloud");
  });

  it("'difference in points?' is computed on the fact talked about, not on a fact that shares its words", () => {
    const answer = last(
      converse("alibaba's stake in singpost?", "and before that?", "difference in points?"),
    );
    expect(answer.fact?.id).toBe("singpost-stake");
    expect(answer.derivation?.result.number).toBeCloseTo(4.17, 2);
  });

  it("'exactly 300?' of 'more than 300' is No; 'thats as of when' and 'where's the source on that?' are understood", () => {
    expect(last(converse("how many people did cloud sword arrest", "exactly 300?")).verdict?.answer).toBe(
      "no",
    );
    expect(last(converse("how many digital customers in southeast asia", "thats as of when")).fact?.id).toBe(
      "sea-digital-customers",
    );
    expect(last(converse("which city did baidu sign with", "where's the source on that?")).quoted).toBe(true);
  });

  it("'it' may be a name the last answer gave: 'who owns it?' after the host of the Tokyo data centre", () => {
    const answers = converse("which company hosts alibaba's japanese data centre", "who owns it?");
    expect(answers.map((a) => a.fact?.id)).toEqual(["tokyo-data-center", "sb-cloud"]);
  });

  it("a new subject after a turn that named none asks what that turn asked: 'what about china?' declines", () => {
    const answers = converse(
      "how many people live in southeast asia",
      "and the digital people?",
      "what about china?",
    );
    expect(answers.map((a) => a.outcome)).toEqual(["answer", "answer", "decline"]);
  });
  it("corrections: 'no, I meant investigations' after the arrests, 'no, tencent' after Baidu", () => {
    expect(
      last(converse("how many arrests did cloud sword make", "no, I meant investigations")).fact?.id,
    ).toBe("cloud-sword-investigations");
    expect(last(converse("which city did baidu sign a deal with", "no, tencent")).fact?.id).toBe(
      "tencent-jiaxing",
    );
  });

  it("'no, I meant the stake before' keeps the fact and picks the earlier value", () => {
    const answer = last(converse("what's alibaba's stake in singpost", "no, I meant the stake before"));
    expect(answer.derivation?.result.number).toBe(10.23);
  });

  it("more: 'tell me more' gives a related fact not yet given; 'source?' the same fact", () => {
    const [first, more] = converse("how many arrests did cloud sword make", "tell me more");
    expect(more?.answered).toBe(true);
    expect(more?.fact?.id).not.toBe(first?.fact?.id);
    expect(more?.fact?.category).toBe(first?.fact?.category);
    expect(last(converse("how many arrests did cloud sword make", "source?")).fact?.id).toBe(
      "cloud-sword-arrests",
    );
  });

  it.each([
    "and before that?",
    "when?",
    "who said that?",
    "2",
    "the second one",
    "tell me more",
    "source?",
    "and tencent?",
    "is it the biggest?",
  ])("%j with nothing before it asks what it refers to, never answers a fact", (question) => {
    const answer = engine.ask(question, { previous: [] });
    expect(answer.outcome).toBe("clarify");
    expect(answer.fact).toBeNull();
  });
});

describe("a question that makes sense alone is answered the same after any earlier turn", () => {
  const openers = [
    "what's alibaba's stake in singpost",
    "how many arrests did cloud sword make",
    "what is amazon's revenue",
    "alibaba deal",
    "which city did baidu sign a deal with",
    "how many cloud regions does alibaba have",
  ];
  const contexts = openers.map((q) => [turnOf(q, engine.ask(q))]);
  const key = (a: EngineAnswer) =>
    `${a.outcome}:${a.fact?.id ?? ""}:${a.verdict?.answer ?? ""}:${a.derivation?.operation ?? ""}`;

  it("≥ 99.5% of the labelled questions answered or declined alone, after each of six different turns", () => {
    const changed: string[] = [];
    let cases = 0;
    for (const { q } of [...loadQuestions("dev"), ...loadQuestions("test")]) {
      const alone = engine.ask(q);
      if (alone.outcome !== "answer" && alone.outcome !== "decline") continue;
      for (const previous of contexts) {
        cases++;
        const after = engine.ask(q, { previous });
        if (key(after) !== key(alone))
          changed.push(`${q} after "${previous[0]?.question}": ${key(alone)} → ${key(after)}`);
      }
    }
    expect(cases).toBeGreaterThan(2000);
    expect(changed.length / cases, changed.slice(0, 10).join("\n")).toBeLessThanOrEqual(0.005);
  });
});
