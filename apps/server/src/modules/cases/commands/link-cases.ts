import type { CaseLinkView } from "@tandem/contracts";
import type { Ctx } from "../../../platform/context.js";
import { actorRef } from "../../../platform/actor.js";
import { AppError, conflict, notFound } from "../../../platform/errors.js";
import { linkSeenFrom, linkToStore } from "../domain/links.js";
import { deleteLink, findLink, findLinkBetween, insertCaseLink, lockCases, type CaseLinkStoredRow } from "../link-repository.js";
import type { CaseRow } from "../repository.js";
import { changeCase, loadCaseFor } from "./case-command.js";

/**
 * Links two cases the caller may see and may link (`case.link` on both: 404 for a case they may
 * not see, 403 for one they only view). Two cases are linked at most once (409 `already_linked`,
 * naming the link), and never to themselves (409 `self_link`). Each case's timeline gets a
 * `case.linked` event said from its side; the events name the other case by id only, and a case
 * lists its links only to cases the viewer may see, so no other case's number leaks to a partner.
 */
export async function linkCases(ctx: Ctx, caseId: string, input: { caseId: string; kind: CaseLinkView }): Promise<{ link: CaseLinkStoredRow; kase: CaseRow }> {
  if (caseId === input.caseId) throw conflict("self_link", "A case cannot be linked to itself.");
  await lockCases(ctx.tx, [caseId, input.caseId]);
  let link: CaseLinkStoredRow | null = null;
  const { after } = await changeCase(ctx, caseId, "case.link", async (kase) => {
    const other = await loadCaseFor(ctx, input.caseId, "case.link");
    const existing = await findLinkBetween(ctx.tx, kase.id, other.id);
    if (existing) {
      const kind = linkSeenFrom(existing.kind, existing.case_id === kase.id ? "case" : "linked_case");
      throw conflict("already_linked", `This case is already linked to ${other.number} (${kind}); remove that link first.`, [{ linkId: existing.id, kind }]);
    }
    const stored = linkToStore(kase.id, input.kind, other.id);
    const ref = actorRef(ctx.actor);
    link = await insertCaseLink(ctx.tx, { ...stored, createdBy: { type: ref.type, id: ref.id }, now: ctx.now });
    return linkedEvent("case.linked", link, kase.id);
  });
  const made = link as CaseLinkStoredRow | null;
  await changeCase(ctx, input.caseId, "case.link", () => linkedEvent("case.linked", made!, input.caseId));
  return { link: made!, kase: after };
}

/** Removes a link of this case (`case.link` on both cases; 404 when it is not this case's, or the other case is not visible). */
export async function unlinkCases(ctx: Ctx, caseId: string, linkId: string): Promise<void> {
  const link = await findLink(ctx.tx, linkId);
  if (!link || (link.case_id !== caseId && link.linked_case_id !== caseId)) throw notFound("Link");
  const otherId = link.case_id === caseId ? link.linked_case_id : link.case_id;
  await lockCases(ctx.tx, [caseId, otherId]);
  await changeCase(ctx, caseId, "case.link", async () => {
    // The other case must be one the caller may see and link; otherwise the link is not theirs to know of.
    await loadCaseFor(ctx, otherId, "case.link").catch((error: unknown) => {
      throw error instanceof AppError && error.status === 404 ? notFound("Link") : error;
    });
    await deleteLink(ctx.tx, link.id);
    return linkedEvent("case.unlinked", link, caseId);
  });
  await changeCase(ctx, otherId, "case.link", () => linkedEvent("case.unlinked", link, otherId));
}

/** The event on one of the two cases: the link, its kind said from that case, and the other case's id. */
function linkedEvent(type: "case.linked" | "case.unlinked", link: CaseLinkStoredRow, on: string) {
  const side = link.case_id === on ? "case" : "linked_case";
  const data = { linkId: link.id, kind: linkSeenFrom(link.kind, side), caseId: side === "case" ? link.linked_case_id : link.case_id };
  // In the outbox payload `caseId` is the case the event is on (what consumers route by): the other one is `linkedCaseId`.
  return { events: [{ type, data }], publish: { data: () => ({ linkId: data.linkId, kind: data.kind, linkedCaseId: data.caseId }) } };
}
