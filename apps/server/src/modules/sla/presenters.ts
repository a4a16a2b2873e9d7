import type { SlaPolicy } from "@tandem/contracts";
import type { Actor } from "../../platform/actor.js";
import { isoRequired } from "../../platform/pagination.js";
import { isDefaultPolicy } from "./domain/policy.js";
import { DEFAULT_LADDER, type EscalationLadder } from "./fire.js";
import { policyAbilities } from "./policies.js";
import type { SlaPolicyRow } from "./repository.js";

export function presentPolicy(r: SlaPolicyRow, viewer: Actor): SlaPolicy {
  const ladder = { ...DEFAULT_LADDER, ...(r.escalation as Partial<EscalationLadder>) };
  return {
    id: r.id,
    name: r.name,
    position: r.position,
    appliesTo: { kind: r.applies_kind, priority: r.applies_priority, category: r.applies_category },
    firstResponse: r.first_response,
    nextUpdate: r.next_update,
    resolution: r.resolution,
    warnBefore: r.warn_before,
    calendarId: r.calendar_id,
    pauseWhileWaitingOnCustomer: r.pause_while_waiting_on_customer,
    proactiveUpdates: r.proactive_updates,
    escalation: { warn: ladder.warn, breach: ladder.breach, adminsAfter: ladder.adminsAfter },
    isDefault: isDefaultPolicy({ appliesKind: r.applies_kind, appliesPriority: r.applies_priority, appliesCategory: r.applies_category }),
    createdAt: isoRequired(r.created_at),
    updatedAt: isoRequired(r.updated_at),
    abilities: policyAbilities(viewer),
  };
}
