/**
 * A scheduled contact carried out (`sent`: an outbound interaction on the case's timeline by
 * whoever made it) or called off (`cancelled`, with the caller's reason). Only a scheduled contact
 * changes; only its own party or the case's owner may change it; others get 404 when they may
 * not see the case, 403 when they may.
 */
import type { UserActor } from "../../../platform/actor.js";
import type { Ctx } from "../../../platform/context.js";
import { conflict, forbidden, notFound } from "../../../platform/errors.js";
import { caseAccess, caseFacts, findCase, recordCaseEvent, type CaseRow } from "../../cases/index.js";
import { recordInteraction } from "../../interactions/index.js";
import { outreachAbilities } from "../policies.js";
import { findOutreach, markCancelled, markSent, purposesOf, type OutreachRow } from "../repository.js";
import { tellCase } from "./plan-outreach.js";

async function loadForChange(ctx: Ctx<UserActor>, id: string, ability: "outreach.send" | "outreach.cancel"): Promise<{ row: OutreachRow; kase: CaseRow }> {
  const found = await findOutreach(ctx.tx, id);
  const kase = found ? await findCase(ctx.tx, found.case_id, { forUpdate: true }) : null;
  if (!found || !kase || !caseAccess(ctx.actor, caseFacts(kase))) throw notFound("Outreach");
  const row = (await findOutreach(ctx.tx, id, { forUpdate: true }))!;
  if (row.status !== "scheduled") throw conflict("outreach_not_scheduled", `This contact is ${row.status}; only a scheduled contact can be sent or cancelled.`, [{ status: row.status }]);
  if (!outreachAbilities(ctx.actor, row, kase.owner_organization_id).includes(ability)) throw forbidden("Only the party that planned this contact, or the case's owner, may change it.");
  return { row, kase };
}

export async function markOutreachSent(ctx: Ctx<UserActor>, id: string, input: { note?: string; body?: string }, secret: string): Promise<OutreachRow> {
  const { row, kase } = await loadForChange(ctx, id, "outreach.send");
  const body = input.body ?? input.note ?? purposesOf(row).map((p) => p.purpose).join("\n");
  const interaction = await recordInteraction(ctx, { channel: row.channel, direction: "outbound", customer: { id: row.customer_id }, organizationId: row.organization_id, caseId: row.case_id, body }, secret);
  const sent = await markSent(ctx.tx, row.id, interaction.id, ctx.now);
  await recordCaseEvent(ctx, { caseId: kase.id, customerId: kase.customer_id, type: "outreach.sent", data: { outreachId: row.id, channel: row.channel, interactionId: interaction.id, ...(input.note ? { note: input.note } : {}) } });
  await tellCase(ctx, kase, "outreach.sent", row.id);
  return sent;
}

export async function cancelOutreach(ctx: Ctx<UserActor>, id: string, reason: string): Promise<OutreachRow> {
  const { row, kase } = await loadForChange(ctx, id, "outreach.cancel");
  const cancelled = await markCancelled(ctx.tx, row.id, "cancelled", reason, ctx.now);
  await recordCaseEvent(ctx, { caseId: kase.id, customerId: kase.customer_id, type: "outreach.cancelled", data: { outreachIds: [row.id], reason: "cancelled", note: reason } });
  await tellCase(ctx, kase, "outreach.cancelled", row.id);
  return cancelled;
}
