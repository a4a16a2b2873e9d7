import type { Selectable } from "kysely";
import type { Queryable } from "../../platform/db.js";
import type { InteractionsTable } from "../../platform/db-types.js";
import type { ActorRef } from "../../platform/actor.js";
import { k } from "../../platform/kysely.js";

export type InteractionRow = Selectable<InteractionsTable>;

export async function insertInteraction(
  tx: Queryable,
  r: {
    id: string;
    customerId: string;
    channel: InteractionRow["channel"];
    direction: InteractionRow["direction"];
    organizationId: string | null;
    caseId: string | null;
    body: string;
    occurredAt: Date;
    createdBy: ActorRef;
    now: Date;
  },
): Promise<InteractionRow> {
  return k(tx)
    .insertInto("interactions")
    .values({
      id: r.id,
      customer_id: r.customerId,
      channel: r.channel,
      direction: r.direction,
      organization_id: r.organizationId,
      case_id: r.caseId,
      body: r.body,
      occurred_at: r.occurredAt,
      created_by_type: r.createdBy.type,
      created_by_id: r.createdBy.id,
      created_at: r.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findInteraction(db: Queryable, id: string, opts: { forUpdate?: boolean } = {}): Promise<InteractionRow | null> {
  const row = await k(db)
    .selectFrom("interactions")
    .selectAll()
    .where("id", "=", id)
    .$if(opts.forUpdate === true, (qb) => qb.forUpdate())
    .executeTakeFirst();
  return row ?? null;
}

export async function setInteractionCase(tx: Queryable, id: string, caseId: string): Promise<InteractionRow> {
  return k(tx).updateTable("interactions").set({ case_id: caseId }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}
