import type { CreateCaseBody } from "@tandem/contracts";
import type { Ctx } from "../../../platform/context.js";
import { actorRef, type UserActor } from "../../../platform/actor.js";
import { caseEventValues } from "../events.js";
import { caseAudience } from "../policies.js";
import { badRequest, conflict } from "../../../platform/errors.js";
import { newId } from "../../../platform/ids.js";
import { findCustomer } from "../../customers/index.js";
import { findUser } from "../../users/index.js";
import { insertCase, type CaseRow } from "../repository.js";
import { casePayload } from "./case-command.js";
import { caseObserved } from "../observers.js";
import { tellAssigned } from "../case-notifications.js";
import { acknowledgeComplaint } from "../../delivery/index.js";

/**
 * Opens a case. First-contact ownership: whoever opens it owns it, unless another owner is named
 * (`ownerId`) or another organisation is (`organizationId`: that organisation owns it, unassigned).
 */
export async function createCase(ctx: Ctx<UserActor>, input: CreateCaseBody): Promise<CaseRow> {
  const actor = ctx.actor;
  let ownerOrganizationId = input.organizationId ?? actor.organizationId;
  let ownerUserId = ownerOrganizationId === actor.organizationId ? actor.userId : null;
  if (input.ownerId) {
    const owner = await findUser(ctx.tx, input.ownerId);
    if (!owner) throw badRequest("The owner does not exist.", [{ path: "body.ownerId", message: "unknown user" }]);
    if (!owner.active) throw conflict("user_inactive", `${owner.name} is deactivated and cannot own cases.`);
    if (input.organizationId && input.organizationId !== owner.organization_id) {
      throw badRequest("The owner belongs to another organization than organizationId.", [{ path: "body.ownerId", message: "not in that organization" }]);
    }
    ownerOrganizationId = owner.organization_id;
    ownerUserId = owner.id;
  }
  const kase = await openCase(ctx, { ...input, priority: input.priority ?? "normal", ownerOrganizationId, ownerUserId });
  await acknowledgeComplaint(ctx, kase);
  // Opened for someone else (a named owner, or another organisation's supervisors while unassigned) — not on the common path.
  if (ownerUserId !== actor.userId) await tellAssigned(ctx, kase, `created:${kase.id}`);
  return kase;
}

export interface OpenCaseInput {
  customerId: string;
  kind: CreateCaseBody["kind"];
  subject: string;
  description?: string | null;
  channel: string;
  priority: string;
  category?: string | null;
  ownerOrganizationId: string;
  ownerUserId: string | null;
  /** Extra facts for the `case.created` event (e.g. the case this one follows up). */
  data?: Record<string, unknown>;
}

/** Inserts the case, its first event and its outbox event: one statement in all. */
export async function openCase(ctx: Ctx, input: OpenCaseInput): Promise<CaseRow> {
  const ref = actorRef(ctx.actor);
  const id = newId(ctx.now.getTime());
  const kase = await insertCase(
    ctx.tx,
    {
      id,
      customerId: input.customerId,
      kind: input.kind,
      subject: input.subject,
      description: input.description ?? null,
      channel: input.channel,
      priority: input.priority,
      category: input.category ?? null,
      ownerOrganizationId: input.ownerOrganizationId,
      ownerUserId: input.ownerUserId,
      createdBy: { type: ref.type, id: ref.id },
      now: ctx.now,
    },
    caseEventValues(
      ctx,
      { caseId: id, customerId: input.customerId, type: "case.created", data: { subject: input.subject, kind: input.kind, channel: input.channel, priority: input.priority, ...input.data } },
      // The case as it will be inserted: open, with no parties; the statement adds its number.
      {
        type: "case.created",
        aggregate: { type: "case", id },
        audience: caseAudience({ id, ownerOrganizationId: input.ownerOrganizationId, parties: [] }),
        payload: casePayload({ id, customer_id: input.customerId, status: "open", owner_organization_id: input.ownerOrganizationId, owner_user_id: input.ownerUserId, parties: [] }),
      },
    ),
  );
  if (!kase) {
    // Only on the error path: say which reference was wrong.
    if (!(await findCustomer(ctx.tx, input.customerId))) throw badRequest("The customer does not exist.", [{ path: "body.customerId", message: "unknown customer" }]);
    throw badRequest("The organization does not exist.", [{ path: "body.organizationId", message: "unknown organization" }]);
  }
  return caseObserved(ctx, kase, ["case.created"]);
}
