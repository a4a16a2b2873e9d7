import type { IdentityInput } from "@tandem/contracts";
import type { Ctx } from "../../../platform/context.js";
import { findCustomer, findHolders, insertCustomer, insertIdentity, lockIdentities, survivorOf, type CustomerRow } from "../repository.js";
import { queueProbableMatch } from "./resolve-record.js";
import { normaliseAll } from "./resolve-identities.js";

/**
 * The customer behind a contact: whoever holds the first identity that is already known; the
 * identities not yet held by anyone are added to them. Nobody known: a new customer.
 * Identities held by a *different* customer are left where they are (merging is a separate, reviewed step).
 */
export async function findOrCreateCustomer(
  ctx: Ctx,
  input: { identities: IdentityInput[]; name?: string },
  secret: string,
): Promise<{ customer: CustomerRow; created: boolean; conflicting: { kind: string; customerId: string }[] }> {
  const { tx } = ctx;
  const identities = normaliseAll(input.identities, secret, "body.customer.identities");
  await lockIdentities(tx, identities);
  const held = await findHolders(tx, identities);
  const holderOf = (kind: string, value: string) => held.find((h) => h.kind === kind && h.value === value)?.customer_id;
  const ownerId = identities.map((i) => holderOf(i.kind, i.value)).find(Boolean);
  let customer: CustomerRow;
  let created = false;
  if (ownerId) {
    // A merged customer's contacts go to the survivor.
    customer = (await findCustomer(tx, await survivorOf(tx, ownerId)))!;
  } else {
    customer = await insertCustomer(tx, { name: input.name ?? identities[0]!.display }, ctx.now);
    created = true;
  }
  for (const identity of identities) {
    if (!holderOf(identity.kind, identity.value)) await insertIdentity(tx, customer.id, identity, ctx.now);
  }
  if (created && input.name) await queueProbableMatch(ctx, customer);
  const conflicting = held.filter((h) => h.customer_id !== customer.id).map((h) => ({ kind: h.kind, customerId: h.customer_id }));
  return { customer, created, conflicting };
}
