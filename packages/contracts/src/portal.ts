import { z } from "zod";
import { CASE_ABILITIES, CASE_KINDS, CASE_STATUSES } from "./cases.js";
import { isoTime } from "./common.js";

/** A link the customer opens without an account (`POST /api/v1/cases/:id/customer-link`). */
export const customerLinkSchema = z.object({ id: z.string(), url: z.string(), token: z.string(), expiresAt: isoTime });
export const revokedLinkSchema = z.object({ id: z.string(), revokedAt: isoTime });

export const portalMessageSchema = z.object({
  id: z.string(),
  body: z.string(),
  from: z.enum(["customer", "agent"]),
  authorName: z.string().nullable(),
  at: isoTime,
  /** When the message opened a new case (the old one was finished): its number. */
  followUpCaseNumber: z.string().nullable().optional(),
});
export type PortalMessageAnswer = z.infer<typeof portalMessageSchema>;

/** The customer's view of their case: what they need, in words, and nothing internal. */
export const portalViewSchema = z.object({
  case: z.object({
    number: z.string(),
    subject: z.string(),
    status: z.enum(CASE_STATUSES),
    kind: z.enum(CASE_KINDS),
    ownerFirstName: z.string().nullable(),
    nextStep: z.string().nullable(),
    deadlines: z.array(z.object({ kind: z.string(), dueAt: isoTime, status: z.string() })),
    createdAt: isoTime,
    updatedAt: isoTime,
    resolvedAt: isoTime.nullable(),
    resolution: z.string().nullable(),
    resolvedBy: z.string().nullable(),
  }),
  customer: z.object({ name: z.string(), locale: z.string().nullable() }),
  /** What the customer may do now: write (`case.message`), say they solved it (`case.resolve`). */
  abilities: z.array(z.enum(CASE_ABILITIES)),
  messages: z.array(portalMessageSchema),
});
export type PortalView = z.infer<typeof portalViewSchema>;
