/**
 * Publishing what happened to other systems: an outbox row written in the command's
 * transaction, naming its type, its aggregate, who acted, a payload, and its audience — who may
 * hear of it. A NOTIFY, sent after the commit, wakes every process that follows changes (live
 * consoles, the outbox relay); the outbox row is the durable record, which the relay
 * (outbox/relay.ts) hands to subscribers. A module's own history (such as a case's events) is
 * that module's business; this is the platform's part.
 */
import type { Actor, ActorRef } from "./actor.js";
import { actorRef } from "./actor.js";
import type { Ctx } from "./context.js";
import type { Queryable } from "./db.js";
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

/**
 * Who may hear of an event besides staff users, who hear of every event: the users of these
 * organisations (a case's owner and the parties it is shared with), and the customer whose
 * link opens this case; or, with `userIds`, those users alone. `{}`: staff alone.
 */
export interface Audience {
  organizationIds?: string[];
  customerCaseId?: string;
  /** Only the users of `organizationIds`, staff included (an internal note: its writer's organisation alone). */
  organizationsOnly?: boolean;
  /** These users alone, staff included (a notification to its recipient). */
  userIds?: string[];
}

/** Whether the actor may hear of an event with this audience. */
export function hears(actor: Actor, audience: Audience): boolean {
  if (audience.userIds) return "userId" in actor && audience.userIds.includes(actor.userId);
  switch (actor.type) {
    case "user":
      return audience.organizationsOnly ? (audience.organizationIds?.includes(actor.organizationId) ?? false) : true;
    case "partner":
      return audience.organizationIds?.includes(actor.organizationId) ?? false;
    case "customer":
      return audience.customerCaseId === actor.caseId;
    default:
      return false;
  }
}

export interface OutboxInput {
  type: string;
  aggregate: { type: "case" | "customer" | "interaction" | "remedy"; id: string };
  audience: Audience;
  payload: Record<string, unknown>;
}

/** What a NOTIFY on CHANGES_CHANNEL carries: enough for a listener to route the change, under 8 KB. */
export interface ChangeNote {
  id: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  audience: Audience;
  payload: Record<string, unknown>;
}

/** Writes the event to the outbox in the command's transaction; the NOTIFY goes out after the commit. */
export async function publish(ctx: Pick<Ctx, "tx" | "actor">, event: OutboxInput): Promise<string> {
  const eventId = newId();
  await ctx.tx.query(`INSERT INTO outbox ${OUTBOX_COLUMNS} VALUES ($1, $2, $3, $4, $5, $6, $7)`, outboxParams(eventId, actorRef(ctx.actor), event));
  ctx.tx.notify(CHANGES_CHANNEL, changeNote(eventId, event));
  return eventId;
}

/** Writes several events to the outbox in one statement (the NOTIFYs go out after the commit). */
export async function publishMany(ctx: Pick<Ctx, "tx" | "actor">, events: readonly OutboxInput[]): Promise<void> {
  if (events.length === 0) return;
  const actor = actorRef(ctx.actor);
  const rows = events.map((event) => outboxParams(newId(), actor, event));
  const column = (i: number) => rows.map((r) => r[i]);
  await ctx.tx.query(
    `INSERT INTO outbox ${OUTBOX_COLUMNS} SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::jsonb[], $6::jsonb[], $7::jsonb[])`,
    Array.from({ length: OUTBOX_PARAMS }, (_, i) => column(i)),
  );
  events.forEach((event, i) => ctx.tx.notify(CHANGES_CHANNEL, changeNote(rows[i]![0] as string, event)));
}

const OUTBOX_COLUMNS = "(id, type, aggregate_type, aggregate_id, actor, payload, audience)";
const OUTBOX_PARAMS = 7;

function outboxParams(id: string, actor: ActorRef, event: OutboxInput): unknown[] {
  return [id, event.type, event.aggregate.type, event.aggregate.id, JSON.stringify(actor), JSON.stringify(event.payload), JSON.stringify(event.audience)];
}

/**
 * The outbox event written by the statement that writes its aggregate — one round trip on a hot
 * path. `outboxCte` is the SQL of a CTE to add to that statement's WITH, with placeholders from
 * `$first` on for `outboxValues`' parameters; it inserts only if the CTE named `from` returns a
 * row, and `payloadFromRow` adds that row's columns to the payload (what only the statement
 * knows, such as a number drawn from a sequence). The SQL does not change from call to call:
 * build it once.
 */
export function outboxCte(name: string, from: string, first: number, payloadFromRow: Record<string, string> = {}): string {
  const [id, type, aggregateType, aggregateId, actor, payload, audience] = Array.from({ length: OUTBOX_PARAMS }, (_, i) => `$${first + i}`);
  const fromRow = Object.entries(payloadFromRow).map(([key, column]) => `'${key}', ${from}.${column}`);
  const payloadSql = fromRow.length ? `${payload}::jsonb || jsonb_build_object(${fromRow.join(", ")})` : payload;
  return `${name} AS (INSERT INTO outbox ${OUTBOX_COLUMNS} SELECT ${id}, ${type}, ${aggregateType}, ${aggregateId}, ${actor}, ${payloadSql}, ${audience} FROM ${from})`;
}

/** The parameters of `outboxCte`, in order, and the NOTIFY to queue once the statement has written its row. */
export function outboxValues(ctx: Pick<Ctx, "actor">, event: OutboxInput): { params: unknown[]; published(tx: Queryable): void } {
  const id = newId();
  return {
    params: outboxParams(id, actorRef(ctx.actor), event),
    published: (tx) => tx.notify(CHANGES_CHANNEL, changeNote(id, event)),
  };
}

// NOTIFY payloads are limited to 8 KB: carry only what listeners route on.
const ROUTING_KEYS = ["caseId", "customerId", "ownerOrganizationId", "partyOrganizationIds", "status", "visibility"];

function changeNote(id: string, event: OutboxInput): string {
  const payload: Record<string, unknown> = {};
  for (const key of ROUTING_KEYS) if (key in event.payload) payload[key] = event.payload[key];
  const note: ChangeNote = { id, type: event.type, aggregateType: event.aggregate.type, aggregateId: event.aggregate.id, audience: event.audience, payload };
  return JSON.stringify(note);
}
