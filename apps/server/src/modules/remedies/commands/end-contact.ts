/**
 * `POST /cases/:id/contact-outcome`: the agent explained the decision and ended the contact. It
 * is a case event (`contact.ended_after_explanation`, with the note) on the timeline and a row of
 * `contact_outcomes`, which the satisfaction figures read to leave the case out (handling-time
 * figures, when the analytics module measures them, are to read it too).
 */
import type { UserActor } from "../../../platform/actor.js";
import type { Ctx } from "../../../platform/context.js";
import { newId } from "../../../platform/ids.js";
import { changeCase, type CaseRow } from "../../cases/index.js";
import { insertContactOutcome } from "../repository.js";

export const CONTACT_ENDED_EVENT = "contact.ended_after_explanation";

export async function endContact(ctx: Ctx<UserActor>, caseId: string, note: string): Promise<CaseRow> {
  const { after } = await changeCase(ctx, caseId, "case.record_contact", () => ({ events: [{ type: CONTACT_ENDED_EVENT, data: { outcome: "ended_after_explanation", note } }] }));
  await insertContactOutcome(ctx.tx, { id: newId(ctx.now.getTime()), case_id: caseId, outcome: "ended_after_explanation", note, user_id: ctx.actor.userId, at: ctx.now });
  return after;
}
