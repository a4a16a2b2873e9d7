/**
 * Playbooks: admins set one per complaint category (`*` for the rest); a case shows the steps of
 * its category's playbook, its next step and, when the playbook suggests a goodwill gesture and
 * the rules would grant it to this caller at once, that suggestion — suggested, never granted.
 */
import type { z } from "zod";
import type { Playbook, playbookBody } from "@tandem/contracts";
import type { UserActor } from "../../../platform/actor.js";
import type { Ctx } from "../../../platform/context.js";
import { parseDuration } from "../../../platform/duration.js";
import { unprocessable } from "../../../platform/errors.js";
import { audit } from "../../audit/index.js";
import { listCaseEvents, loadCaseFor } from "../../cases/index.js";
import { authorityFor, reasonPolicy, settingsOf } from "../catalogue.js";
import { decideRemedy } from "../domain/decide.js";
import { followPlaybook } from "../domain/playbook.js";
import { spell, toApi } from "../domain/money.js";
import { ledgerForDecision, listCaseRemedies, loadCatalogue, playbookFor, upsertPlaybook } from "../repository.js";
import { decidingRole, ledgerEntries, moneyOf } from "./request-remedy.js";

export const presentPlaybook = (row: { category: string; definition: unknown }): Playbook => ({ category: row.category, ...(row.definition as Omit<Playbook, "category">) });

export async function putPlaybook(ctx: Ctx<UserActor>, category: string, body: z.infer<typeof playbookBody>): Promise<Playbook> {
  const catalogue = await loadCatalogue(ctx.tx);
  const unknown = [...body.remedies, ...(body.suggestion ? [body.suggestion.reason] : [])].filter((code) => !catalogue.reasons.some((r) => r.code === code));
  if (unknown.length) throw unprocessable("unknown_reason", `Not reasons in the remedy catalogue: ${unknown.join(", ")}.`, [{ path: "remedies", unknown }]);
  if (body.suggestion) {
    const value = moneyOf(body.suggestion.value);
    if (value.currency !== catalogue.settings.currency) throw unprocessable("remedy_not_allowed", `The catalogue counts in ${catalogue.settings.currency}, not ${value.currency}.`);
  }
  const definition = { ...body, suggestion: body.suggestion ? { ...body.suggestion, value: toApi(moneyOf(body.suggestion.value)) } : null };
  const row = await upsertPlaybook(ctx.tx, category, definition, ctx.now);
  await audit(ctx, { action: "playbook.changed", subject: { type: "playbook", id: category }, after: definition, organizationId: null });
  return presentPlaybook(row);
}

export async function casePlaybook(ctx: Ctx<UserActor>, caseId: string) {
  const kase = await loadCaseFor(ctx, caseId, "case.read");
  const row = await playbookFor(ctx.tx, kase.category);
  if (!row) return null;
  const playbook = presentPlaybook(row);
  const [events, remedies] = await Promise.all([listCaseEvents(ctx.tx, caseId, { limit: 200, visibility: "all" }), listCaseRemedies(ctx.tx, caseId)]);
  const staff = (e: { actor_type: string }) => e.actor_type === "user" || e.actor_type === "partner";
  const messages = events.items.filter((e) => e.type === "message.added" && staff(e));
  const followed = followPlaybook(
    { steps: playbook.steps.map((s) => ({ step: s.step, targetMs: parseDuration(s.target) ?? 0 })), updateCadenceMs: parseDuration(playbook.updateCadence) ?? 86_400_000 },
    {
      createdAt: kase.created_at,
      status: kase.status,
      resolvedAt: kase.resolved_at,
      ownerUserId: kase.owner_user_id,
      publicReplies: messages.filter((e) => e.data.visibility === "public").map((e) => e.at),
      internalWorkAt: messages.find((e) => e.data.visibility === "internal")?.at ?? events.items.find((e) => e.type === "party.added")?.at ?? null,
      remedyGrantedAt: remedies.find((r) => r.status === "granted")?.updated_at ?? null,
    },
    ctx.now,
  );
  return { playbook, ...followed, suggestion: await suggestion(ctx, kase.customer_id, playbook) };
}

/** The playbook's gesture, if the rules would grant it to this caller at once as a company-fault remedy; otherwise none. */
async function suggestion(ctx: Ctx<UserActor>, customerId: string, playbook: Playbook) {
  const s = playbook.suggestion;
  if (!s || ctx.actor.role === "partner_agent") return null;
  const catalogue = await loadCatalogue(ctx.tx);
  const reason = catalogue.reasons.find((r) => r.code === s.reason);
  if (!reason) return null;
  const value = moneyOf(s.value);
  const result = decideRemedy({
    ask: { kind: s.kind, value, loss: null, fault: "company", chargeStatus: null, settlement: null, justification: null },
    reason: reasonPolicy(reason),
    role: decidingRole(ctx.actor),
    authority: authorityFor(catalogue, s.reason),
    settings: settingsOf(catalogue),
    ledger: ledgerEntries(await ledgerForDecision(ctx.tx, customerId)),
    now: ctx.now,
  });
  if (!result.ok || result.decision.status !== "granted") return null;
  return {
    kind: s.kind,
    value: toApi(value),
    reason: s.reason,
    explanation: {
      en: `Suggested by the playbook, not granted: a small goodwill gesture of ${spell(value)} is within the rules. Offer it if it fits.`,
      "zh-CN": `手册建议（尚未给予）：可在规则范围内提供 ${spell(value)} 的善意补偿，视情况决定是否提供。`,
    },
  };
}
