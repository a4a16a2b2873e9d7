import { z } from "zod";
import { id, isoDateTime, isoTime, listQuery } from "./common.js";
import { actorSchema } from "./cases.js";

/** An action name: `<subject>.<verb>`, e.g. `user.role_changed`. */
const actionName = z.string().regex(/^[a-z_]{1,50}\.[a-z_]{1,50}$/, "must be an action such as user.created");

/** `GET /audit` filters: who, what, on what, when (`from` inclusive, `to` exclusive). */
export const auditQuery = z.strictObject({
  ...listQuery,
  actorId: id.optional(),
  action: z
    .string()
    .max(500)
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(actionName).min(1).max(20))
    .optional(),
  subjectType: z.string().regex(/^[a-z_]{1,50}$/, "must be a subject type such as user").optional(),
  subjectId: z.string().regex(/^[A-Za-z0-9_.:-]{1,200}$/, "must be an id").optional(),
  organizationId: id.optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditEntrySchema = z.object({
  id: z.string(),
  at: isoTime,
  actor: actorSchema,
  /** The organisation the entry belongs to: the subject's, else the actor's. */
  organizationId: z.string().nullable(),
  action: z.string(),
  subject: z.object({ type: z.string(), id: z.string().nullable() }),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  reason: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
