import type { Queryable } from "../../platform/db.js";
import type { ActorRef } from "../../platform/actor.js";

export interface InteractionRow {
  id: string;
  customer_id: string;
  channel: string;
  direction: "inbound" | "outbound";
  organization_id: string | null;
  case_id: string | null;
  body: string;
  occurred_at: Date;
  created_by_type: string;
  created_by_id: string | null;
  created_at: Date;
}

export async function insertInteraction(
  tx: Queryable,
  r: { id: string; customerId: string; channel: string; direction: string; organizationId: string | null; caseId: string | null; body: string; occurredAt: Date; createdBy: ActorRef; now: Date },
): Promise<InteractionRow> {
  const rows = await tx.query<InteractionRow>(
    `INSERT INTO interactions (id, customer_id, channel, direction, organization_id, case_id, body, occurred_at, created_by_type, created_by_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
    [r.id, r.customerId, r.channel, r.direction, r.organizationId, r.caseId, r.body, r.occurredAt, r.createdBy.type, r.createdBy.id, r.now],
  );
  return rows[0]!;
}

export async function findInteraction(db: Queryable, id: string, opts: { forUpdate?: boolean } = {}): Promise<InteractionRow | null> {
  return (await db.query<InteractionRow>(`SELECT * FROM interactions WHERE id = $1${opts.forUpdate ? " FOR UPDATE" : ""}`, [id]))[0] ?? null;
}

export async function setInteractionCase(tx: Queryable, id: string, caseId: string): Promise<InteractionRow> {
  return (await tx.query<InteractionRow>(`UPDATE interactions SET case_id = $2 WHERE id = $1 RETURNING *`, [id, caseId]))[0]!;
}
