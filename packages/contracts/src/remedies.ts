import { z } from "zod";
import { isoDuration } from "./sla.js";
import { id, isoDateTime, isoTime, line, listQuery, text } from "./common.js";
import { actorSchema } from "./cases.js";

/**
 * Fair remedies: the catalogue, the remedy request and its decision, approvals, the customer's
 * goodwill ledger. Money is `{ amount: "710.00", currency: "CNY" }`: answers give the amount as a
 * decimal string; requests may also send a JSON number with at most two decimals.
 */

/** A non-negative amount of at most two decimals (and at most ten thousand million). */
export const MONEY_AMOUNT = /^(0|[1-9]\d{0,12})(?:\.(\d{1,2}))?$/;
export const CURRENCY = /^[A-Z]{3}$/;

export const moneyInput = z.strictObject({
  amount: z.union([
    z.string().max(20).regex(MONEY_AMOUNT, 'must be a non-negative decimal with at most two decimals, such as "710.00"'),
    z.number().refine((n) => Number.isFinite(n) && MONEY_AMOUNT.test(String(n)), "must be a non-negative number with at most two decimals"),
  ]),
  currency: z.string().regex(CURRENCY, "must be an ISO 4217 code such as CNY"),
});
export type MoneyInput = z.infer<typeof moneyInput>;
export const moneySchema = z.object({ amount: z.string(), currency: z.string() });
export type Money = z.infer<typeof moneySchema>;

export const REMEDY_KINDS = ["refund", "price_adjustment", "voucher", "points", "free_service"] as const;
export type RemedyKind = (typeof REMEDY_KINDS)[number];
export const FAULTS = ["company", "partner", "customer", "third_party", "unknown"] as const;
export type Fault = (typeof FAULTS)[number];
export const CHARGE_STATUSES = ["not_charged", "charged"] as const;
/** `charge_then_refund` is "charge in full, refund later": refused before any charge. */
export const SETTLEMENTS = ["adjust_before_charge", "refund", "charge_then_refund", "voucher", "points_credit", "service_credit"] as const;
export type Settlement = (typeof SETTLEMENTS)[number];
export const REMEDY_STATUSES = ["granted", "pending_approval", "declined"] as const;
export type RemedyStatus = (typeof REMEDY_STATUSES)[number];
export const DECISION_RULES = ["adjust_before_charge", "company_bears_loss", "reason_limit", "goodwill_cap", "authority"] as const;
export const REMEDY_ABILITIES = ["remedy.approve", "remedy.decline"] as const;
export type RemedyAbility = (typeof REMEDY_ABILITIES)[number];
export const DECIDING_ROLES = ["agent", "supervisor", "admin"] as const;

export const reasonCode = z.string().regex(/^[a-z][a-z0-9_]{1,62}$/, "must be a catalogue code (lower case, digits and _)");

/** The words an agent can read out, in both languages. */
export const wordsSchema = z.object({ "zh-CN": z.string(), en: z.string() });

export const createRemedyBody = z.strictObject({
  kind: z.enum(REMEDY_KINDS),
  /** The remedy's value; for points and free services it may be given as a `quantity` instead. */
  value: moneyInput.optional(),
  quantity: z.number().int("must be a whole number").min(1).max(10_000_000).optional(),
  /** The customer's recorded loss. */
  loss: moneyInput.optional(),
  reason: reasonCode,
  justification: text(2000).optional(),
  fault: z.enum(FAULTS),
  chargeStatus: z.enum(CHARGE_STATUSES).optional(),
  settlement: z.enum(SETTLEMENTS).optional(),
});
export type CreateRemedyBody = z.infer<typeof createRemedyBody>;

/** The decision, before it is made (preview) and as it was made (on the remedy). */
export const remedyDecisionSchema = z.object({
  status: z.enum(REMEDY_STATUSES),
  settlement: z.enum(SETTLEMENTS).nullable(),
  value: moneySchema,
  /** In English; `explanations` has both languages. */
  explanation: z.string(),
  explanations: wordsSchema,
  rules: z.array(z.enum(DECISION_RULES)),
  beyondLimit: z.boolean(),
  /** Who must approve it (pending), or may override it (declined). */
  approverRole: z.enum(["supervisor", "admin"]).nullable(),
  /** The customer would be (or was) flagged a serial claimant by it. */
  serialClaimant: z.boolean(),
});
export type RemedyDecision = z.infer<typeof remedyDecisionSchema>;

export const remedySchema = remedyDecisionSchema.extend({
  id: z.string(),
  caseId: z.string().nullable(),
  customerId: z.string(),
  kind: z.enum(REMEDY_KINDS),
  quantity: z.number().int().nullable(),
  loss: moneySchema.nullable(),
  reason: z.string(),
  reasonLabel: wordsSchema,
  fault: z.enum(FAULTS),
  chargeStatus: z.enum(CHARGE_STATUSES).nullable(),
  justification: z.string().nullable(),
  /** `tandem`, or the older system it was recorded from. */
  source: z.string(),
  /** When it was granted (or asked for): limits count from it. */
  at: isoTime,
  requestedBy: actorSchema,
  approvalDueAt: isoTime.nullable(),
  escalatedAt: isoTime.nullable(),
  decidedBy: z.object({ id: z.string().nullable(), name: z.string().nullable() }).nullable(),
  decidedAt: isoTime.nullable(),
  decisionReason: z.string().nullable(),
  /** Approving a declined remedy overrode the rules. */
  override: z.boolean(),
  createdAt: isoTime,
  abilities: z.array(z.enum(REMEDY_ABILITIES)),
});
export type Remedy = z.infer<typeof remedySchema>;

export const decideRemedyBody = z.strictObject({ reason: text(2000) });

export const listRemediesQuery = z.strictObject({ ...listQuery, status: z.enum(REMEDY_STATUSES).optional() });

export const customerFlagSchema = z.object({ flag: z.string(), reason: z.string(), at: isoTime, by: z.string().nullable() });
export type CustomerFlag = z.infer<typeof customerFlagSchema>;
export const CUSTOMER_FLAGS = ["serial_claimant"] as const;
export const clearFlagBody = z.strictObject({ reason: text(2000) });

/** The customer's ledger: every remedy, granted, declined or pending, newest first; and their flags. */
export const goodwillLedgerSchema = z.object({ customerId: z.string(), flags: z.array(customerFlagSchema), items: z.array(remedySchema), nextCursor: z.string().nullable() });
export type GoodwillLedger = z.infer<typeof goodwillLedgerSchema>;

/** A remedy granted by an older system, recorded so that it counts toward limits. */
export const recordGoodwillBody = z.strictObject({
  kind: z.enum(REMEDY_KINDS),
  value: moneyInput,
  quantity: z.number().int().min(1).max(10_000_000).optional(),
  reason: reasonCode,
  fault: z.enum(FAULTS),
  at: isoDateTime,
  source: line(100),
});

// The catalogue.
export const remedyLimitSchema = z.object({ count: z.number().int(), windowDays: z.number().int(), appliesToAll: z.boolean(), beyond: z.enum(["declined", "pending_approval"]) });
export const remedyReasonSchema = z.object({ code: z.string(), labels: wordsSchema, kinds: z.array(z.enum(REMEDY_KINDS)), limit: remedyLimitSchema.nullable(), active: z.boolean() });
export type RemedyReason = z.infer<typeof remedyReasonSchema>;
export const remedyKindSchema = z.object({ kind: z.enum(REMEDY_KINDS), unitValue: moneySchema.nullable() });
export const authorityRowSchema = z.object({ role: z.enum(DECIDING_ROLES), reason: z.string(), companyFault: moneySchema.nullable(), otherFault: moneySchema.nullable() });
export type AuthorityRow = z.infer<typeof authorityRowSchema>;
export const remedySettingsSchema = z.object({ currency: z.string(), goodwillCap: moneySchema.nullable(), goodwillCapWindowDays: z.number().int(), approvalMinutes: z.number().int(), satisfactionAfterCustomerResolved: z.boolean() });
export const remedyCatalogueSchema = z.object({
  kinds: z.array(remedyKindSchema),
  reasons: z.array(remedyReasonSchema),
  authority: z.array(authorityRowSchema),
  settings: remedySettingsSchema,
});
export type RemedyCatalogue = z.infer<typeof remedyCatalogueSchema>;

export const putReasonBody = z.strictObject({
  labels: z.strictObject({ "zh-CN": line(200), en: line(200) }),
  kinds: z.array(z.enum(REMEDY_KINDS)).min(1).max(REMEDY_KINDS.length),
  limit: z
    .strictObject({ count: z.number().int().min(0).max(1000), windowDays: z.number().int().min(1).max(3650), appliesToAll: z.boolean().default(false), beyond: z.enum(["declined", "pending_approval"]).default("declined") })
    .nullable()
    .default(null),
  active: z.boolean().default(true),
});
export const reasonParams = z.strictObject({ code: reasonCode });
export const patchKindBody = z.strictObject({ unitValue: moneyInput.nullable() });
export const kindParams = z.strictObject({ kind: z.enum(REMEDY_KINDS) });
export const putAuthorityBody = z.strictObject({
  role: z.enum(DECIDING_ROLES),
  /** A catalogue code, or `*` for every reason without a row of its own. */
  reason: z.union([reasonCode, z.literal("*")]),
  companyFault: moneyInput.nullable(),
  otherFault: moneyInput.nullable(),
});
export const patchSettingsBody = z.strictObject({
  goodwillCap: moneyInput.nullable().optional(),
  goodwillCapWindowDays: z.number().int().min(1).max(3650).optional(),
  approvalMinutes: z.number().int().min(1).max(43_200).optional(),
  satisfactionAfterCustomerResolved: z.boolean().optional(),
});

export const remedyParams = z.strictObject({ id });

/** Ending an abusive contact once the decision was explained: on the timeline, and left out of the agent's handling-time and satisfaction figures. */
export const CONTACT_OUTCOMES = ["ended_after_explanation"] as const;
export const contactOutcomeBody = z.strictObject({ outcome: z.enum(CONTACT_OUTCOMES), note: text(2000) });

/** Satisfaction: one question after resolution, on the customer's page. */
export const satisfactionBody = z.strictObject({ score: z.number().int("must be a whole number").min(1).max(5), comment: text(2000).optional() });
export const satisfactionSchema = z.object({ caseId: z.string(), score: z.number().int(), comment: z.string().nullable(), at: isoTime });
const figure = z.object({ key: z.string().nullable(), count: z.number().int(), average: z.number() });
/** Results per agent (the case's owner), reason (the case's last remedy), remedy outcome and category; contacts ended after an explanation are left out. */
export const satisfactionSummarySchema = z.object({
  overall: figure,
  byAgent: z.array(figure.extend({ name: z.string().nullable() })),
  byReason: z.array(figure),
  byOutcome: z.array(figure),
  byCategory: z.array(figure),
  excluded: z.number().int(),
});
export type SatisfactionSummary = z.infer<typeof satisfactionSummarySchema>;

/** Playbooks per complaint category: the standard steps with a target each, the remedies they authorise, the update cadence. */
export const PLAYBOOK_STEPS = ["acknowledge", "name_owner", "investigate", "remedy", "confirm", "follow_up"] as const;
export type PlaybookStep = (typeof PLAYBOOK_STEPS)[number];
/** An ISO 8601 duration of weeks, days, hours, minutes (`PT2H`, `P1D`). */
export const playbookBody = z.strictObject({
  labels: z.strictObject({ "zh-CN": line(200), en: line(200) }),
  /** Each step's target, counted from the case's opening (`follow_up`: from its resolution). */
  steps: z
    .array(z.strictObject({ step: z.enum(PLAYBOOK_STEPS), target: isoDuration }))
    .min(1)
    .max(PLAYBOOK_STEPS.length)
    .refine((s) => new Set(s.map((x) => x.step)).size === s.length, "each step at most once"),
  /** The reasons whose remedies it authorises. */
  remedies: z.array(reasonCode).max(50),
  updateCadence: isoDuration,
  /** A small goodwill gesture it may suggest (never grants) when the company is at fault. */
  suggestion: z.strictObject({ kind: z.enum(REMEDY_KINDS), value: moneyInput, reason: reasonCode }).nullable().default(null),
});
export const playbookSchema = z.object({
  category: z.string(),
  labels: wordsSchema,
  steps: z.array(z.object({ step: z.enum(PLAYBOOK_STEPS), target: z.string() })),
  remedies: z.array(z.string()),
  updateCadence: z.string(),
  suggestion: z.object({ kind: z.enum(REMEDY_KINDS), value: moneySchema, reason: z.string() }).nullable(),
});
export type Playbook = z.infer<typeof playbookSchema>;
export const playbookParams = z.strictObject({ category: z.string().max(100).regex(/^(\*|[\p{L}\p{N}_ -]{1,100})$/u, "must be a category, or * for every case without a playbook of its own") });
/** The playbook as one case follows it: each step, its due time and whether it is done; the next step; a suggestion, if any. */
export const casePlaybookSchema = z.object({
  playbook: playbookSchema,
  steps: z.array(z.object({ step: z.enum(PLAYBOOK_STEPS), dueAt: isoTime.nullable(), done: z.boolean(), overdue: z.boolean() })),
  next: z.object({ step: z.enum(PLAYBOOK_STEPS), dueAt: isoTime.nullable() }).nullable(),
  nextUpdateDueAt: isoTime.nullable(),
  suggestion: z.object({ kind: z.enum(REMEDY_KINDS), value: moneySchema, reason: z.string(), explanation: wordsSchema }).nullable(),
});
