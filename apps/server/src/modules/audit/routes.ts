import { answers, auditEntrySchema, auditQuery, pageOf, type AuditEntry } from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import { isoRequired } from "../../platform/pagination.js";
import { authorize } from "./policies.js";
import { listAuditEntries, type AuditRow } from "./repository.js";

const present = (r: AuditRow): AuditEntry => ({
  id: r.id,
  at: isoRequired(r.at),
  actor: { type: r.actor_type, id: r.actor_id, name: r.actor_name },
  organizationId: r.organization_id,
  action: r.action,
  subject: { type: r.subject_type, id: r.subject_id },
  before: r.before,
  after: r.after,
  reason: r.reason,
});

export function auditRoutes(app: RouteApp): void {
  app.get(
    "/api/v1/audit",
    { schema: { tags: ["audit"], summary: "The audit log, newest first (admins): filter by actor, action, subject, organisation and time", querystring: auditQuery, response: answers({ 200: pageOf(auditEntrySchema) }) } },
    async (req) => {
      authorize(req.actor, "audit.read");
      const result = await listAuditEntries(app.db, req.query);
      return { items: result.items.map(present), nextCursor: result.nextCursor };
    },
  );
}
