/** A supervisor clears a customer's flag, with a reason; audited. */
import type { UserActor } from "../../../platform/actor.js";
import type { Ctx } from "../../../platform/context.js";
import { notFound, unprocessable } from "../../../platform/errors.js";
import { audit } from "../../audit/index.js";
import { clearCustomerFlag, findCustomer } from "../../customers/index.js";

export async function clearFlag(ctx: Ctx<UserActor>, customerId: string, flag: string, reason: string): Promise<void> {
  if (!(await findCustomer(ctx.tx, customerId))) throw notFound("Customer");
  const was = await clearCustomerFlag(ctx.tx, customerId, flag, ctx.now);
  if (!was) throw unprocessable("flag_not_set", `The customer is not flagged ${flag}.`);
  await audit(ctx, { action: "customer.flag_cleared", subject: { type: "customer", id: customerId }, before: was, after: null, reason, organizationId: null });
}
