/**
 * `POST /cases/:id/contact-outcome`: the agent explained the decision and ended the contact. It
 * is a case event (`contact.ended_after_explanation`, with the note) on the timeline; figures of
 * handling time and satisfaction are to leave out the contacts it marks (the analytics read the
 * event type — the seam for the analytics module, which does not exist yet).
 */
import type { UserActor } from "../../../platform/actor.js";
import type { Ctx } from "../../../platform/context.js";
import { changeCase, type CaseRow } from "../../cases/index.js";

export const CONTACT_ENDED_EVENT = "contact.ended_after_explanation";

export async function endContact(ctx: Ctx<UserActor>, caseId: string, note: string): Promise<CaseRow> {
  const { after } = await changeCase(ctx, caseId, "case.record_contact", () => ({ events: [{ type: CONTACT_ENDED_EVENT, data: { outcome: "ended_after_explanation", note } }] }));
  return after;
}
