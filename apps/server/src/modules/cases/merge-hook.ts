/**
 * The cases module's merge hook: the merged customer's cases are the survivor's (their page, the
 * portal, new events); their history is not rewritten (case events keep the customer they were
 * recorded for, and reads follow the merge). Unmerge gives them back.
 */
import type { MergeHook } from "../customers/index.js";
import { k } from "../../platform/kysely.js";

export const caseMergeHook: MergeHook = {
  name: "cases",
  async merge(tx, { survivorId, mergedId }) {
    const rows = await k(tx).updateTable("cases").set({ customer_id: survivorId }).where("customer_id", "=", mergedId).returning("id").execute();
    return rows.map((r) => r.id);
  },
  async unmerge(tx, { survivorId, mergedId }, moved) {
    await k(tx).updateTable("cases").set({ customer_id: mergedId }).where("id", "in", moved).where("customer_id", "=", survivorId).execute();
  },
};
