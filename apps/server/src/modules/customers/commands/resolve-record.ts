/**
 * Identity resolution of one incoming record (an imported row): the same source key again
 * changes nothing; otherwise a holder of its strong identities or the best candidate of its
 * blocks is linked, suggested or not, by the pure rules of domain/matching.ts, and the decision
 * is recorded with its explanation.
 */
import type { Ctx } from "../../../platform/context.js";
import { blockingKeys, decide, type Decision, type Frequency, type MatchRecord, type Parameters } from "../domain/matching.js";
import { fillProfile, flatProfile, profileColumns, type FlatProfile, type ProfileSources } from "../domain/profile.js";
import type { NormalisedIdentity } from "../domain/identity.js";
import { addBlockKeys, blockCandidates, insertSuggestion, recordLink } from "../identity-repository.js";
import { findHolders, insertCustomer, insertIdentity, lockIdentities, survivorOf, updateProfile, type CustomerRow } from "../repository.js";
import { k } from "../../../platform/kysely.js";

export interface IncomingRecord {
  source: string;
  key: string;
  name: string;
  profile: FlatProfile;
  identities: NormalisedIdentity[];
}

export type Outcome = "new" | "linked" | "suggested" | "unchanged";

const STRONG = new Set(["phone", "email", "member_id", "national_id"]);

export function matchRecordOf(name: string, profile: FlatProfile): MatchRecord {
  return {
    name,
    givenName: profile.givenName,
    familyName: profile.familyName,
    birthDate: profile.birthDate,
    line1: profile["address.line1"],
    locality: profile["address.locality"],
    region: profile["address.region"],
    postcode: profile["address.postcode"],
  };
}

export const matchRecordOfRow = (row: CustomerRow): MatchRecord => matchRecordOf(row.name, flatProfile(row));

export async function resolveRecord(
  ctx: Ctx,
  rec: IncomingRecord,
  opts: { importId: string | null; parameters?: Parameters; frequency?: Frequency },
): Promise<{ outcome: Outcome; customerId: string; decision: Decision | null }> {
  const { tx, now } = ctx;
  const external: NormalisedIdentity = { kind: `external:${rec.source}`, value: rec.key, display: rec.key };
  const all = [external, ...rec.identities.filter((i) => !(i.kind === external.kind && i.value === external.value))];
  await lockIdentities(tx, all);
  const held = await findHolders(tx, all);
  const again = held.find((h) => h.kind === external.kind);
  if (again) return { outcome: "unchanged", customerId: await survivorOf(tx, again.customer_id), decision: null };

  // Who holds its strong identities (followed to the survivor of any merge).
  const byHolder = new Map<string, string[]>();
  for (const h of held) {
    if (!STRONG.has(h.kind)) continue;
    const id = await survivorOf(tx, h.customer_id);
    byHolder.set(id, [...(byHolder.get(id) ?? []), h.kind]);
  }
  const holderRows = byHolder.size ? await k(tx).selectFrom("customers").selectAll().where("id", "in", [...byHolder.keys()]).execute() : [];
  const holders = holderRows.map((row) => ({ customerId: row.id, kinds: byHolder.get(row.id)!, record: matchRecordOfRow(row) }));

  const record = matchRecordOf(rec.name, rec.profile);
  const keys = blockingKeys(record);
  const candidates = (await blockCandidates(tx, keys)).map((row) => ({ customerId: row.id, record: matchRecordOfRow(row), row }));
  const decision = decide(record, holders, candidates, { ...(opts.parameters ? { parameters: opts.parameters } : {}), ...(opts.frequency ? { frequency: opts.frequency } : {}) });

  const notHeld = (i: NormalisedIdentity) => !held.some((h) => h.kind === i.kind && h.value === i.value);
  if (decision.decision === "linked") {
    const target = holderRows.find((r) => r.id === decision.candidateId) ?? candidates.find((c) => c.customerId === decision.candidateId)!.row;
    for (const identity of all.filter(notHeld)) await insertIdentity(tx, target.id, identity, now);
    const filled = fillProfile(flatProfile(target), (target.profile_sources ?? {}) as ProfileSources, rec.profile, rec.source, now);
    if (filled.filled.length) await updateProfile(tx, target.id, profileColumns(filled.profile, filled.sources), now);
    await addBlockKeys(tx, target.id, keys);
    await recordLink(tx, { source: rec.source, key: rec.key, customerId: target.id, decision: "linked", score: decision.score, importId: opts.importId });
    return { outcome: "linked", customerId: target.id, decision };
  }

  const { profile, sources } = fillProfile({}, {}, rec.profile, rec.source, now);
  const customer = await insertCustomer(tx, { name: rec.name, profile: profileColumns(profile, sources) }, now);
  for (const identity of all.filter(notHeld)) await insertIdentity(tx, customer.id, identity, now);
  await addBlockKeys(tx, customer.id, keys);
  if (decision.decision === "suggested") {
    await insertSuggestion(tx, { customerId: customer.id, candidateId: decision.candidateId, score: decision.score, reason: decision.reason, explanation: decision.explanation }, now);
  }
  await recordLink(tx, { source: rec.source, key: rec.key, customerId: customer.id, decision: decision.decision, score: decision.score, importId: opts.importId });
  return { outcome: decision.decision, customerId: customer.id, decision };
}

/**
 * A customer made through the API or by a contact goes through resolution too: an exact strong
 * identity already found them; a probable match only queues a suggestion, never a link.
 */
export async function queueProbableMatch(ctx: Ctx, customer: CustomerRow): Promise<void> {
  const record = matchRecordOfRow(customer);
  const keys = blockingKeys(record);
  const candidates = (await blockCandidates(ctx.tx, keys)).filter((c) => c.id !== customer.id).map((row) => ({ customerId: row.id, record: matchRecordOfRow(row) }));
  const decision = decide(record, [], candidates);
  if (decision.decision !== "new") {
    await insertSuggestion(ctx.tx, { customerId: customer.id, candidateId: decision.candidateId, score: decision.score, reason: "probable_match", explanation: decision.explanation }, ctx.now);
  }
  await addBlockKeys(ctx.tx, customer.id, keys);
}
