/**
 * The model an import decides with, estimated once from a sample of its own records (its first
 * batch), as the public record-linkage tools do (Splink, fastLink), so that nothing is tuned to
 * one file:
 *
 * - u (how often a level occurs between two different people) from random pairs of the sample:
 *   two records drawn at random are almost never the same person;
 * - m (how often a level occurs for the same person) and the share of matches among candidate
 *   pairs by expectation maximisation over the pairs blocking proposes, with u held;
 * - how common each name is (the term-frequency adjustment);
 * - the thresholds from the model's posterior: a record is linked to its best candidate when the
 *   probability that they are one person is at least 0.99, a suggestion is queued from 0.5. The
 *   prior is that a record is at most one of the n candidates it is compared with (odds 1 to n),
 *   not the sample's share of matches, which says more about how the file was cut (a file of
 *   originals has none, a file of duplicates mostly) than about the next record.
 * - EM's m is kept only when it found a plausible share of matches (between 0.1 % and half of the
 *   candidate pairs); otherwise the priors' m (typo rates are much alike from system to system).
 *
 * A sample too small to say much (fewer than MIN_SAMPLE records) keeps the priors.
 */
import { blockingKeys, compare, estimateParameters, FIELDS, nameParts, PRIORS, type ComparisonVector, type Frequency, type MatchModel, type MatchRecord, type Parameters } from "./matching.js";

export const MIN_SAMPLE = 200;
const RANDOM_PAIRS = 20_000;
const MAX_BLOCK = 30;
export const POSTERIOR = { link: 0.99, suggest: 0.5 } as const;

/** A small deterministic generator: the same sample gives the same model. */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/** u per field and level from random pairs, smoothed towards the priors. */
export function estimateU(sample: MatchRecord[], pairs = RANDOM_PAIRS, seed = 1): Parameters {
  const random = lcg(seed);
  const counts = Object.fromEntries(FIELDS.map((f) => [f, { exact: 0, similar: 0, different: 0 }])) as Record<(typeof FIELDS)[number], { exact: number; similar: number; different: number }>;
  for (let n = 0; n < pairs; n++) {
    const i = Math.floor(random() * sample.length);
    const j = Math.floor(random() * sample.length);
    if (i === j) continue;
    const { vector } = compare(sample[i]!, sample[j]!);
    for (const f of FIELDS) if (vector[f] !== "missing") counts[f][vector[f] as "exact"]++;
  }
  const out = structuredClone(PRIORS);
  const weight = 20; // pseudo-pairs of the prior
  for (const f of FIELDS) {
    const total = counts[f].exact + counts[f].similar + counts[f].different;
    for (const l of ["exact", "similar", "different"] as const) out[f].u[l] = (counts[f][l] + weight * PRIORS[f].u[l]) / (total + weight);
  }
  return out;
}

/** The pairs blocking proposes within the sample (a large block is cut short). */
export function blockedPairs(sample: MatchRecord[]): ComparisonVector[] {
  const blocks = new Map<string, number[]>();
  sample.forEach((r, i) => {
    for (const key of blockingKeys(r)) {
      const members = blocks.get(key) ?? [];
      if (members.length < MAX_BLOCK) members.push(i);
      blocks.set(key, members);
    }
  });
  const seen = new Set<string>();
  const vectors: ComparisonVector[] = [];
  for (const members of blocks.values()) {
    for (let a = 0; a < members.length; a++) {
      for (let b = a + 1; b < members.length; b++) {
        const id = `${members[a]}:${members[b]}`;
        if (seen.has(id)) continue;
        seen.add(id);
        vectors.push(compare(sample[members[a]!]!, sample[members[b]!]!).vector);
      }
    }
  }
  return vectors;
}

/** How common each given and family name is in the sample. */
export function nameFrequency(sample: MatchRecord[]): Frequency {
  const counts = { givenName: new Map<string, number>(), familyName: new Map<string, number>() };
  for (const r of sample) {
    const { given, family } = nameParts(r);
    if (given) counts.givenName.set(given, (counts.givenName.get(given) ?? 0) + 1);
    if (family) counts.familyName.set(family, (counts.familyName.get(family) ?? 0) + 1);
  }
  return (field, value) => {
    if (field !== "givenName" && field !== "familyName") return undefined;
    const n = counts[field].get(value);
    // A name seen once in a sample says nothing about how common it is.
    return n && n > 1 ? n / sample.length : undefined;
  };
}

/** Thresholds in match weight for the posterior probabilities, when a record is compared with n candidates (prior odds 1 to n). */
export function thresholdsFor(candidates: number): { upper: number; lower: number } {
  const priorBits = -Math.log2(Math.max(1, candidates));
  const bits = (p: number) => Math.log2(p / (1 - p)) - priorBits;
  return { upper: Math.round(bits(POSTERIOR.link) * 100) / 100, lower: Math.round(bits(POSTERIOR.suggest) * 100) / 100 };
}

export function modelFromSample(sample: MatchRecord[]): MatchModel & { matchShare?: number } {
  if (sample.length < MIN_SAMPLE) return {};
  const u = estimateU(sample);
  const frequency = nameFrequency(sample);
  const vectors = blockedPairs(sample);
  const em = vectors.length >= 50 ? estimateParameters(vectors, u, 20, { holdU: true }) : null;
  const plausible = em !== null && em.matchShare >= 0.001 && em.matchShare <= 0.5;
  const parameters = plausible ? em.parameters : withM(u, PRIORS);
  return { parameters, frequency, thresholds: thresholdsFor, ...(em ? { matchShare: em.matchShare } : {}) };
}

function withM(u: Parameters, m: Parameters): Parameters {
  const out = structuredClone(u);
  for (const f of FIELDS) out[f].m = { ...m[f].m };
  return out;
}
