import type { IdentityInput } from "@tandem/contracts";
import { badRequest } from "../../../platform/errors.js";
import { IdentityError, normaliseIdentity, type NormalisedIdentity } from "../domain/identity.js";

/** Normalises every identity of a request; all problems are reported at once as a 400. */
export function normaliseAll(identities: IdentityInput[], secret: string, path = "body.identities"): NormalisedIdentity[] {
  const out: NormalisedIdentity[] = [];
  const problems: { path: string; message: string }[] = [];
  identities.forEach((identity, i) => {
    try {
      const n = normaliseIdentity(identity.kind, identity.value, secret);
      if (!out.some((o) => o.kind === n.kind && o.value === n.value)) out.push(n);
    } catch (error) {
      if (!(error instanceof IdentityError)) throw error;
      problems.push({ path: `${path}.${i}.value`, message: error.message });
    }
  });
  if (problems.length) throw badRequest(`Some identities are not valid: ${problems.map((p) => p.message).join(" ")}`, problems);
  return out;
}
