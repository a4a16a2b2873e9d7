/** The interactions module's merge hook: the merged customer's contacts are the survivor's, until an unmerge gives them back. */
import type { MergeHook } from "../customers/index.js";
import { k } from "../../platform/kysely.js";

export const interactionMergeHook: MergeHook = {
  name: "interactions",
  async merge(tx, { survivorId, mergedId }) {
    const rows = await k(tx).updateTable("interactions").set({ customer_id: survivorId }).where("customer_id", "=", mergedId).returning("id").execute();
    return rows.map((r) => r.id);
  },
  async unmerge(tx, { survivorId, mergedId }, moved) {
    await k(tx).updateTable("interactions").set({ customer_id: mergedId }).where("id", "in", moved).where("customer_id", "=", survivorId).execute();
  },
};
