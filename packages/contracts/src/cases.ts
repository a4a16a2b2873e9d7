import { z } from "zod";
import { CHANNELS, id, line, listQuery, queryText, text } from "./common.js";

export const CASE_KINDS = ["complaint", "request", "incident", "question"] as const;
export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export const CASE_STATUSES = ["open", "waiting_on_customer", "waiting_on_party", "resolved", "closed"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const createCaseBody = z.strictObject({
  customerId: id,
  kind: z.enum(CASE_KINDS),
  subject: line(300),
  description: text(20000).optional(),
  channel: z.enum(CHANNELS),
  priority: z.enum(PRIORITIES).optional(),
  category: line(100).optional(),
  organizationId: id.optional(),
  /** The owner; by default whoever opens the case (first-contact ownership). */
  ownerId: id.optional(),
});
export type CreateCaseBody = z.infer<typeof createCaseBody>;

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(500)
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)).max(values.length));

export const listCasesQuery = z.strictObject({
  ...listQuery,
  status: csv(CASE_STATUSES).optional(),
  priority: csv(PRIORITIES).optional(),
  kind: csv(CASE_KINDS).optional(),
  channel: csv(CHANNELS).optional(),
  customerId: id.optional(),
  organizationId: id.optional(),
  ownerId: z.union([id, z.literal("none")]).optional(),
  atRisk: z.enum(["true", "false"]).optional(),
  q: queryText(200).optional(),
  sort: z.enum(["updated_desc", "updated_asc", "created_desc", "created_asc", "priority"]).default("updated_desc"),
});
export type ListCasesQuery = z.infer<typeof listCasesQuery>;

export const messageBody = z.strictObject({
  visibility: z.enum(["public", "internal"]),
  body: text(20000),
});
export const assignBody = z.strictObject({ userId: id });
export const resolveBody = z.strictObject({
  resolution: text(5000),
  resolvedBy: z.enum(["agent", "customer", "party"]).optional(),
});
export const reopenBody = z.strictObject({ reason: text(5000) });
export const statusBody = z.strictObject({
  status: z.enum(["open", "waiting_on_customer", "waiting_on_party", "closed"]),
  note: text(5000).optional(),
});

export interface CaseParty {
  organizationId: string;
  organizationName: string;
  kind: "department" | "partner";
  access: "view" | "contribute";
  addedAt: string;
}

export interface Case {
  id: string;
  number: string;
  status: CaseStatus;
  kind: (typeof CASE_KINDS)[number];
  priority: (typeof PRIORITIES)[number];
  category: string | null;
  subject: string;
  description: string | null;
  channel: string;
  nextStep: string | null;
  customerId: string;
  customerName?: string;
  owner: { organizationId: string; organizationName?: string; userId: string | null; userName?: string | null };
  parties: CaseParty[];
  commitments: unknown[];
  milestones: unknown[];
  resolution: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** What the caller may do with this case now (e.g. `case.message`, `case.resolve`). */
  abilities: CaseAbility[];
}

/** The actions on one case; a case lists those its caller may take now. */
export const CASE_ABILITIES = [
  "case.read",
  "case.message",
  "case.assign",
  "case.resolve",
  "case.reopen",
  "case.set_status",
  "case.share",
  "case.update",
  "case.create_customer_link",
  "case.record_contact",
] as const;
export type CaseAbility = (typeof CASE_ABILITIES)[number];

export interface CaseEvent {
  id: string;
  type: string;
  actor: { type: "user" | "customer" | "partner" | "rule" | "system"; id: string | null; name: string | null };
  at: string;
  data: Record<string, unknown>;
}

export interface CaseMessage {
  id: string;
  caseId: string;
  visibility: "public" | "internal";
  body: string;
  author: CaseEvent["actor"];
  createdAt: string;
}

export const addPartyBody = z.strictObject({
  organizationId: id,
  access: z.enum(["view", "contribute"]),
});

export const updateCaseBody = z.strictObject({
  subject: line(300).optional(),
  priority: z.enum(PRIORITIES).optional(),
  category: line(100).nullable().optional(),
  nextStep: text(1000).nullable().optional(),
});
export type UpdateCaseBody = z.infer<typeof updateCaseBody>;
