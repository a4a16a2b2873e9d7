/**
 * The remedies module's merge hook: the merged customer's remedies join the survivor's goodwill
 * ledger (its limits and flags count them, as they should for one person), and go back on unmerge.
 */
import { sql } from "kysely";
import type { Queryable } from "../../platform/db.js";
import { k } from "../../platform/kysely.js";
import type { MergeHook } from "../customers/index.js";

/** Serialises with a remedy decision on either customer (the ledger lock of ledgerForDecision). */
async function lockLedgers(tx: Queryable, ids: string[]): Promise<void> {
  for (const id of [...ids].sort()) await sql`SELECT pg_advisory_xact_lock(hashtext(${`remedies:${id}`}))`.execute(k(tx));
}

export const remedyMergeHook: MergeHook = {
  name: "remedies",
  async merge(tx, { survivorId, mergedId }) {
    await lockLedgers(tx, [survivorId, mergedId]);
    const rows = await k(tx).updateTable("remedies").set({ customer_id: survivorId }).where("customer_id", "=", mergedId).returning("id").execute();
    return rows.map((r) => r.id);
  },
  async unmerge(tx, { survivorId, mergedId }, moved) {
    await lockLedgers(tx, [survivorId, mergedId]);
    await k(tx).updateTable("remedies").set({ customer_id: mergedId }).where("id", "in", moved).where("customer_id", "=", survivorId).execute();
  },
};
