/**
 * A remedy an older system granted, recorded in the customer's ledger (by admins and
 * integrations) so that it counts toward limits. Audited.
 */
import type { z } from "zod";
import type { recordGoodwillBody } from "@tandem/contracts";
import type { UserActor } from "../../../platform/actor.js";
import type { Ctx } from "../../../platform/context.js";
import { notFound, unprocessable } from "../../../platform/errors.js";
import { audit } from "../../audit/index.js";
import { findCustomer } from "../../customers/index.js";

import { spell } from "../domain/money.js";
import { insertRemedy, loadCatalogue, type RemedyRow } from "../repository.js";
import { moneyOf, requestedNow } from "./request-remedy.js";

export async function recordGoodwill(ctx: Ctx<UserActor>, customerId: string, body: z.infer<typeof recordGoodwillBody>): Promise<RemedyRow> {
  if (!(await findCustomer(ctx.tx, customerId))) throw notFound("Customer");
  const catalogue = await loadCatalogue(ctx.tx);
  const reason = catalogue.reasons.find((r) => r.code === body.reason);
  if (!reason) throw unprocessable("unknown_reason", `"${body.reason}" is not a reason in the remedy catalogue.`, [{ path: "reason" }]);
  const value = moneyOf(body.value);
  if (value.currency !== catalogue.settings.currency) throw unprocessable("remedy_not_allowed", `Remedies are counted in ${catalogue.settings.currency}, not ${value.currency}.`, [{ path: "value.currency" }]);
  const at = new Date(body.at);
  if (at.getTime() > ctx.now.getTime()) throw unprocessable("remedy_not_allowed", "A remedy from an older system was granted in the past: `at` cannot be later than now.", [{ path: "at" }]);
  const row = await insertRemedy(ctx.tx, {
    ...requestedNow(ctx),
    customer_id: customerId,
    kind: body.kind,
    quantity: body.quantity ?? null,
    value_minor: value.minor,
    currency: value.currency,
    reason: body.reason,
    fault: body.fault,
    status: "granted",
    decision: JSON.stringify({ rules: [] }),
    explanation_en: `Granted by ${body.source}: ${spell(value)} for ${reason.label_en.toLowerCase()}.`,
    explanation_zh: `由 ${body.source} 给予：因“${reason.label_zh}”补偿 ${spell(value)}。`,
    source: body.source,
    at,
  });
  await audit(ctx, { action: "goodwill.recorded", subject: { type: "customer", id: customerId }, after: { remedyId: row.id, kind: row.kind, value: body.value, reason: row.reason, at: body.at, source: body.source } });
  return row;
}
