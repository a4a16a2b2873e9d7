import type { UpdateCaseBody } from "@tandem/contracts";
import type { Ctx } from "../../../platform/context.js";
import type { UserActor } from "../../../platform/actor.js";
import { badRequest } from "../../../platform/errors.js";
import type { CaseRow } from "../repository.js";
import { changeCase } from "./case-command.js";
import { tellOwnerOfPartyChange } from "../case-notifications.js";

const FIELDS = { subject: "subject", priority: "priority", category: "category", nextStep: "next_step" } as const;

/** Changes the case's details; the event records each change as from → to. Nothing changed: no event. */
export async function updateCaseDetails(ctx: Ctx<UserActor>, caseId: string, input: UpdateCaseBody): Promise<CaseRow> {
  if (Object.keys(input).length === 0) throw badRequest("Give at least one of subject, priority, category, nextStep.");
  const { before, after, events } = await changeCase(ctx, caseId, "case.update", (kase) => {
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [key, column] of Object.entries(FIELDS) as [keyof typeof FIELDS, (typeof FIELDS)[keyof typeof FIELDS]][]) {
      const to = input[key];
      if (to !== undefined && to !== kase[column]) changes[key] = { from: kase[column], to };
    }
    if (Object.keys(changes).length === 0) return null;
    return { patch: input, events: [{ type: "case.updated", data: { changes } }], publish: { data: () => ({ changes }) } };
  });
  await tellOwnerOfPartyChange(ctx, before, after, events[0]);
  return after;
}
