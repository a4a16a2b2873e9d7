/**
 * `GET /customers?identity=kind:value`: the customer holding an identity, if the caller may see
 * them (all of them, as a page, for a shared identity). A partner sees only the customers of cases shared with them, and their look-ups are
 * budgeted and recorded (domain/lookup-budgets.ts): counted before the look-up, found or not.
 */
import type { Customer } from "@tandem/contracts";
import type { Ctx } from "../../../platform/context.js";
import type { UserActor } from "../../../platform/actor.js";
import type { Db } from "../../../platform/db.js";
import { AppError, badRequest, notFound } from "../../../platform/errors.js";
import { recordSecurityEvent } from "../../audit/index.js";
import { takeAttempt } from "../../../platform/throttle.js";
import { visibilityOrg } from "../../cases/index.js";
import { IdentityError, normaliseIdentity, parseIdentityQuery } from "../domain/identity.js";
import { partnerLookupBudgets } from "../domain/lookup-budgets.js";
import { customerVisible, findCustomer, findHolders, survivorOf } from "../repository.js";
import { presentCustomers } from "../presenters.js";

export class LookupLimited extends AppError {
  constructor(public readonly retryAfterSeconds: number) {
    const minutes = Math.ceil(retryAfterSeconds / 60);
    super(429, "rate_limited", `Too many identity look-ups: partners may look up 30 an hour. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
  }
}

/** The customer holding the identity; for a shared identity held by several, a page of them all. */
export async function lookUpByIdentity(db: Db, ctx: Omit<Ctx<UserActor>, "tx">, identity: string, secret: string): Promise<Customer | { items: Customer[]; nextCursor: null }> {
  const parsed = parseIdentityQuery(identity);
  if (!parsed) throw badRequest("identity must be written kind:value, e.g. phone:13812345678.", [{ path: "querystring.identity", message: "expected kind:value" }]);
  let normalised;
  try {
    normalised = normaliseIdentity(parsed.kind, parsed.value, secret);
  } catch (error) {
    if (error instanceof IdentityError) throw badRequest(error.message, [{ path: "querystring.identity", message: error.message }]);
    throw error;
  }
  const { actor } = ctx;
  const partner = actor.type === "partner" ? actor : null;
  if (partner) {
    const taken = await takeAttempt(db, partnerLookupBudgets(partner.userId, partner.organizationId), ctx.now);
    if (!taken.ok) {
      await recordSecurityEvent(db, ctx, { type: "customer.identity_lookup_limited", userId: partner.userId, organizationId: partner.organizationId, retryAfterSeconds: taken.retryAfterSeconds });
      throw new LookupLimited(taken.retryAfterSeconds);
    }
  }
  // A merged customer's identity finds the survivor; a shared identity (a family's landline) finds every holder.
  const holders = [...new Set(await Promise.all((await findHolders(db, [normalised])).map((h) => survivorOf(db, h.customer_id))))];
  const visible: string[] = [];
  for (const id of holders) if (await customerVisible(db, id, visibilityOrg(actor))) visible.push(id);
  const found = visible.length > 0;
  if (partner) await recordSecurityEvent(db, ctx, { type: "customer.identity_lookup", userId: partner.userId, organizationId: partner.organizationId, kind: normalised.kind, found });
  if (!found) throw notFound("Customer with this identity");
  const rows = (await Promise.all(visible.map((id) => findCustomer(db, id)))).filter((r) => r !== null);
  const customers = await presentCustomers(db, actor, rows);
  return customers.length === 1 ? customers[0]! : { items: customers, nextCursor: null };
}
