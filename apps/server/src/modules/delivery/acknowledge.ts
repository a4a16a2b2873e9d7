import type { Ctx } from "../../platform/context.js";
import { SYSTEM } from "../../platform/actor.js";
import { publish } from "../../platform/events.js";
import { caseAudience, caseFacts, recordCaseEvent, type CaseRow } from "../cases/index.js";
import { findCustomer } from "../customers/index.js";
import { firstName } from "../portal/index.js";
import { acknowledgement, customerLocale } from "./domain/texts.js";
import { deliverMessage } from "./queue-delivery.js";

/**
 * The instant acknowledgement of a new complaint (issue 10, item 7): in the transaction that
 * opens it, a public message from `system` with the case number, who owns it and what happens
 * next, in the customer's language — delivered like every public message, with a customer link,
 * so it reaches the customer within seconds. Other kinds of case get none.
 */
export async function acknowledgeComplaint(ctx: Ctx, kase: CaseRow): Promise<void> {
  if (kase.kind !== "complaint") return;
  const customer = (await findCustomer(ctx.tx, kase.customer_id))!;
  const body = acknowledgement({
    locale: customerLocale(customer.locale),
    caseNumber: kase.number,
    caseSubject: kase.subject,
    ownerFirstName: firstName(kase.owner_user_name),
    organizationName: kase.owner_organization_name,
  });
  const system: Ctx = { ...ctx, actor: SYSTEM };
  const message = await recordCaseEvent(system, { caseId: kase.id, customerId: kase.customer_id, type: "message.added", data: { visibility: "public", body, automatic: "acknowledgement" } });
  await publish(system, {
    type: "case.message_added",
    aggregate: { type: "case", id: kase.id },
    audience: caseAudience(caseFacts(kase), "public"),
    payload: { caseId: kase.id, number: kase.number, customerId: kase.customer_id, status: kase.status, ownerOrganizationId: kase.owner_organization_id, ownerUserId: kase.owner_user_id, partyOrganizationIds: [], messageId: message.id, visibility: "public" },
  });
  await deliverMessage(system, message);
}
