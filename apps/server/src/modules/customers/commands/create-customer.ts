import type { CreateCustomerBody } from "@tandem/contracts";
import type { Ctx } from "../../../platform/context.js";
import { conflict } from "../../../platform/errors.js";
import { findHolders, insertCustomer, insertIdentity, lockIdentities, type CustomerRow, type IdentityRow } from "../repository.js";
import { normaliseAll } from "./resolve-identities.js";
import { queueProbableMatch } from "./resolve-record.js";
import { fillProfile, profileColumns, profileFromInput } from "../domain/profile.js";

/** Creates a customer; an identity already held by someone else is a 409 naming the holder. */
export async function createCustomer(ctx: Ctx, input: CreateCustomerBody, secret: string): Promise<{ customer: CustomerRow; identities: IdentityRow[] }> {
  const { tx } = ctx;
  const identities = normaliseAll(input.identities, secret);
  await lockIdentities(tx, identities);
  const held = await findHolders(tx, identities);
  if (held.length > 0) {
    const first = held[0]!;
    throw conflict("identity_taken", `The ${first.kind} identity already belongs to customer ${first.customer_id}.`, held.map((h) => ({ kind: h.kind, customerId: h.customer_id })));
  }
  const { profile, sources } = fillProfile({}, {}, profileFromInput(input), "api", ctx.now);
  const customer = await insertCustomer(tx, { ...input, profile: profileColumns(profile, sources) }, ctx.now);
  const rows: IdentityRow[] = [];
  for (const identity of identities) rows.push((await insertIdentity(tx, customer.id, identity, ctx.now))!);
  await queueProbableMatch(ctx, customer);
  return { customer, identities: rows };
}
