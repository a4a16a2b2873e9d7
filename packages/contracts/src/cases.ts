import { z } from "zod";
import { CHANNELS, id, isoTime, line, listQuery, queryText, text } from "./common.js";

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
  /** A user's cases: those they own and those they are their organisation's party assignee on; `me` is the caller; `none` unowned. */
  ownerId: z.union([id, z.literal("none"), z.literal("me")]).optional(),
  atRisk: z.enum(["true", "false"]).optional(),
  q: queryText(200).optional(),
  sort: z.enum(["updated_desc", "updated_asc", "created_desc", "created_asc", "priority"]).default("updated_desc"),
});
export type ListCasesQuery = z.infer<typeof listCasesQuery>;

/**
 * Who reads a message: `public` the customer and everyone on the case; `parties` every
 * organisation on the case (owner and parties), not the customer; `internal` the writer's own
 * organisation only.
 */
export const MESSAGE_VISIBILITIES = ["public", "parties", "internal"] as const;
export type MessageVisibility = (typeof MESSAGE_VISIBILITIES)[number];

export const messageBody = z.strictObject({
  visibility: z.enum(MESSAGE_VISIBILITIES),
  body: text(20000),
});
export const assignBody = z.strictObject({ userId: id });
/** `POST /cases/:id/handoff`: ownership moves to another organisation (or one of its users), with a note. */
export const handoffBody = z
  .strictObject({ userId: id.optional(), organizationId: id.optional(), note: text(5000) })
  .refine((b) => b.userId !== undefined || b.organizationId !== undefined, { message: "Give organizationId, userId or both.", path: ["organizationId"] });
export type HandoffBody = z.infer<typeof handoffBody>;
/** `POST /cases/:id/parties/:organizationId/assignee`: the party's own assignee on the case, or none. */
export const partyAssigneeBody = z.strictObject({ userId: id.nullable() });
export const resolveBody = z.strictObject({
  resolution: text(5000),
  resolvedBy: z.enum(["agent", "customer", "party"]).optional(),
  /** The owner's staff closes the case's open tasks with this reason in the same step (otherwise open tasks refuse the resolve: 422 `open_tasks`). */
  closeOpenTasks: z.strictObject({ reason: text(1000) }).optional(),
});
export const reopenBody = z.strictObject({ reason: text(5000) });
export const statusBody = z.strictObject({
  status: z.enum(["open", "waiting_on_customer", "waiting_on_party", "closed"]),
  note: text(5000).optional(),
});

export const casePartySchema = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  kind: z.enum(["department", "partner"]),
  access: z.enum(["view", "contribute"]),
  addedAt: isoTime,
  /** The user this organisation named to work on the case; it feeds their *My cases*. */
  assignee: z.object({ userId: z.string(), userName: z.string().optional() }).nullable(),
  /** `party.set_assignee` when the caller may name this party's assignee now. */
  abilities: z.array(z.enum(["party.set_assignee"])),
});
export type CaseParty = z.infer<typeof casePartySchema>;

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
  "case.link",
  "case.handoff",
] as const;
export type CaseAbility = (typeof CASE_ABILITIES)[number];

/** A deadline's state on one case (API.md, *Deadlines*). */
export const MILESTONE_KINDS = ["first_response", "next_update", "resolution", "commitment", "task"] as const;
export const MILESTONE_STATUSES = ["active", "paused", "warned", "met", "breached"] as const;
export const milestoneSchema = z.object({
  id: z.string().optional(),
  kind: z.enum(MILESTONE_KINDS),
  /** For a paused milestone: when it would fall due if its clock ran again now. */
  dueAt: isoTime,
  status: z.enum(MILESTONE_STATUSES),
  metAt: isoTime.nullable().optional(),
  /** Who met it (absent while unmet): `staff` (a public message), `system` (an automatic update), `resolution` (the case was resolved). */
  metBy: z.enum(["staff", "system", "resolution"]).optional(),
  /** When the warning comes (`warnBefore` ahead of the due time). */
  warnAt: isoTime.nullable().optional(),
  startedAt: isoTime.optional(),
  /** A commitment's promise, a task's title. */
  description: z.string().nullable().optional(),
  /** Open time left on a paused clock, in seconds. */
  remainingSeconds: z.number().nullable().optional(),
});
export type Milestone = z.infer<typeof milestoneSchema>;

/** A promise to the customer with a hard due time. */
export const commitmentSchema = z.object({
  id: z.string(),
  description: z.string(),
  dueAt: isoTime,
  status: z.enum(["open", "kept", "broken"]),
});
export type Commitment = z.infer<typeof commitmentSchema>;

/** How two cases are linked, as stored: "this case is <kind> that one". */
export const CASE_LINK_KINDS = ["related", "duplicate_of", "follow_up_of", "parent_of"] as const;
export type CaseLinkKind = (typeof CASE_LINK_KINDS)[number];
/** A link as seen from either case: the other side of `duplicate_of` is `duplicated_by`, and so on. */
export const CASE_LINK_VIEWS = [...CASE_LINK_KINDS, "duplicated_by", "followed_up_by", "child_of"] as const;
export type CaseLinkView = (typeof CASE_LINK_VIEWS)[number];

/** `POST /cases/:id/links`: link this case to another, said from this case's side (`kind` may be any view). */
export const createCaseLinkBody = z.strictObject({ caseId: id, kind: z.enum(CASE_LINK_VIEWS) });

/** A link of a case to another case the caller may see, said from the case that lists it. */
export const caseLinkSchema = z.object({
  id: z.string(),
  kind: z.enum(CASE_LINK_VIEWS),
  caseId: z.string(),
  number: z.string(),
  subject: z.string(),
  status: z.enum(CASE_STATUSES),
  createdAt: isoTime,
});
export type CaseLink = z.infer<typeof caseLinkSchema>;

export const ACTOR_TYPES = ["user", "customer", "partner", "rule", "system"] as const;
export const actorSchema = z.object({ type: z.enum(ACTOR_TYPES), id: z.string().nullable(), name: z.string().nullable() });

export const caseSchema = z.object({
  id: z.string(),
  number: z.string(),
  status: z.enum(CASE_STATUSES),
  kind: z.enum(CASE_KINDS),
  priority: z.enum(PRIORITIES),
  category: z.string().nullable(),
  subject: z.string(),
  description: z.string().nullable(),
  channel: z.string(),
  nextStep: z.string().nullable(),
  customerId: z.string(),
  customerName: z.string().optional(),
  owner: z.object({ organizationId: z.string(), organizationName: z.string().optional(), userId: z.string().nullable(), userName: z.string().nullable().optional() }),
  parties: z.array(casePartySchema),
  /** Links to other cases, only those the caller may see. */
  links: z.array(caseLinkSchema),
  commitments: z.array(commitmentSchema),
  milestones: z.array(milestoneSchema),
  /** How many of the case's tasks are open (the tasks themselves: `GET /cases/:id/tasks`). */
  openTasks: z.number().int(),
  resolution: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: isoTime.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  /** The latest handoff: the note the new owner reads first. */
  handoff: z
    .object({ note: z.string(), fromOrganizationId: z.string(), fromOrganizationName: z.string().optional(), by: actorSchema, at: isoTime })
    .nullable(),
  /** What the caller may do with this case now (e.g. `case.message`, `case.resolve`). */
  abilities: z.array(z.enum(CASE_ABILITIES)),
});
export type Case = z.infer<typeof caseSchema>;




export const caseEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  actor: actorSchema,
  at: isoTime,
  /** What happened, by event type (e.g. `{ from, to }` for a status change, `{ changes }` for an edit). */
  data: z.record(z.string(), z.unknown()),
});
export type CaseEvent = z.infer<typeof caseEventSchema>;

export const caseMessageSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  visibility: z.enum(MESSAGE_VISIBILITIES),
  body: z.string(),
  author: actorSchema,
  createdAt: isoTime,
});
export type CaseMessage = z.infer<typeof caseMessageSchema>;

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
