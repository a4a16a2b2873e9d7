import type { Queryable } from "../../platform/db.js";
import type { ActorRef } from "../../platform/actor.js";

export async function insertInteraction(
  tx: Queryable,
  r: { id: string; customerId: string; channel: string; direction: string; organizationId: string | null; caseId: string | null; body: string; occurredAt: Date; createdBy: ActorRef; now: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO interactions (id, customer_id, channel, direction, organization_id, case_id, body, occurred_at, created_by_type, created_by_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [r.id, r.customerId, r.channel, r.direction, r.organizationId, r.caseId, r.body, r.occurredAt, r.createdBy.type, r.createdBy.id, r.now],
  );
  // The customer's last contact moves them up in searches.
  await tx.query(`UPDATE customers SET updated_at = $2 WHERE id = $1`, [r.customerId, r.now]);
}
