import { z } from "zod";
import { id, isoDateTime, isoTime, line, text } from "./common.js";
import { CASE_KINDS, PRIORITIES } from "./cases.js";

/** An ISO 8601 duration of weeks, days, hours, minutes and seconds (`PT6S`, `PT1H`, `P1D`). */
export const isoDuration = z
  .string()
  .max(40)
  .regex(/^P(?!$)(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/, "must be an ISO 8601 duration such as PT1H, P1D or PT30S (no years or months)");

export const ESCALATION_RECIPIENTS = ["owner", "supervisors", "admins"] as const;
export const PROACTIVE_UPDATES = ["auto", "notify_owner_first", "off"] as const;

/** Who is told at the warning and at the breach, and after how long a breach still unmet reaches the admins (null: never). */
export const escalationSchema = z.strictObject({
  warn: z.array(z.enum(ESCALATION_RECIPIENTS)).max(3),
  breach: z.array(z.enum(ESCALATION_RECIPIENTS)).max(3),
  adminsAfter: isoDuration.nullable(),
});
export type Escalation = z.infer<typeof escalationSchema>;

/** The conditions; leave `appliesTo` out (or set each to null) for the default policy. */
const appliesTo = z
  .strictObject({
    kind: z.enum(CASE_KINDS).nullable().optional(),
    priority: z.enum(PRIORITIES).nullable().optional(),
    category: line(100).nullable().optional(),
  })
  .refine((o) => Object.keys(o).length > 0, "name at least one of kind, priority, category (null for any); leave appliesTo out for the default");

const policyFields = {
  name: line(200),
  position: z.number().int().min(0).max(1_000_000),
  appliesTo,
  firstResponse: isoDuration.nullable(),
  nextUpdate: isoDuration.nullable(),
  resolution: isoDuration.nullable(),
  warnBefore: isoDuration,
  calendarId: id.nullable(),
  pauseWhileWaitingOnCustomer: z.boolean(),
  proactiveUpdates: z.enum(PROACTIVE_UPDATES),
  escalation: escalationSchema,
};

/** `POST /sla-policies`: a name is required; everything else has a default (no targets: no milestones). */
export const createSlaPolicyBody = z.strictObject({
  ...policyFields,
  position: policyFields.position.optional(),
  appliesTo: appliesTo.optional(),
  firstResponse: policyFields.firstResponse.optional(),
  nextUpdate: policyFields.nextUpdate.optional(),
  resolution: policyFields.resolution.optional(),
  warnBefore: policyFields.warnBefore.optional(),
  calendarId: policyFields.calendarId.optional(),
  pauseWhileWaitingOnCustomer: policyFields.pauseWhileWaitingOnCustomer.optional(),
  proactiveUpdates: policyFields.proactiveUpdates.optional(),
  escalation: policyFields.escalation.optional(),
});
export type CreateSlaPolicyBody = z.infer<typeof createSlaPolicyBody>;

/** `PATCH /sla-policies/:id`: any of the fields; open cases take the new targets from then on. */
export const updateSlaPolicyBody = createSlaPolicyBody.partial();
export type UpdateSlaPolicyBody = z.infer<typeof updateSlaPolicyBody>;

export const slaPolicySchema = z.object({
  id: z.string(),
  name: z.string(),
  position: z.number().int(),
  appliesTo: z.object({ kind: z.enum(CASE_KINDS).nullable(), priority: z.enum(PRIORITIES).nullable(), category: z.string().nullable() }),
  firstResponse: z.string().nullable(),
  nextUpdate: z.string().nullable(),
  resolution: z.string().nullable(),
  warnBefore: z.string(),
  /** The business calendar its clocks run in; null: around the clock. */
  calendarId: z.string().nullable(),
  pauseWhileWaitingOnCustomer: z.boolean(),
  proactiveUpdates: z.enum(PROACTIVE_UPDATES),
  escalation: z.object({ warn: z.array(z.enum(ESCALATION_RECIPIENTS)), breach: z.array(z.enum(ESCALATION_RECIPIENTS)), adminsAfter: z.string().nullable() }),
  /** True for the policy with no conditions (the one that applies when no other does). */
  isDefault: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
  abilities: z.array(z.enum(["sla_policy.update"])),
});
export type SlaPolicy = z.infer<typeof slaPolicySchema>;

/** `POST /cases/:id/commitments`: a promise to the customer, the customer's own deadline. */
export const createCommitmentBody = z.strictObject({
  description: text(1000),
  dueAt: isoDateTime,
});
export type CreateCommitmentBody = z.infer<typeof createCommitmentBody>;
