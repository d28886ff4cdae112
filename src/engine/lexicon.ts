/**
 * Word lists for reading questions the way people type them in Discord.
 * Domain-neutral: nothing here names a fact; names and synonyms of the tracker's subjects
 * live in the fact files' keywords, and the canonical spellings below only fold variants together.
 */

/** Whole-word shorthand and contractions, expanded before anything else. */
export const SHORTHAND: Readonly<Record<string, string>> = {
  whats: "what is",
  wats: "what is",
  wat: "what",
  wut: "what",
  wht: "what",
  whta: "what",
  waht: "what",
  hw: "how",
  howmany: "how many",
  hows: "how is",
  whos: "who is",
  wheres: "where is",
  whens: "when is",
  whys: "why is",
  whose: "who",
  thats: "that is",
  theres: "there is",
  its: "it is",
  isnt: "is not",
  arent: "are not",
  doesnt: "does not",
  dont: "do not",
  didnt: "did not",
  wont: "will not",
  cant: "can not",
  u: "you",
  ur: "your",
  r: "are",
  ya: "you",
  pls: "please",
  plz: "please",
  thx: "thanks",
  thnx: "thanks",
  tx: "thanks",
  ty: "thanks",
  tysm: "thanks",
  abt: "about",
  bout: "about",
  cuz: "because",
  bc: "because",
  coz: "because",
  w: "with",
  ppl: "people",
  pop: "population",
  govt: "government",
  gov: "government",
  intl: "international",
  tech: "technology",
  techs: "technologies",
  op: "operation",
  ops: "operations",
  mil: "million",
  mln: "million",
  mn: "million",
  m: "million",
  bn: "billion",
  bil: "billion",
  b: "billion",
  k: "thousand",
  yr: "year",
  yrs: "years",
  mo: "month",
  mos: "months",
  approx: "about",
  info: "information",
  biz: "business",
  co: "company",
  sg: "singapore",
  sgp: "singapore",
  corp: "company",
  dc: "data center",
  dcs: "data centers",
  datacenter: "data center",
  datacenters: "data centers",
  datacentre: "data center",
  datacentres: "data centers",
  centre: "center",
  centres: "centers",
  vs: "versus",
  jv: "joint venture",
  ceo: "chief executive",
  hq: "headquarters",
  wich: "which",
  whch: "which",
  wil: "will",
  teh: "the",
  hwo: "how",
  haw: "how",
  whn: "when",
  wen: "when",
  wher: "where",
  thier: "their",
  abour: "about",
  im: "i am",
  ive: "i have",
  id: "i would",
  youre: "you are",
  theyre: "they are",
  weve: "we have",
  whatre: "what are",
  ben: "been",
  hav: "have",
  adn: "and",
  avg: "average",
  becuase: "because",
  beacuse: "because",
};

/**
 * Multi-word names and spelling variants folded into one canonical token, longest first.
 * Each canonical token is what fact keywords are indexed under too, so both sides meet.
 */
export const PHRASES: ReadonlyArray<readonly [string, string]> = [
  ["south east asian", "southeastasia"],
  ["south east asia", "southeastasia"],
  ["southeast asian", "southeastasia"],
  ["southeast asia", "southeastasia"],
  ["southeastern asia", "southeastasia"],
  ["se asia", "southeastasia"],
  ["sea", "southeastasia"],
  ["asean", "southeastasia"],
  ["alibaba cloud global", "alibabacloud global"],
  ["alibaba cloud", "alibabacloud"],
  ["alibabas cloud", "alibabacloud"],
  ["ali cloud", "alibabacloud"],
  ["alicloud", "alibabacloud"],
  ["aliyun", "alibabacloud"],
  ["ali yun", "alibabacloud"],
  ["ali baba", "alibaba"],
  ["singapore post", "singpost"],
  ["singapore posts", "singpost"],
  ["sing post", "singpost"],
  ["singaporepost", "singpost"],
  ["thailand post", "thailandpost"],
  ["thai post", "thailandpost"],
  ["ant financial", "antfinancial"],
  ["ant group", "antfinancial"],
  ["ant fin", "antfinancial"],
  ["ant", "antfinancial"],
  ["alipay parent", "antfinancial"],
  ["alipay owner", "antfinancial"],
  ["antfin", "antfinancial"],
  ["sb cloud", "sbcloud"],
  ["soft bank", "softbank"],
  ["cloud sword", "cloudsword"],
  ["cloudsword", "cloudsword"],
  ["notorious markets", "notoriousmarkets"],
  ["notorious market", "notoriousmarkets"],
  ["office of the us trade representative", "ustr"],
  ["us trade representative", "ustr"],
  ["united states trade representative", "ustr"],
  ["trade representative", "ustr"],
  ["the us trade representative", "ustr"],
  ["the us trade rep", "ustr"],
  ["the us trade office", "ustr"],
  ["us trade rep", "ustr"],
  ["usa trade representative", "ustr"],
  ["usa trade rep", "ustr"],
  ["trade rep", "ustr"],
  ["trade office", "ustr"],
  ["trade representatives office", "ustr"],
  ["13th five year plan", "fiveyearplan"],
  ["thirteenth five year plan", "fiveyearplan"],
  ["five year plan", "fiveyearplan"],
  ["5 year plan", "fiveyearplan"],
  ["5yr plan", "fiveyearplan"],
  ["fyp", "fiveyearplan"],
  ["united states", "usa"],
  ["the us", "usa"],
  ["in us", "usa"],
  ["united arab emirates", "uae"],
  ["joint venture", "jointventure"],
  ["vice president", "vp"],
  ["general manager", "generalmanager"],
  ["gm", "generalmanager"],
  ["artificial intelligence", "ai"],
  ["big data", "bigdata"],
  ["e commerce", "ecommerce"],
  ["data centers", "region"],
  ["data center", "region"],
  ["economic centers", "region"],
  ["economic center", "region"],
  ["cloud regions", "cloud region"],
  ["regions", "region"],
  ["percentage points", "point"],
  ["percentage point", "point"],
  ["per cent", "percent"],
  ["percentage", "percent"],
  ["pct", "percent"],
  ["alibaba group holding", "alibaba group"],
  ["group holding", "group"],
  ["holding", "stake"],
  ["shareholding", "stake"],
  ["holdings", "stake"],
  ["ownership", "stake"],
  ["equity", "stake"],
  ["share", "stake"],
  ["shares", "stake"],
  ["smart cities", "smartcity"],
  ["smart city", "smartcity"],
  ["smarter cities", "smartcity"],
  ["second largest", "secondlargest"],
  ["2nd largest", "secondlargest"],
  ["second biggest", "secondlargest"],
  ["2nd biggest", "secondlargest"],
  ["number two", "secondlargest"],
  ["no 2", "secondlargest"],
  ["digital customers", "digitalcustomer"],
  ["digital customer", "digitalcustomer"],
  ["digital consumers", "digitalcustomer"],
  ["online shoppers", "digitalcustomer"],
  ["online customers", "digitalcustomer"],
  ["online consumers", "digitalcustomer"],
  ["online buyers", "digitalcustomer"],
  ["internet users", "digitalcustomer"],
  ["internet economy", "interneteconomy"],
  ["internet market", "interneteconomy"],
  ["digital market", "interneteconomy"],
  ["online market", "interneteconomy"],
  ["digital economy", "interneteconomy"],
  ["online economy", "interneteconomy"],
  ["web economy", "interneteconomy"],
];

/**
 * Words that carry no topic: question words, auxiliaries, pronouns, chat filler.
 * They are dropped from the content terms (question words still decide the kind of answer wanted).
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a an the and or but if then so of to in on at by for from with without into onto about as is are was were be
  been being am do does did done doing have has had having will would shall should can could may might must
  what which who whom when where why how whats that this these those there here it its it's they them their
  theirs he him his she her hers we us our ours you your yours i me my mine
  any some all each every no not only just also too very really quite much many more most lot lots
  please pls tell me know say said says let lets give show explain find check wonder wondering wondered
  curious question questions ask asking answer anyone anybody someone somebody guys guy folks everyone bro dude
  man hey hi hello yo sup ok okay oh ah um uh hmm well like so actually basically literally now currently
  right still yet again ever already exactly anyway btw fyi quick quickly real rn tho though
  got get gets getting go goes going gone went thing things stuff kind sort bit
  one ones than other another else such same own via per vs versus
  bot tracker edition article news report reported reportedly
  sorry sry something anything everything nothing rather never com net org www http https
  seriously honestly frankly truly genuinely spoiler spoilers json yaml xml csv html markdown format formatted
  click link
  out across besides beside between among amongst during before after behind like likely whole nah
  heck hell damn lol lmao omg bruh wtf idk tbh imo ngl lemme gimme wanna gonna kinda sorta yeah yes nope yep
  remind reminder recall remember confirm name named called count number figure figures stat stats details
  detail latest update status time exactly roughly approximately around nowadays today these days days
  date dates month months day week weeks year years when wait hold hmmm hm mhm okk kk
  guess suppose assume hear heard saw read`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Words that cue an operation over figures. They are read by the derivation step and are not
 * topic words: "by how many points" must not count "points" as an unknown subject.
 */
export const OPERATION_WORDS: ReadonlySet<string> = new Set(
  `point points difference differ diff increase increased increases increasing rise rises rising rose risen
  raise raised raises raising jump jumped grow grows grew growth grown gain gained change changed changes
  went up down higher lower bigger smaller larger fewer less more ratio average avg mean per each every
  fraction proportion portion percent share combined together total sum altogether plus minus relative
  remaining rest remain left before after previous previously prior earlier originally original
  current currently new newer later final target targeted then between term terms span spans spanned
  divided divide divides times once done yet last lasts long longer length compared basis fit fits
  factor multiplied far`
    .split(/\s+/)
    .filter(Boolean),
);

/** Greetings and chat: a message made only of these (and stopwords) is small talk, not a question. */
export const SMALLTALK: Readonly<Record<string, readonly string[]>> = {
  greeting: [
    "hi",
    "hello",
    "hey",
    "heya",
    "hiya",
    "yo",
    "sup",
    "howdy",
    "greetings",
    "morning",
    "evening",
    "afternoon",
    "hallo",
    "hola",
    "gm",
  ],
  thanks: ["thanks", "thank", "thankyou", "cheers", "appreciate", "appreciated", "grateful", "ta"],
  praise: [
    "nice",
    "great",
    "cool",
    "awesome",
    "good",
    "perfect",
    "amazing",
    "helpful",
    "legend",
    "neat",
    "sweet",
    "wow",
  ],
  farewell: ["bye", "goodbye", "cya", "later", "night", "gn", "farewell", "ttyl"],
  identity: ["who", "you", "name", "are", "bot", "human", "real", "made", "built", "created", "owner"],
  capabilities: [
    "help",
    "commands",
    "command",
    "usage",
    "use",
    "topics",
    "topic",
    "covers",
    "cover",
    "know",
    "can",
    "do",
    "ask",
    "able",
  ],
};

/**
 * Framing words: how people wrap a question, not what it is about ("what's the *problem* with…",
 * "why does it *want* to…"). They weigh little either way, so a paraphrase is not sunk by them, while
 * words that name another subject or attribute (revenue, price, Tencent, 2014) keep their full weight.
 */
export const FRAMING_WORDS: ReadonlySet<string> = new Set(
  `problem problems issue issues matter matters thing things think thought thinks want wanted wants need needs
  try trying tried tries care cares caring aim aims aiming effort efforts involved involve involvement situation
  story happen happened happening happens coming come comes came mean means meant describe description explain
  summary summarize overview regarding concerning related relation relationship big bigger biggest large huge
  small far back live living exist exists existing offer offering offered provide provides provided make makes
  made making doing get getting give giving take taking tell telling saying stated state claim claims according
  source really actually general specific main major key important level type way ways part side look looking
  seem seems seemed sound sounds supposed meant idea ideas move moves moving
  work works working job role roles thing up going use uses used using gave give gives given hit hits
  project projects initiative initiatives reach reached reaches push pushes pushed
  bring brings bringing brought put puts add adds added adding set sets show shows showed shown see saw seen
  overall worldwide already still ever once later soon recently recent lately anymore basically essentially
  company companies firm firms business businesses group organisation organization entity outfit player
  players side sides area areas field fields sector space industry world global globally today currently
  amount level size scale extent degree much lot lots plenty major minor massive tiny huge enormous
  mention mentions mentioned mentioning talk talks talked talking speak spoke discuss discussed cover covers
  covered covering include includes included including involve involving concern concerned relate relates
  end ended ending up done doing did does happen happened occurs occurred place places took taking`
    .split(/\s+/)
    .filter(Boolean),
);
