/**
 * A case's events: its own append-only history (who did what, when), written in the command's
 * transaction. What other systems hear of a change goes through the platform's outbox
 * (`publish`), with the case's audience.
 */
import type { ActorRef } from "../../platform/actor.js";
import { actorRef } from "../../platform/actor.js";
import type { Ctx } from "../../platform/context.js";
import type { Queryable } from "../../platform/db.js";
import { outboxCte, outboxValues, type OutboxInput } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";

export interface CaseEventInput {
  caseId: string;
  customerId: string;
  type: string;
  data?: Record<string, unknown>;
}

export interface CaseEventRow {
  id: string;
  case_id: string;
  customer_id: string;
  type: string;
  actor_type: ActorRef["type"];
  actor_id: string | null;
  actor_name: string | null;
  data: Record<string, unknown>;
  at: Date;
}

const EVENT_COLUMN_LIST = "(id, case_id, customer_id, type, actor_type, actor_id, actor_name, data, at)";
const EVENT_PARAMS = 9;

function eventParams(ctx: Pick<Ctx, "actor" | "now">, input: CaseEventInput): unknown[] {
  const actor = actorRef(ctx.actor);
  return [newId(), input.caseId, input.customerId, input.type, actor.type, actor.id, actor.name, JSON.stringify(input.data ?? {}), ctx.now];
}

/** Records one event on a case, by the context's actor at the context's time. */
export async function recordCaseEvent(ctx: Pick<Ctx, "tx" | "actor" | "now">, input: CaseEventInput): Promise<CaseEventRow> {
  const params = Array.from({ length: EVENT_PARAMS }, (_, i) => `$${i + 1}`).join(", ");
  const rows = await ctx.tx.query<CaseEventRow>(`INSERT INTO case_events ${EVENT_COLUMN_LIST} VALUES (${params}) RETURNING *`, eventParams(ctx, input));
  return rows[0]!;
}

/** Records several events (on one case or many) in one statement, by the context's actor at the context's time; `ids` chosen by the caller, if given. */
export async function recordCaseEvents(ctx: Pick<Ctx, "tx" | "actor" | "now">, inputs: readonly (CaseEventInput & { id?: string })[]): Promise<void> {
  if (inputs.length === 0) return;
  const rows = inputs.map((input) => {
    const params = eventParams(ctx, input);
    if (input.id) params[0] = input.id;
    return params;
  });
  const types = ["uuid", "uuid", "uuid", "text", "text", "uuid", "text", "jsonb", "timestamptz"];
  await ctx.tx.query(
    `INSERT INTO case_events ${EVENT_COLUMN_LIST} SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(", ")})`,
    types.map((_, i) => rows.map((r) => (r[i] instanceof Date ? r[i].toISOString() : r[i]))),
  );
}

/**
 * A case event and its outbox event written by the statement that writes the case itself — one
 * round trip for the three rows on the hot path. `caseEventCtes` is the SQL: two CTEs to add to
 * that statement's WITH, with placeholders from `$first` on for `caseEventValues`' parameters.
 * They insert only if the CTE named `from` (the written case) returns a row; `payloadFromRow`
 * adds that row's columns to the outbox payload. The SQL does not change from call to call:
 * build it once.
 */
export function caseEventCtes(from: string, first: number, payloadFromRow: Record<string, string> = {}): string {
  const values = Array.from({ length: EVENT_PARAMS }, (_, i) => `$${first + i}`).join(", ");
  return `case_event AS (INSERT INTO case_events ${EVENT_COLUMN_LIST} SELECT ${values} FROM ${from}),
     ${outboxCte("outbox_event", from, first + EVENT_PARAMS, payloadFromRow)}`;
}

/** The parameters of `caseEventCtes`, in order, and the NOTIFY to queue once the statement has written the case. */
export function caseEventValues(ctx: Pick<Ctx, "actor" | "now">, event: CaseEventInput, outbox: OutboxInput): { params: unknown[]; published(tx: Queryable): void } {
  const published = outboxValues(ctx, outbox);
  return { params: [...eventParams(ctx, event), ...published.params], published: published.published };
}
