/** The contact guard: planned contacts with a customer, the guard's decisions, the settings per organisation. */
import { z } from "zod";
import { CHANNELS, id, isoDateTime, isoTime, line, listQuery, text } from "./common.js";

export const OUTREACH_STATUSES = ["scheduled", "sent", "cancelled", "suppressed"] as const;
export type OutreachStatus = (typeof OUTREACH_STATUSES)[number];
/** Why: suppressed (`case_resolved`, `duplicate`, `contact_cap`, `opted_out`), moved (`quiet_hours`), a reply (`response`), or cancelled (`case_resolved`, `cancelled`). */
export const OUTREACH_REASONS = ["case_resolved", "duplicate", "contact_cap", "opted_out", "quiet_hours", "response", "cancelled"] as const;
export type OutreachReason = (typeof OUTREACH_REASONS)[number];
export const OUTREACH_ABILITIES = ["outreach.send", "outreach.cancel"] as const;
export type OutreachAbility = (typeof OUTREACH_ABILITIES)[number];

export const planOutreachBody = z.strictObject({
  caseId: id,
  /** The planning party (default: the caller's organisation); a partner plans for its own. */
  organizationId: id.optional(),
  channel: z.enum(CHANNELS),
  purpose: line(500),
  /** When (default now; a time in the past means now). */
  scheduledFor: isoDateTime.optional(),
  /** The customer's message this answers (an inbound interaction within 24 h): a response, not outreach. */
  replyTo: id.optional(),
});
export type PlanOutreachBody = z.infer<typeof planOutreachBody>;

export const listOutreachQuery = z.strictObject({
  ...listQuery,
  caseId: id.optional(),
  customerId: id.optional(),
  status: z.enum(OUTREACH_STATUSES).optional(),
});

export const outreachSentBody = z.strictObject({ note: line(500).optional(), body: text(20000).optional() });
export const outreachCancelBody = z.strictObject({ reason: line(500) });

export const outreachSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  customerId: z.string(),
  organizationId: z.string(),
  organizationName: z.string().nullable(),
  channel: z.string(),
  /** This contact's purpose first, then those of duplicates merged into it that the caller may see. */
  purposes: z.array(z.object({ purpose: z.string(), caseId: z.string(), organizationId: z.string(), organizationName: z.string().nullable(), at: isoTime })),
  status: z.enum(OUTREACH_STATUSES),
  reason: z.enum(OUTREACH_REASONS).nullable(),
  /** The contact this one duplicates (its id only: its case may be one the caller cannot see). */
  duplicateOf: z.string().nullable(),
  /** Who planned it for which party, with the planning party's name for "already planned by X". */
  duplicateOfOrganizationName: z.string().nullable(),
  isResponse: z.boolean(),
  replyTo: z.string().nullable(),
  requestedFor: isoTime,
  scheduledFor: isoTime,
  /** The customer's zone the guard decided in. */
  timeZone: z.string(),
  interactionId: z.string().nullable(),
  cancelReason: z.string().nullable(),
  createdBy: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  createdAt: isoTime,
  sentAt: isoTime.nullable(),
  cancelledAt: isoTime.nullable(),
  abilities: z.array(z.enum(OUTREACH_ABILITIES)),
});
export type Outreach = z.infer<typeof outreachSchema>;

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time written HH:MM");
export const outreachSettingsBody = z.strictObject({
  /** Two contacts with a customer closer than this are one: ISO 8601 duration (PT24H), at most 7 days. */
  window: z.string().regex(/^P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/, "must be an ISO 8601 duration in days, hours, minutes or seconds (PT24H)").refine((v) => v !== "P" && !v.endsWith("T"), "must be an ISO 8601 duration (PT24H)"),
  dailyCap: z.number().int("must be a whole number").min(1).max(100),
  quietHours: z.strictObject({ from: HHMM, to: HHMM }),
  /** The zone for a customer with none of their own and no phone that tells it (IANA). */
  timeZone: z.string().min(1).max(64),
});
export type OutreachSettingsBody = z.infer<typeof outreachSettingsBody>;
export const outreachSettingsSchema = outreachSettingsBody.extend({ organizationId: z.string(), updatedAt: isoTime.nullable() });
export type OutreachSettingsView = z.infer<typeof outreachSettingsSchema>;

export const consentBody = z.strictObject({ channel: z.enum(CHANNELS), status: z.enum(["opted_in", "opted_out"]), how: line(300) });
export const customerTimeZoneBody = z.strictObject({ timeZone: z.string().min(1).max(64).nullable() });
