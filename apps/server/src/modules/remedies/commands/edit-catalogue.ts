/**
 * Admins change the catalogue: a reason (its words, kinds, limit, whether it is in use), a
 * kind's value per unit, a row of the authority matrix, the settings. Each change is audited
 * with what it was before.
 */
import type { z } from "zod";
import type { patchKindBody, patchSettingsBody, putAuthorityBody, putReasonBody, RemedyKind } from "@tandem/contracts";
import type { UserActor } from "../../../platform/actor.js";
import type { Ctx } from "../../../platform/context.js";
import { unprocessable } from "../../../platform/errors.js";
import { audit } from "../../audit/index.js";
import { presentCatalogue, presentReason } from "../catalogue.js";
import { loadCatalogue, updateKind, updateSettings, upsertAuthority, upsertReason, type CatalogueRows } from "../repository.js";
import { moneyOf } from "./request-remedy.js";

const inCurrency = (rows: CatalogueRows, m: { amount: string | number; currency: string } | null) => {
  if (m === null) return null;
  const money = moneyOf(m);
  if (money.currency !== rows.settings.currency) throw unprocessable("remedy_not_allowed", `The catalogue counts in ${rows.settings.currency}, not ${money.currency}.`);
  return money.minor;
};

export async function putReason(ctx: Ctx<UserActor>, code: string, body: z.infer<typeof putReasonBody>): Promise<CatalogueRows> {
  const rows = await loadCatalogue(ctx.tx);
  const before = rows.reasons.find((r) => r.code === code);
  const after = await upsertReason(ctx.tx, {
    code,
    label_en: body.labels.en,
    label_zh: body.labels["zh-CN"],
    kinds: [...new Set(body.kinds)],
    limit_count: body.limit?.count ?? null,
    limit_window_days: body.limit?.windowDays ?? null,
    limit_applies_to_all: body.limit?.appliesToAll ?? false,
    beyond_limit: body.limit?.beyond ?? "declined",
    active: body.active,
    updated_at: ctx.now,
  });
  await audit(ctx, { action: "remedy_catalogue.reason_changed", subject: { type: "remedy_reason", id: code }, before: before ? presentReason(before) : null, after: presentReason(after), organizationId: null });
  return loadCatalogue(ctx.tx);
}

export async function patchKind(ctx: Ctx<UserActor>, kind: RemedyKind, body: z.infer<typeof patchKindBody>): Promise<CatalogueRows> {
  const rows = await loadCatalogue(ctx.tx);
  if ((kind === "points" || kind === "free_service") && body.unitValue === null) throw unprocessable("remedy_not_allowed", `A ${kind} needs a value per unit, so that every remedy has a money value.`);
  if (kind !== "points" && kind !== "free_service" && body.unitValue !== null) throw unprocessable("remedy_not_allowed", `A ${kind} is counted in money; it has no value per unit.`);
  const before = rows.kinds.find((k) => k.kind === kind);
  await updateKind(ctx.tx, kind, inCurrency(rows, body.unitValue), ctx.now);
  const after = await loadCatalogue(ctx.tx);
  await audit(ctx, { action: "remedy_catalogue.kind_changed", subject: { type: "remedy_kind", id: kind }, before: before ? { unitValueMinor: before.unit_value_minor } : null, after: { unitValue: body.unitValue }, organizationId: null });
  return after;
}

export async function putAuthority(ctx: Ctx<UserActor>, body: z.infer<typeof putAuthorityBody>): Promise<CatalogueRows> {
  const rows = await loadCatalogue(ctx.tx);
  if (body.reason !== "*" && !rows.reasons.some((r) => r.code === body.reason)) throw unprocessable("unknown_reason", `"${body.reason}" is not a reason in the remedy catalogue.`, [{ path: "reason" }]);
  const before = presentCatalogue(rows).authority.find((a) => a.role === body.role && a.reason === body.reason) ?? null;
  await upsertAuthority(ctx.tx, { role: body.role, reason: body.reason, company_fault_minor: inCurrency(rows, body.companyFault), other_fault_minor: inCurrency(rows, body.otherFault), currency: rows.settings.currency, updated_at: ctx.now });
  const after = await loadCatalogue(ctx.tx);
  await audit(ctx, { action: "remedy_catalogue.authority_changed", subject: { type: "remedy_authority", id: `${body.role}:${body.reason}` }, before, after: presentCatalogue(after).authority.find((a) => a.role === body.role && a.reason === body.reason), organizationId: null });
  return after;
}

export async function patchSettings(ctx: Ctx<UserActor>, body: z.infer<typeof patchSettingsBody>): Promise<CatalogueRows> {
  const rows = await loadCatalogue(ctx.tx);
  const before = presentCatalogue(rows).settings;
  await updateSettings(ctx.tx, {
    ...(body.goodwillCap !== undefined ? { goodwill_cap_minor: inCurrency(rows, body.goodwillCap) } : {}),
    ...(body.goodwillCapWindowDays !== undefined ? { goodwill_cap_window_days: body.goodwillCapWindowDays } : {}),
    ...(body.approvalMinutes !== undefined ? { approval_minutes: body.approvalMinutes } : {}),
    ...(body.satisfactionAfterCustomerResolved !== undefined ? { satisfaction_after_customer_resolved: body.satisfactionAfterCustomerResolved } : {}),
    updated_at: ctx.now,
  });
  const after = await loadCatalogue(ctx.tx);
  await audit(ctx, { action: "remedy_catalogue.settings_changed", subject: { type: "remedy_settings", id: null }, before, after: presentCatalogue(after).settings, organizationId: null });
  return after;
}
