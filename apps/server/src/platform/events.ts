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
/** Sessions, tokens, users and customer links withdrawn: every process closes their live streams at once. */
export const REVOCATIONS_CHANNEL = "tandem_revocations";

/** What was withdrawn: API tokens or sessions, every session of users, customer links. */
export interface Revocation {
  tokenIds?: string[];
  userIds?: string[];
  linkIds?: string[];
}

/**
 * Tells every process that something was withdrawn, sent with the transaction's commit (at once
 * outside one). The notice only hurries the close of live streams: they are checked again
 * periodically as well, so a notice lost while a process was reconnecting costs seconds, not access.
 */
export function announceRevocation(tx: Queryable, revocation: Revocation): void {
  tx.notify(REVOCATIONS_CHANNEL, JSON.stringify(revocation));
}

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

const EVENT_COLUMN_LIST = "(id, case_id, customer_id, type, actor_type, actor_id, actor_name, data, at)";
const EVENT_COLUMNS = `${EVENT_COLUMN_LIST} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;
const EVENT_PARAMS = 9;
const OUTBOX_COLUMNS = "(id, type, aggregate_type, aggregate_id, actor, payload)";

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
  await tx.query(`INSERT INTO outbox ${OUTBOX_COLUMNS} VALUES ($1, $2, $3, $4, $5, $6)`, outboxParams(eventId, event));
  tx.notify(CHANGES_CHANNEL, changeNote(eventId, event));
  return eventId;
}

function outboxParams(id: string, event: OutboxInput): unknown[] {
  return [id, event.type, event.aggregateType, event.aggregateId, JSON.stringify(event.actor), JSON.stringify(event.payload)];
}

// NOTIFY payloads are limited to 8 KB: carry only what listeners route on.
function pickRouting(payload: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ["caseId", "customerId", "ownerOrganizationId", "partyOrganizationIds", "status", "visibility"]) {
    if (key in payload) out[key] = payload[key];
  }
  return out;
}

/**
 * A case event and its outbox event written by the statement that writes the case itself — one
 * round trip for the three rows on the hot path. `caseEventCtes` is the SQL: two CTEs to add to
 * that statement's WITH, with placeholders from `$first` on for `caseEventValues`' parameters.
 * They insert only if the CTE named `from` (the written case) returns a row, and `payloadFromRow`
 * adds that row's columns to the outbox payload (what only the statement knows, such as a number
 * drawn from a sequence). The SQL does not change from call to call: build it once.
 */
export function caseEventCtes(from: string, first: number, payloadFromRow: Record<string, string> = {}): string {
  const $ = (from: number, count: number) => Array.from({ length: count }, (_, i) => `$${from + i}`);
  const [id, type, aggregateType, aggregateId, actor, payload] = $(first + EVENT_PARAMS, 6);
  const fromRow = Object.entries(payloadFromRow).map(([key, column]) => `'${key}', ${from}.${column}`);
  const payloadSql = fromRow.length ? `${payload}::jsonb || jsonb_build_object(${fromRow.join(", ")})` : payload;
  return `case_event AS (INSERT INTO case_events ${EVENT_COLUMN_LIST} SELECT ${$(first, EVENT_PARAMS).join(", ")} FROM ${from}),
     outbox_event AS (INSERT INTO outbox ${OUTBOX_COLUMNS} SELECT ${id}, ${type}, ${aggregateType}, ${aggregateId}, ${actor}, ${payloadSql} FROM ${from})`;
}

/** The parameters of `caseEventCtes`, in order, and the NOTIFY to queue once the statement has written the case. */
export function caseEventValues(event: CaseEventInput, outbox: OutboxInput): { params: unknown[]; published(tx: Queryable): void } {
  const outboxId = newId();
  return {
    params: [...eventParams(event), ...outboxParams(outboxId, outbox)],
    published: (tx) => tx.notify(CHANGES_CHANNEL, changeNote(outboxId, outbox)),
  };
}

function changeNote(id: string, event: OutboxInput): string {
  return JSON.stringify({ id, type: event.type, aggregateType: event.aggregateType, aggregateId: event.aggregateId, payload: pickRouting(event.payload) });
}
