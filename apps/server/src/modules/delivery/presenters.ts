import type { Delivery } from "@tandem/contracts";
import type { Actor } from "../../platform/actor.js";
import { iso, isoRequired } from "../../platform/pagination.js";
import type { DeliveryRow } from "./repository.js";
import { canRetry } from "./domain/retry.js";

export function presentDelivery(row: DeliveryRow, viewer: Actor, mayMessage: boolean): Delivery {
  return {
    id: row.id,
    messageId: row.message_id,
    caseId: row.case_id,
    channel: row.channel,
    // The customer's address is a contact detail a partner desk does not see (nor the server's answer, which may quote it).
    address: viewer.type === "user" ? row.address : null,
    status: row.status,
    automatic: row.automatic,
    attempts: row.attempts,
    lastError: viewer.type === "user" ? row.last_error : null,
    nextAttemptAt: iso(row.next_attempt_at),
    sentAt: iso(row.sent_at),
    createdAt: isoRequired(row.created_at),
    updatedAt: isoRequired(row.updated_at),
    abilities: mayMessage && canRetry(row.status).ok ? ["delivery.retry"] : [],
  };
}
