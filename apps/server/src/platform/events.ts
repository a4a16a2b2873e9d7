/**
 * Recording what happened: case events (the case's own append-only history) and outbox events
 * for other systems, both in the caller's transaction. A NOTIFY, sent after the commit, wakes
 * every process that follows changes (live consoles, the outbox relay); the outbox row is the
 * durable record, which the relay (outbox/relay.ts) hands to subscribers.
 */
import type { Queryable } from "./db.js";
import type { ActorRef } from "./actor.js";
import { newId } from "./ids.js";

export const CHANGES_CHANNEL = "tandem_changes";

export interface CaseEventInput {
  caseId: string;
  customerId: string;
  type: string;
  actor: ActorRef;
  data?: Record<string, unknown>;
  at: Date;
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

const EVENT_COLUMNS = "(id, case_id, customer_id, type, actor_type, actor_id, actor_name, data, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

function eventParams(input: CaseEventInput): unknown[] {
  return [newId(), input.caseId, input.customerId, input.type, input.actor.type, input.actor.id, input.actor.name, JSON.stringify(input.data ?? {}), input.at];
}

export async function recordCaseEvent(tx: Queryable, input: CaseEventInput): Promise<CaseEventRow> {
  const rows = await tx.query<CaseEventRow>(`INSERT INTO case_events ${EVENT_COLUMNS} RETURNING *`, eventParams(input));
  return rows[0]!;
}

export interface OutboxInput {
  type: string;
  aggregateType: "case" | "customer" | "interaction";
  aggregateId: string;
  actor: ActorRef;
  payload: Record<string, unknown>;
}

export async function publish(tx: Queryable, event: OutboxInput): Promise<string> {
  const eventId = newId();
  await tx.query(
    `INSERT INTO outbox (id, type, aggregate_type, aggregate_id, actor, payload) VALUES ($1, $2, $3, $4, $5, $6)`,
    [eventId, event.type, event.aggregateType, event.aggregateId, JSON.stringify(event.actor), JSON.stringify(event.payload)],
  );
  tx.notify(CHANGES_CHANNEL, changeNote(eventId, event));
  return eventId;
}

// NOTIFY payloads are limited to 8 KB: carry only what listeners route on.
function pickRouting(payload: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ["caseId", "customerId", "ownerOrganizationId", "partyOrganizationIds", "status", "visibility"]) {
    if (key in payload) out[key] = payload[key];
  }
  return out;
}

/** A case event and its outbox event in one statement (one round trip on the hot path). */
export async function recordAndPublish(tx: Queryable, event: CaseEventInput, outbox: OutboxInput): Promise<CaseEventRow> {
  const outboxId = newId();
  const rows = await tx.query<CaseEventRow>(
    `WITH o AS (INSERT INTO outbox (id, type, aggregate_type, aggregate_id, actor, payload) VALUES ($10, $11, $12, $13, $14, $15))
     INSERT INTO case_events ${EVENT_COLUMNS} RETURNING *`,
    [...eventParams(event), outboxId, outbox.type, outbox.aggregateType, outbox.aggregateId, JSON.stringify(outbox.actor), JSON.stringify(outbox.payload)],
  );
  tx.notify(CHANGES_CHANNEL, changeNote(outboxId, outbox));
  return rows[0]!;
}

function changeNote(id: string, event: OutboxInput): string {
  return JSON.stringify({ id, type: event.type, aggregateType: event.aggregateType, aggregateId: event.aggregateId, payload: pickRouting(event.payload) });
}
