/**
 * Identity resolution of a batch of imported records, set-based: the holders of every identity
 * and the members of every blocking key are read for the whole batch in two queries, candidates
 * are scored in memory by the pure rules of domain/matching.ts, and the decisions are written
 * with multi-row inserts. Records are decided one after the other, so a record meets those
 * earlier in its own batch too (a file's duplicates are often neighbours). The same source key
 * again changes nothing.
 */
import type { Ctx } from "../../../platform/context.js";
import { newId } from "../../../platform/ids.js";
import { blockingKeys, decide, type Decision, type MatchModel, type MatchRecord } from "../domain/matching.js";
import { fillProfile, flatProfile, profileColumns, type FlatProfile, type ProfileSources } from "../domain/profile.js";
import type { NormalisedIdentity } from "../domain/identity.js";
import {
  blockMembers,
  customersById,
  holdersOf,
  insertBlockKeys,
  insertCustomers,
  insertIdentities,
  insertLinks,
  insertMatchRecords,
  insertSuggestions,
  lockIdentityKeys,
  markShared,
  matchRecordsOf,
  updateProfiles,
  type NewIdentity,
  type NewLink,
  type NewSuggestion,
} from "../resolution-repository.js";
import type { CustomerRow } from "../repository.js";

export interface IncomingRecord {
  source: string;
  key: string;
  name: string;
  profile: FlatProfile;
  identities: NormalisedIdentity[];
}

export type Outcome = "new" | "linked" | "suggested" | "unchanged";

const STRONG = new Set(["phone", "email", "member_id", "national_id"]);
/** At most this many customers are compared per record (the first of each block). */
const PER_KEY = 100;
const PER_RECORD = 200;

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

/** A customer as the batch sees it: its profile (changed in memory until the batch is written) and the records it was resolved from. */
interface Held {
  id: string;
  name: string;
  profile: FlatProfile;
  sources: ProfileSources;
  records: MatchRecord[];
  isNew: boolean;
  dirty: boolean;
}

const identityKey = (i: { kind: string; value: string }) => `${i.kind}\u0000${i.value}`;

export async function resolveBatch(ctx: Ctx, records: IncomingRecord[], opts: { importId: string | null; model?: MatchModel }): Promise<{ outcome: Outcome; customerId: string; decision: Decision | null }[]> {
  const { tx, now } = ctx;
  const incoming = records.map((rec) => {
    const external: NormalisedIdentity = { kind: `external:${rec.source}`, value: rec.key, display: rec.key };
    const all = [external, ...rec.identities.filter((i) => !(i.kind === external.kind && i.value === external.value))];
    const record = matchRecordOf(rec.name, rec.profile);
    return { rec, external, all, record, keys: blockingKeys(record) };
  });
  const everyIdentity = incoming.flatMap((r) => r.all);
  await lockIdentityKeys(tx, everyIdentity);

  // What the database knows, read for the whole batch at once.
  const holders = new Map<string, string[]>();
  for (const h of await holdersOf(tx, everyIdentity)) holders.set(identityKey(h), [...(holders.get(identityKey(h)) ?? []), h.survivor_id]);
  const blocks = new Map<string, string[]>();
  for (const m of await blockMembers(tx, [...new Set(incoming.flatMap((r) => r.keys))])) {
    const members = blocks.get(m.key) ?? [];
    if (members.length < PER_KEY) members.push(m.customer_id);
    blocks.set(m.key, members);
  }
  const wanted = new Set<string>([...holders.values(), ...blocks.values()].flat());
  const customers = new Map<string, Held>();
  for (const row of await customersById(tx, [...wanted])) {
    if (row.merged_into) continue;
    customers.set(row.id, { id: row.id, name: row.name, profile: flatProfile(row), sources: (row.profile_sources ?? {}) as ProfileSources, records: [], isNew: false, dirty: false });
  }
  for (const m of await matchRecordsOf(tx, [...customers.keys()])) customers.get(m.customer_id)?.records.push(m.record as MatchRecord);
  for (const c of customers.values()) if (c.records.length === 0) c.records.push(matchRecordOf(c.name, c.profile));

  const identities: NewIdentity[] = [];
  const shared: NormalisedIdentity[] = [];
  const blockRows: { key: string; customerId: string }[] = [];
  const links: NewLink[] = [];
  const suggestions: NewSuggestion[] = [];
  const matchRows: { customerId: string; source: string; key: string; record: MatchRecord }[] = [];
  const results: { outcome: Outcome; customerId: string; decision: Decision | null }[] = [];

  const hold = (customerId: string, identity: NormalisedIdentity, isShared: boolean) => {
    identities.push({ id: newId(now.getTime()), customerId, identity, shared: isShared });
    holders.set(identityKey(identity), [...(holders.get(identityKey(identity)) ?? []), customerId]);
  };
  const file = (customerId: string, keys: string[]) => {
    for (const key of keys) {
      const members = blocks.get(key) ?? [];
      if (members.includes(customerId)) continue;
      if (members.length < PER_KEY) members.push(customerId);
      blocks.set(key, members);
      blockRows.push({ key, customerId });
    }
  };

  for (const { rec, external, all, record, keys } of incoming) {
    const again = holders.get(identityKey(external));
    if (again) {
      results.push({ outcome: "unchanged", customerId: again[0]!, decision: null });
      continue;
    }
    const byHolder = new Map<string, string[]>();
    for (const i of all) {
      if (!STRONG.has(i.kind)) continue;
      for (const id of holders.get(identityKey(i)) ?? []) byHolder.set(id, [...(byHolder.get(id) ?? []), i.kind]);
    }
    const holderList = [...byHolder].filter(([id]) => customers.has(id)).map(([id, kinds]) => ({ customerId: id, kinds, records: customers.get(id)!.records }));
    const seen = new Set<string>();
    const candidates: { customerId: string; records: MatchRecord[] }[] = [];
    for (const key of keys) {
      for (const id of blocks.get(key) ?? []) {
        if (seen.has(id) || candidates.length >= PER_RECORD || !customers.has(id)) continue;
        seen.add(id);
        candidates.push({ customerId: id, records: customers.get(id)!.records });
      }
    }
    const decision = decide(record, holderList, candidates, opts.model);
    const notHeld = (i: NormalisedIdentity) => !holders.has(identityKey(i));

    let target: Held;
    if (decision.decision === "linked") {
      target = customers.get(decision.candidateId)!;
      const filled = fillProfile(target.profile, target.sources, rec.profile, rec.source, now);
      if (filled.filled.length) {
        target.profile = filled.profile;
        target.sources = filled.sources;
        target.dirty = true;
      }
    } else {
      const { profile, sources } = fillProfile({}, {}, rec.profile, rec.source, now);
      target = { id: newId(now.getTime()), name: rec.name, profile, sources, records: [], isNew: true, dirty: false };
      customers.set(target.id, target);
    }
    for (const identity of all.filter(notHeld)) hold(target.id, identity, false);
    if (decision.decision === "suggested" && decision.reason === "shared_identity") {
      // A family's landline: the second holder keeps it too, and it becomes shared.
      for (const identity of all) {
        const owners = holders.get(identityKey(identity)) ?? [];
        if (!STRONG.has(identity.kind) || owners.includes(target.id) || owners.length === 0) continue;
        hold(target.id, identity, true);
        shared.push(identity);
      }
    }
    target.records.push(record);
    matchRows.push({ customerId: target.id, source: rec.source, key: rec.key, record });
    file(target.id, keys);
    if (decision.decision === "suggested") {
      suggestions.push({ id: newId(now.getTime()), customerId: target.id, candidateId: decision.candidateId, score: decision.score, reason: decision.reason, explanation: decision.explanation });
    }
    links.push({ source: rec.source, key: rec.key, customerId: target.id, decision: decision.decision, score: decision.score, importId: opts.importId });
    results.push({ outcome: decision.decision, customerId: target.id, decision });
  }

  const columns = (c: Held) => ({ id: c.id, ...profileColumns(c.profile, c.sources) });
  const made = [...customers.values()].filter((c) => c.isNew);
  await insertCustomers(tx, made.map((c) => ({ ...columns(c), name: c.name })), now);
  await updateProfiles(tx, [...customers.values()].filter((c) => c.dirty && !c.isNew).map(columns), now);
  await insertIdentities(tx, identities, now);
  await markShared(tx, shared);
  await insertBlockKeys(tx, blockRows);
  await insertMatchRecords(tx, matchRows);
  await insertLinks(tx, links);
  await insertSuggestions(tx, suggestions, now);
  return results;
}
