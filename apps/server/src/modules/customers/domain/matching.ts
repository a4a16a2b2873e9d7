/**
 * Identity resolution as pure functions: is this record the same person as that customer?
 *
 * - Fields are compared into levels (exact, similar, different, missing) with Jaro–Winkler
 *   similarity for typos; given and family name are also compared crossed (swapped fields), and a
 *   Chinese family name is compared with its pinyin (王 ~ Wang).
 * - Fellegi–Sunter: each level has a match weight log2(m/u), m the chance of that level for a true
 *   match and u for a non-match; the weights add up. m and u start from priors and can be
 *   estimated from the data by expectation maximisation (`estimateParameters`); u of an exact name
 *   can be adjusted by how common the name is (`frequency`).
 * - Thresholds: above `upper` the record is linked, between `lower` and `upper` a suggestion is
 *   queued, below a new customer is made. Every decision keeps its explanation.
 * - Strong identities (phone, e-mail, member number, national ID) link deterministically, unless
 *   the names are clearly different people's (a family's landline): then a suggestion, never a
 *   merge — two people are never joined only because they share an e-mail.
 */

export interface MatchRecord {
  givenName?: string | undefined;
  familyName?: string | undefined;
  /** A full name, used for given and family name when those are not given. */
  name?: string | undefined;
  birthDate?: string | undefined;
  line1?: string | undefined;
  locality?: string | undefined;
  region?: string | undefined;
  postcode?: string | undefined;
}

export type Level = "exact" | "similar" | "different" | "missing";
export const FIELDS = ["givenName", "familyName", "birthDate", "line1", "locality", "postcode", "region"] as const;
export type Field = (typeof FIELDS)[number];
export type ComparisonVector = Record<Field, Level>;

/** m and u per field and level (missing weighs nothing). */
export type Parameters = Record<Field, { m: Record<Exclude<Level, "missing">, number>; u: Record<Exclude<Level, "missing">, number> }>;

export const PRIORS: Parameters = {
  givenName: { m: { exact: 0.87, similar: 0.1, different: 0.03 }, u: { exact: 0.01, similar: 0.03, different: 0.96 } },
  familyName: { m: { exact: 0.85, similar: 0.1, different: 0.05 }, u: { exact: 0.005, similar: 0.02, different: 0.975 } },
  birthDate: { m: { exact: 0.85, similar: 0.1, different: 0.05 }, u: { exact: 0.0005, similar: 0.005, different: 0.9945 } },
  line1: { m: { exact: 0.75, similar: 0.17, different: 0.08 }, u: { exact: 0.0005, similar: 0.005, different: 0.9945 } },
    // Locality, postcode and region say much the same thing: their weights are kept modest.
  locality: { m: { exact: 0.85, similar: 0.08, different: 0.07 }, u: { exact: 0.03, similar: 0.02, different: 0.95 } },
  postcode: { m: { exact: 0.85, similar: 0.07, different: 0.08 }, u: { exact: 0.005, similar: 0.03, different: 0.965 } },
  region: { m: { exact: 0.93, similar: 0.01, different: 0.06 }, u: { exact: 0.3, similar: 0.01, different: 0.69 } },
};

/** In match weight (bits): 16 is a posterior of about 2 to 1 on a prior of 1 in 2^15; from 10, a person reviews. */
export const THRESHOLDS = { upper: 16, lower: 10 } as const;

export interface FieldWeight {
  field: Field;
  level: Level;
  weight: number;
}

export interface Score {
  weight: number;
  /** The match probability, from the weight and a prior of 1 in 2^15 (what the link report shows). */
  probability: number;
  swapped: boolean;
  fields: FieldWeight[];
}

export type Decision =
  | { decision: "linked"; candidateId: string; score: number; explanation: Explanation }
  | { decision: "suggested"; candidateId: string; score: number; reason: "probable_match" | "shared_identity"; explanation: Explanation }
  | { decision: "new"; score: number | null; explanation: Explanation | null };

export interface Explanation {
  /** The strong identity kinds both held, when the decision came from one. */
  identities?: string[];
  weight?: number;
  swapped?: boolean;
  fields?: FieldWeight[];
  note?: string;
}

// ---------------------------------------------------------------------------------- strings

/** Lower case, no accents, letters, digits and single spaces (CJK kept as they are). */
export function simplify(text: string | undefined): string {
  if (!text) return "";
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .normalize("NFKC")
    .toLowerCase()
    .replace(/['’`]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
export const isCjk = (text: string): boolean => CJK.test(text);

/** Compound Chinese family names (the rest are one character). */
const COMPOUND_SURNAMES = ["欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "端木", "澹台", "申屠", "南宫", "西门", "闻人"];

/** The commonest Chinese family names and their pinyin (without tones). */
const SURNAME_PINYIN: Record<string, string> = {
  王: "wang", 李: "li", 张: "zhang", 刘: "liu", 陈: "chen", 杨: "yang", 黄: "huang", 赵: "zhao", 吴: "wu", 周: "zhou",
  徐: "xu", 孙: "sun", 马: "ma", 朱: "zhu", 胡: "hu", 郭: "guo", 何: "he", 高: "gao", 林: "lin", 罗: "luo",
  郑: "zheng", 梁: "liang", 谢: "xie", 宋: "song", 唐: "tang", 许: "xu", 韩: "han", 冯: "feng", 邓: "deng", 曹: "cao",
  彭: "peng", 曾: "zeng", 肖: "xiao", 田: "tian", 董: "dong", 袁: "yuan", 潘: "pan", 于: "yu", 蒋: "jiang", 蔡: "cai",
  余: "yu", 杜: "du", 叶: "ye", 程: "cheng", 苏: "su", 魏: "wei", 吕: "lv", 丁: "ding", 任: "ren", 沈: "shen",
  姚: "yao", 卢: "lu", 姜: "jiang", 崔: "cui", 钟: "zhong", 谭: "tan", 陆: "lu", 汪: "wang", 范: "fan", 金: "jin",
  石: "shi", 廖: "liao", 贾: "jia", 夏: "xia", 韦: "wei", 付: "fu", 方: "fang", 白: "bai", 邹: "zou", 孟: "meng",
  熊: "xiong", 秦: "qin", 邱: "qiu", 江: "jiang", 尹: "yin", 薛: "xue", 闫: "yan", 段: "duan", 雷: "lei", 侯: "hou",
  龙: "long", 史: "shi", 陶: "tao", 黎: "li", 贺: "he", 顾: "gu", 毛: "mao", 郝: "hao", 龚: "gong", 邵: "shao",
  欧阳: "ouyang", 司马: "sima", 诸葛: "zhuge", 上官: "shangguan", 慕容: "murong",
};

/** Given and family name of a record: as given, or split from the full name (Chinese: family first; otherwise family last). */
export function nameParts(r: MatchRecord): { given: string; family: string } {
  let given = simplify(r.givenName);
  let family = simplify(r.familyName);
  if (!given && !family && r.name) {
    const full = simplify(r.name);
    if (isCjk(full) && !full.includes(" ")) {
      const compound = COMPOUND_SURNAMES.find((s) => full.startsWith(s) && full.length > s.length);
      const cut = compound ? compound.length : 1;
      family = full.slice(0, cut);
      given = full.slice(cut);
    } else {
      const tokens = full.split(" ").filter(Boolean);
      // "王芳 Wang Fang": the Latin tokens when the text mixes scripts.
      const latin = tokens.filter((t) => !isCjk(t));
      const use = latin.length >= 2 ? latin : tokens;
      family = use.length > 1 ? use[use.length - 1]! : (use[0] ?? "");
      given = use.length > 1 ? use.slice(0, -1).join(" ") : "";
    }
  }
  return { given, family };
}

/** Jaro–Winkler similarity, 0..1. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  if (!a.length || !b.length) return 0;
  const range = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatch = new Array<boolean>(a.length).fill(false);
  const bMatch = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - range); j < Math.min(b.length, i + range + 1); j++) {
      if (bMatch[j] || a[i] !== b[j]) continue;
      aMatch[i] = bMatch[j] = true;
      matches++;
      break;
    }
  }
  if (!matches) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    if (!aMatch[i]) continue;
    while (!bMatch[j]) j++;
    if (a[i] !== b[j]) transpositions++;
    j++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < Math.min(4, a.length, b.length) && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** A family name in Latin letters when it is a known Chinese one (王 → wang); otherwise as it is. */
function romanised(family: string): string {
  return SURNAME_PINYIN[family] ?? family;
}

function compareName(a: string, b: string, family: boolean): Level {
  if (!a || !b) return "missing";
  if (family) {
    a = romanised(a);
    b = romanised(b);
  }
  if (a === b) return "exact";
  // Chinese against Latin letters, without a reading: nothing known.
  if (isCjk(a) !== isCjk(b)) return "missing";
  // A stray or missing space ("sal t", "salt"): the same letters.
  if (a.replace(/ /g, "") === b.replace(/ /g, "")) return "similar";
  // An initial ("j" or "j." against "john").
  if ((a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b))) return "similar";
  return jaroWinkler(a, b) >= 0.88 ? "similar" : "different";
}

function compareText(a: string | undefined, b: string | undefined, threshold: number): Level {
  const x = simplify(a);
  const y = simplify(b);
  if (!x || !y) return "missing";
  if (x === y) return "exact";
  const xs = x.replace(/ /g, "");
  const ys = y.replace(/ /g, "");
  if (xs === ys) return "similar";
  // One is part of the other ("8" of "8 eddy crescent"): a value cut short, not another one.
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (threshold < 1 && (` ${long} `.includes(` ${short} `))) return "similar";
  return jaroWinkler(xs, ys) >= threshold ? "similar" : "different";
}

/** Dates: exact; similar when one typo away (one digit, or day and month swapped); else different. */
export function compareDates(a: string | undefined, b: string | undefined): Level {
  if (!a || !b) return "missing";
  if (a === b) return "exact";
  if (a.length !== b.length) return "different";
  const [ya, ma, da] = a.split("-");
  const [yb, mb, db] = b.split("-");
  if (ya === yb && ma === db && da === mb) return "similar";
  // One digit wrong, or two neighbouring digits transposed (1985 → 1958).
  return oneTypoApart(a, b) ? "similar" : "different";
}

function comparePostcode(a: string | undefined, b: string | undefined): Level {
  const x = simplify(a).replace(/ /g, "");
  const y = simplify(b).replace(/ /g, "");
  if (!x || !y) return "missing";
  if (x === y) return "exact";
  return oneTypoApart(x, y) ? "similar" : "different";
}

/** Same length and one character different, or two neighbouring characters swapped (2208 → 2280). */
export function oneTypoApart(x: string, y: string): boolean {
  if (x.length !== y.length) return false;
  const diffs: number[] = [];
  for (let i = 0; i < x.length && diffs.length <= 2; i++) if (x[i] !== y[i]) diffs.push(i);
  if (diffs.length === 1) return true;
  return diffs.length === 2 && diffs[1] === diffs[0]! + 1 && x[diffs[0]!] === y[diffs[1]!] && x[diffs[1]!] === y[diffs[0]!];
}

// ---------------------------------------------------------------------------------- scoring

export function compare(a: MatchRecord, b: MatchRecord): { vector: ComparisonVector; swapped: boolean; parameters?: never } {
  const na = nameParts(a);
  const nb = nameParts(b);
  const straight = { givenName: compareName(na.given, nb.given, false), familyName: compareName(na.family, nb.family, true) };
  const crossed = { givenName: compareName(na.given, nb.family, false), familyName: compareName(na.family, nb.given, false) };
  const rank = (l: Level) => ({ exact: 3, similar: 2, missing: 1, different: 0 })[l];
  const swapped = rank(crossed.givenName) + rank(crossed.familyName) > rank(straight.givenName) + rank(straight.familyName) && rank(crossed.givenName) >= 2 && rank(crossed.familyName) >= 2;
  const names = swapped ? crossed : straight;
  return {
    vector: {
      ...names,
      birthDate: compareDates(a.birthDate, b.birthDate),
      line1: compareText(a.line1, b.line1, 0.85),
      locality: compareText(a.locality, b.locality, 0.88),
      postcode: comparePostcode(a.postcode, b.postcode),
      region: compareText(a.region, b.region, 1),
    },
    swapped,
  };
}

/** How common an exact value is among all records (0..1), for the term-frequency adjustment. */
export type Frequency = (field: Field, value: string) => number | undefined;

export function weigh(vector: ComparisonVector, parameters: Parameters = PRIORS, tf?: { frequency: Frequency; record: MatchRecord }): FieldWeight[] {
  const parts = tf ? nameParts(tf.record) : null;
  return FIELDS.map((field) => {
    const level = vector[field];
    if (level === "missing") return { field, level, weight: 0 };
    const p = parameters[field];
    let u = p.u[level];
    if (level === "exact" && tf && parts) {
      const value = field === "givenName" ? parts.given : field === "familyName" ? parts.family : undefined;
      const f = value ? tf.frequency(field, value) : undefined;
      // A common name agreeing says less than a rare one: u is how often it occurs.
      if (f !== undefined && f > 0) u = Math.max(f, u / 10);
    }
    return { field, level, weight: round(Math.log2(p.m[level] / u)) };
  });
}

const PRIOR_LOG_ODDS = -15;

export function score(a: MatchRecord, b: MatchRecord, parameters: Parameters = PRIORS, frequency?: Frequency): Score {
  const { vector, swapped } = compare(a, b);
  const fields = weigh(vector, parameters, frequency ? { frequency, record: a } : undefined);
  const weight = round(fields.reduce((s, f) => s + f.weight, 0));
  return { weight, probability: round(1 / (1 + 2 ** -(weight + PRIOR_LOG_ODDS)), 6), swapped, fields };
}

/**
 * Two records whose names clearly differ, however the fields are read, are two people (a family
 * sharing a landline, a sister at the same address) — unless they were born on the same day, when
 * the name is more likely mistyped.
 */
export function namesClearlyDiffer(a: MatchRecord, b: MatchRecord): boolean {
  const { vector } = compare(a, b);
  const names = vector.givenName === "different" || (vector.givenName === "missing" && vector.familyName === "different");
  return names && vector.birthDate !== "exact" && vector.birthDate !== "similar";
}

/** What an import decides with: m and u (estimated from the data), name frequencies and the thresholds. */
export interface MatchModel {
  parameters?: Parameters;
  frequency?: Frequency;
  /** Fixed, or from the number of candidates a record is compared with (the prior of domain/match-model.ts). */
  thresholds?: { upper: number; lower: number } | ((candidates: number) => { upper: number; lower: number });
}

/** A customer as compared: every record it was resolved from (its first, its typos, its other systems' spellings). */
export interface Candidate {
  customerId: string;
  records: MatchRecord[];
}

/** The best score of a record against any of a customer's records. */
export function bestScore(record: MatchRecord, c: Candidate, model: MatchModel = {}): Score | null {
  let best: Score | null = null;
  for (const r of c.records) {
    const s = score(record, r, model.parameters, model.frequency);
    if (!best || s.weight > best.weight) best = s;
  }
  return best;
}

/**
 * The decision for a record, given who holds its strong identities and the candidates found by
 * blocking, each with the records it was resolved from.
 */
export function decide(record: MatchRecord, holders: (Candidate & { kinds: string[] })[], candidates: Candidate[], model: MatchModel = {}): Decision {
  const t = model.thresholds ?? THRESHOLDS;
  const thresholds = typeof t === "function" ? t(candidates.length) : t;
  const samePerson = (c: Candidate) => c.records.some((r) => !namesClearlyDiffer(record, r));
  for (const holder of holders) {
    if (samePerson(holder)) return { decision: "linked", candidateId: holder.customerId, score: 1, explanation: { identities: holder.kinds } };
  }
  const sharedWith = holders[0];
  let best: { c: Candidate; s: Score } | null = null;
  for (const c of candidates) {
    if (holders.some((h) => h.customerId === c.customerId)) continue;
    const s = bestScore(record, c, model);
    if (s && (!best || s.weight > best.s.weight)) best = { c, s };
  }
  const explain = (s: Score): Explanation => ({ weight: s.weight, swapped: s.swapped, fields: s.fields });
  // An automatic link needs a name to compare: a birth date and an address alone are a person's call.
  const namesCompared = (s: Score) => s.fields.some((f) => (f.field === "givenName" || f.field === "familyName") && f.level !== "missing");
  if (best && best.s.weight >= thresholds.upper && samePerson(best.c) && namesCompared(best.s)) {
    return { decision: "linked", candidateId: best.c.customerId, score: best.s.probability, explanation: explain(best.s) };
  }
  if (sharedWith) {
    const s = bestScore(record, sharedWith, model) ?? score(record, {}, model.parameters);
    return { decision: "suggested", candidateId: sharedWith.customerId, score: s.probability, reason: "shared_identity", explanation: { ...explain(s), identities: sharedWith.kinds, note: "shares an identity, but the names differ" } };
  }
  if (best && best.s.weight >= thresholds.lower) {
    return { decision: "suggested", candidateId: best.c.customerId, score: best.s.probability, reason: "probable_match", explanation: explain(best.s) };
  }
  return { decision: "new", score: best ? best.s.probability : null, explanation: best ? explain(best.s) : null };
}

// ---------------------------------------------------------------------------------- blocking

/**
 * The keys a record is filed under; records sharing a key are compared. Several keys so that a
 * typo in one field still meets the other record through another: family name with the given
 * name's initial (both ways round, for swapped fields), birth date, postcode with an initial.
 */
export function blockingKeys(r: MatchRecord): string[] {
  const { given, family } = nameParts(r);
  const fam = romanised(family).replace(/ /g, "");
  const giv = given.replace(/ /g, "");
  const keys = new Set<string>();
  if (fam && giv) {
    keys.add(`n:${fam}:${giv.slice(0, 1)}`);
    keys.add(`n:${giv}:${fam.slice(0, 1)}`);
  } else if (fam || giv) keys.add(`n:${fam || giv}:`);
  if (r.birthDate) keys.add(`b:${r.birthDate}`);
  const pc = simplify(r.postcode).replace(/ /g, "");
  if (pc && (fam || giv)) keys.add(`p:${pc}:${(fam || giv).slice(0, 1)}`);
  if (pc && giv) keys.add(`p:${pc}:${giv.slice(0, 1)}`);
  return [...keys];
}

// ---------------------------------------------------------------------------------- estimation

/**
 * Expectation maximisation of m and u (and the share of matches) from comparison vectors of
 * candidate pairs, under conditional independence of the fields: the method of the public tools
 * (Splink, fastLink). Starts from `start`; missing levels are ignored. `holdU` keeps u as given
 * (estimated from random pairs, which is more reliable) and estimates m and the match share.
 */
export function estimateParameters(vectors: ComparisonVector[], start: Parameters = PRIORS, iterations = 20, options: { holdU?: boolean } = {}): { parameters: Parameters; matchShare: number } {
  let params = structuredClone(start);
  let lambda = 0.1;
  const levels = ["exact", "similar", "different"] as const;
  for (let it = 0; it < iterations && vectors.length; it++) {
    const mCount = Object.fromEntries(FIELDS.map((f) => [f, { exact: 0, similar: 0, different: 0 }])) as Record<Field, Record<(typeof levels)[number], number>>;
    const uCount = structuredClone(mCount);
    let matchSum = 0;
    for (const v of vectors) {
      let logM = Math.log(lambda);
      let logU = Math.log(1 - lambda);
      for (const f of FIELDS) {
        const l = v[f];
        if (l === "missing") continue;
        logM += Math.log(params[f].m[l]);
        logU += Math.log(params[f].u[l]);
      }
      const g = 1 / (1 + Math.exp(logU - logM));
      matchSum += g;
      for (const f of FIELDS) {
        const l = v[f];
        if (l === "missing") continue;
        mCount[f][l] += g;
        uCount[f][l] += 1 - g;
      }
    }
    lambda = clamp(matchSum / vectors.length);
    const next = structuredClone(params);
    for (const f of FIELDS) {
      const mt = levels.reduce((s, l) => s + mCount[f][l], 0);
      const ut = levels.reduce((s, l) => s + uCount[f][l], 0);
      for (const l of levels) {
        // m never falls below M_FLOOR: one typo in a field must not outweigh every other field agreeing.
        if (mt > 0) next[f].m[l] = Math.max(M_FLOOR, clamp((mCount[f][l] + 0.5 * params[f].m[l]) / (mt + 0.5)));
        if (ut > 0 && !options.holdU) next[f].u[l] = clamp((uCount[f][l] + 0.5 * params[f].u[l]) / (ut + 0.5));
      }
    }
    params = next;
  }
  return { parameters: params, matchShare: lambda };
}

const M_FLOOR = 0.01;
const clamp = (x: number) => Math.min(0.999999, Math.max(0.000001, x));
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
