/**
 * Satisfaction: the customer answers one question (1–5 and a comment) on their page, at most
 * once per resolution; the answer is an event on the case (it never reopens it). Supervisors read
 * the results per agent, reason, remedy outcome and category; cases where a contact was ended
 * after an explanation are left out of them.
 */
import type { SatisfactionSummary } from "@tandem/contracts";
import type { Actor } from "../../../platform/actor.js";
import type { Ctx } from "../../../platform/context.js";
import type { Queryable } from "../../../platform/db.js";
import { conflict, unprocessable } from "../../../platform/errors.js";
import { newId } from "../../../platform/ids.js";
import { loadCaseFor, recordCaseEvent } from "../../cases/index.js";
import { findUser } from "../../users/index.js";
import { canAnswerSatisfaction, figuresBy } from "../domain/satisfaction.js";
import { insertSatisfaction, listCaseRemedies, loadCatalogue, satisfactionAnswered, satisfactionSince } from "../repository.js";

type CustomerActor = Extract<Actor, { type: "customer" }>;

export async function answerSatisfaction(ctx: Ctx<CustomerActor>, body: { score: number; comment?: string }) {
  const kase = await loadCaseFor(ctx, ctx.actor.caseId, "case.read", true);
  const settings = (await loadCatalogue(ctx.tx)).settings;
  const check = canAnswerSatisfaction({
    status: kase.status,
    resolvedBy: kase.resolved_by,
    resolvedAt: kase.resolved_at,
    alreadyAnswered: kase.resolved_at ? await satisfactionAnswered(ctx.tx, kase.id, kase.resolved_at) : false,
    askAfterCustomerResolved: settings.satisfaction_after_customer_resolved,
  });
  if (!check.ok) {
    const details = [{ code: check.code, "zh-CN": check.words.zh, en: check.words.en }];
    throw check.code === "satisfaction_already_given" ? conflict(check.code, check.words.en, details) : unprocessable(check.code, check.words.en, details);
  }
  const last = (await listCaseRemedies(ctx.tx, kase.id)).at(-1);
  const written = await insertSatisfaction(ctx.tx, {
    id: newId(ctx.now.getTime()),
    case_id: kase.id,
    customer_id: kase.customer_id,
    resolved_at: check.resolvedAt,
    score: body.score,
    comment: body.comment ?? null,
    agent_id: kase.owner_user_id,
    category: kase.category,
    remedy_reason: last?.reason ?? null,
    remedy_outcome: last?.status ?? null,
    at: ctx.now,
  });
  if (!written) throw conflict("satisfaction_already_given", "Thank you: you have already told us how it went.");
  await recordCaseEvent(ctx, { caseId: kase.id, customerId: kase.customer_id, type: "satisfaction.given", data: { score: body.score, ...(body.comment ? { comment: body.comment } : {}) } });
  return { caseId: kase.id, score: body.score, comment: body.comment ?? null, at: ctx.now.toISOString() };
}

export async function satisfactionSummary(db: Queryable, now: Date, days: number): Promise<SatisfactionSummary> {
  const rows = await satisfactionSince(db, new Date(now.getTime() - days * 86_400_000));
  const counted = rows.filter((r) => !r.ended);
  const byAgent = figuresBy(counted, (r) => r.agent_id);
  const names = new Map(await Promise.all(byAgent.filter((f) => f.key).map(async (f) => [f.key, (await findUser(db, f.key!))?.name ?? null] as const)));
  return {
    overall: figuresBy(counted, () => null)[0] ?? { key: null, count: 0, average: 0 },
    byAgent: byAgent.map((f) => ({ ...f, name: names.get(f.key) ?? null })),
    byReason: figuresBy(counted, (r) => r.remedy_reason),
    byOutcome: figuresBy(counted, (r) => r.remedy_outcome),
    byCategory: figuresBy(counted, (r) => r.category),
    excluded: rows.length - counted.length,
  };
}
