import type { CaseStatus } from "@tandem/contracts";
import type { Ctx } from "../../../platform/context.js";
import { conflict } from "../../../platform/errors.js";
import { canTransition } from "../domain/lifecycle.js";
import type { CaseAbility } from "../policies.js";
import type { CaseRow } from "../repository.js";
import { changeCase } from "./case-command.js";
import { tellOwnerOfPartyChange } from "../case-notifications.js";
import { runResolveHooks, type ResolveInput } from "../resolve-hooks.js";

const EVENT_OF: Partial<Record<CaseStatus, string>> = { resolved: "case.resolved", closed: "case.closed" };

/**
 * Moves a case through its lifecycle: resolve, reopen, wait on someone, close. A transition the
 * state machine forbids is 409 invalid_transition and changes nothing.
 */
export async function changeStatus(
  ctx: Ctx,
  caseId: string,
  to: CaseStatus,
  opts: { action: CaseAbility; data?: Record<string, unknown>; resolution?: string; resolvedBy?: string; eventType?: string; closeOpenTasks?: ResolveInput["closeOpenTasks"] },
): Promise<CaseRow> {
  const { before, after, events } = await changeCase(ctx, caseId, opts.action, async (kase) => {
    const check = canTransition(kase.status, to);
    if (!check.ok) throw conflict("invalid_transition", check.reason, [{ from: kase.status, to }]);
    if (to === "resolved") await runResolveHooks(ctx, kase, { resolvedBy: opts.resolvedBy ?? null, closeOpenTasks: opts.closeOpenTasks });
    const type = opts.eventType ?? EVENT_OF[to] ?? "case.status_changed";
    return {
      patch: {
        status: to,
        ...(to === "resolved" ? { resolution: opts.resolution ?? null, resolvedBy: opts.resolvedBy ?? null, resolvedAt: ctx.now } : {}),
        ...(kase.status === "resolved" && to === "open" ? { resolution: null, resolvedBy: null, resolvedAt: null } : {}),
      },
      events: [{ type, data: { from: kase.status, to, ...opts.data } }],
      publish: { data: () => ({ from: kase.status, ...opts.data }) },
    };
  });
  await tellOwnerOfPartyChange(ctx, before, after, events[0]);
  return after;
}
