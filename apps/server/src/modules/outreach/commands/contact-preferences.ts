/** The customer's word on how they may be contacted: a consent per channel, their time zone. Audited. */
import type { Channel } from "@tandem/contracts";
import type { UserActor } from "../../../platform/actor.js";
import { actorRef } from "../../../platform/actor.js";
import type { Ctx } from "../../../platform/context.js";
import { badRequest, notFound } from "../../../platform/errors.js";
import { audit } from "../../audit/index.js";
import { visibilityOrg } from "../../cases/index.js";
import { consentsOf, customerVisible, findCustomer, lockCustomer, putConsent, setTimeZone, type CustomerRow } from "../../customers/index.js";
import { isKnownZone } from "../settings.js";

async function loadCustomer(ctx: Ctx<UserActor>, id: string): Promise<CustomerRow> {
  const customer = await findCustomer(ctx.tx, id);
  if (!customer || !(await customerVisible(ctx.tx, id, visibilityOrg(ctx.actor)))) throw notFound("Customer");
  await lockCustomer(ctx.tx, id);
  return customer;
}

export async function recordConsent(ctx: Ctx<UserActor>, customerId: string, input: { channel: Channel; status: "opted_in" | "opted_out"; how: string }): Promise<CustomerRow> {
  const customer = await loadCustomer(ctx, customerId);
  const before = (await consentsOf(ctx.tx, [customerId])).find((c) => c.channel === input.channel);
  await putConsent(ctx.tx, { customerId, channel: input.channel, status: input.status, how: input.how, by: actorRef(ctx.actor), at: ctx.now });
  await audit(ctx, { action: "customer.consent_changed", subject: { type: "customer", id: customerId }, before: before ? { channel: before.channel, status: before.status, how: before.how } : null, after: input });
  return customer;
}

export async function changeTimeZone(ctx: Ctx<UserActor>, customerId: string, timeZone: string | null): Promise<CustomerRow> {
  if (timeZone !== null && !isKnownZone(timeZone)) throw badRequest("The time zone is not known.", [{ path: "body.timeZone", message: "must be an IANA time zone (Asia/Shanghai) or null" }]);
  const customer = await loadCustomer(ctx, customerId);
  await setTimeZone(ctx.tx, customerId, timeZone, ctx.now);
  await audit(ctx, { action: "customer.time_zone_changed", subject: { type: "customer", id: customerId }, before: { timeZone: customer.time_zone }, after: { timeZone } });
  return customer;
}
