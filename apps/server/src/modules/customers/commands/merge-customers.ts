/**
 * Merging two customers with a chosen survivor, and undoing it. A merge is a recorded mapping
 * (`customers.merged_into`) that reads follow — the merged customer's identities and case events
 * stay where they are and show on the survivor — not a rewrite of anyone's history; each module
 * re-points its own rows (cases, contacts, the goodwill ledger) through a merge hook
 * (merge-hooks.ts), and the merge remembers which, so that an unmerge moves exactly those back. The survivor's profile gains the values it lacked; the merge remembers which,
 * so that an unmerge takes back exactly those (a value changed since stays). Both are audited.
 */
import type { Ctx } from "../../../platform/context.js";
import { actorRef } from "../../../platform/actor.js";
import { AppError, conflict, notFound } from "../../../platform/errors.js";
import { audit } from "../../audit/index.js";
import type { ProfileField } from "@tandem/contracts";
import { flatProfile, mergeProfiles, profileColumns, unmergeProfile, type ProfileSources } from "../domain/profile.js";
import { addBlockKeys, closeSuggestionsOf, findMergeForUpdate, insertMerge, lockCustomers, markUnmerged, setMergedInto, type MergeRow } from "../identity-repository.js";
import { updateProfile } from "../repository.js";
import { blockingKeys } from "../domain/matching.js";
import { matchRecordOfRow } from "./resolve-batch.js";
import { reverseMergeHooks, runMergeHooks } from "../merge-hooks.js";

interface MergeMemo {
  /** The profile values the merge brought to the survivor. */
  filled: { field: ProfileField; value: string }[];
  /** The rows each module's merge hook moved to the survivor, by hook name. */
  moved?: Record<string, string[]>;
}

export async function mergeCustomers(ctx: Ctx, input: { customerId: string; otherId: string; survivorId: string; reason?: string | undefined }): Promise<MergeRow> {
  const { tx, now } = ctx;
  if (input.customerId === input.otherId) throw new AppError(422, "self_merge", "A customer cannot be merged with itself.");
  if (input.survivorId !== input.customerId && input.survivorId !== input.otherId) {
    throw new AppError(400, "validation_failed", "survivor must be one of the two customers.", [{ path: "body.survivor", message: "must be this customer's id or otherId" }]);
  }
  const rows = await lockCustomers(tx, [input.customerId, input.otherId]);
  const survivor = rows.find((r) => r.id === input.survivorId);
  const merged = rows.find((r) => r.id !== input.survivorId);
  if (!survivor || !merged) throw notFound("Customer");
  for (const row of [survivor, merged]) {
    if (row.merged_into) throw conflict("already_merged", `Customer ${row.id} is already merged into ${row.merged_into}.`, [{ customerId: row.id, mergedInto: row.merged_into }]);
  }
  const result = mergeProfiles(flatProfile(survivor), (survivor.profile_sources ?? {}) as ProfileSources, flatProfile(merged), (merged.profile_sources ?? {}) as ProfileSources);
  const moved = await runMergeHooks(tx, { survivorId: survivor.id, mergedId: merged.id });
  const memo: MergeMemo = { filled: result.filled.map((field) => ({ field, value: result.profile[field]! })), moved };
  const merge = await insertMerge(tx, { survivorId: survivor.id, mergedId: merged.id, survivorBefore: memo, reason: input.reason ?? null, createdById: actorRef(ctx.actor).id }, now);
  await setMergedInto(tx, merged.id, survivor.id, now);
  await updateProfile(tx, survivor.id, profileColumns(result.profile, result.sources), now);
  // Later records like the merged one find the survivor.
  await addBlockKeys(tx, survivor.id, blockingKeys(matchRecordOfRow(merged)));
  await closeSuggestionsOf(tx, [survivor.id, merged.id], actorRef(ctx.actor).id, now, merge.id);
  await audit(ctx, {
    action: "customer.merged",
    subject: { type: "customer", id: survivor.id },
    before: { survivor: { id: survivor.id, name: survivor.name, profile: flatProfile(survivor) }, merged: { id: merged.id, name: merged.name, profile: flatProfile(merged) } },
    after: { mergeId: merge.id, survivorId: survivor.id, mergedId: merged.id, filled: result.filled },
    ...(input.reason ? { reason: input.reason } : {}),
  });
  return merge;
}

export async function unmergeCustomers(ctx: Ctx, mergeId: string): Promise<MergeRow> {
  const { tx, now } = ctx;
  const merge = await findMergeForUpdate(tx, mergeId);
  if (!merge) throw notFound("Merge");
  if (merge.unmerged_at) throw conflict("already_unmerged", "This merge has already been undone.");
  const rows = await lockCustomers(tx, [merge.survivor_id, merge.merged_id]);
  const survivor = rows.find((r) => r.id === merge.survivor_id)!;
  const memo = merge.survivor_before as unknown as MergeMemo;
  const restored = unmergeProfile(flatProfile(survivor), (survivor.profile_sources ?? {}) as ProfileSources, memo.filled ?? []);
  await updateProfile(tx, survivor.id, profileColumns(restored.profile, restored.sources), now);
  await reverseMergeHooks(tx, { survivorId: merge.survivor_id, mergedId: merge.merged_id }, memo.moved ?? {});
  await setMergedInto(tx, merge.merged_id, null, now);
  const undone = await markUnmerged(tx, merge.id, actorRef(ctx.actor).id, now);
  await audit(ctx, {
    action: "customer.unmerged",
    subject: { type: "customer", id: survivor.id },
    before: { mergeId: merge.id, survivorId: merge.survivor_id, mergedId: merge.merged_id },
    after: { restored: (memo.filled ?? []).map((f) => f.field) },
  });
  return undone;
}
