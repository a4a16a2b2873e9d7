import type { Ctx } from "../../../platform/context.js";
import type { UserActor } from "../../../platform/actor.js";
import type { CaseRow } from "../repository.js";
import { changeCase } from "./case-command.js";

export interface ContactOnCase {
  interactionId: string;
  channel: string;
  direction: "inbound" | "outbound";
  body: string;
  occurredAt: string;
  organizationId: string | null;
}

/**
 * A call, chat or other contact about a case shows on the case's own timeline (an
 * `interaction.recorded` event), not only on the customer's. `check` runs on the locked case
 * before anything is written (e.g. that the case is this customer's).
 */
export async function recordContactOnCase(ctx: Ctx<UserActor>, caseId: string, contact: ContactOnCase, check: (kase: CaseRow) => void = () => undefined): Promise<CaseRow> {
  const { after } = await changeCase(ctx, caseId, "case.record_contact", (kase) => {
    check(kase);
    return {
      events: [{ type: "interaction.recorded", data: { ...contact } }],
      publish: { type: "case.interaction_recorded", data: () => ({ interactionId: contact.interactionId, channel: contact.channel }) },
    };
  });
  return after;
}
