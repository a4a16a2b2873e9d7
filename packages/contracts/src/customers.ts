import { z } from "zod";
import { CASE_KINDS, PRIORITIES } from "./cases.js";
import { CHANNELS, id, isoDateTime, isoTime, line, listQuery, LOCALES, queryText, text } from "./common.js";

export const IDENTITY_KINDS = ["phone", "email", "member_id", "national_id", "chat_visitor"] as const;
/** `external:<system>` names another system's customer key, e.g. `external:crm`. */
export const identityKind = z
  .string()
  .max(64)
  .refine(
    (k) => (IDENTITY_KINDS as readonly string[]).includes(k) || /^external:[a-z0-9][a-z0-9_.-]{0,40}$/.test(k),
    "must be phone, email, member_id, national_id, chat_visitor or external:<system>",
  );

export const identityInput = z.strictObject({ kind: identityKind, value: line(200) });
export type IdentityInput = z.infer<typeof identityInput>;

/** A calendar date, YYYY-MM-DD, that exists (no 30 February), from 1850 on. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && v >= "1850-01-01";
  }, "must be a real date from 1850 on");

export const ADDRESS_PARTS = ["line1", "line2", "locality", "region", "postcode", "country"] as const;
export type AddressPart = (typeof ADDRESS_PARTS)[number];
/** The profile fields beside identities; each value remembers the source it came from. */
export const PROFILE_FIELDS = ["givenName", "familyName", "birthDate", ...ADDRESS_PARTS.map((p) => `address.${p}` as const)] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export const addressInput = z.strictObject({
  line1: line(200).optional(),
  line2: line(200).optional(),
  locality: line(100).optional(),
  region: line(100).optional(),
  postcode: line(20).optional(),
  country: line(60).optional(),
});

export const createCustomerBody = z.strictObject({
  name: line(200),
  identities: z.array(identityInput).max(20).default([]),
  locale: z.enum(LOCALES).optional(),
  preferredChannel: z.enum(CHANNELS).optional(),
  givenName: line(100).optional(),
  familyName: line(100).optional(),
  birthDate: isoDate.optional(),
  address: addressInput.optional(),
});
export type CreateCustomerBody = z.infer<typeof createCustomerBody>;

export const customerQuery = z.strictObject({
  ...listQuery,
  identity: queryText(260).optional(),
  q: queryText(200).optional(),
});

export const identitySchema = z.object({ id: z.string(), kind: z.string(), value: z.string(), masked: z.boolean() });
export type Identity = z.infer<typeof identitySchema>;

export const CUSTOMER_ABILITIES = ["customer.see_contact_details", "customer.open_case", "customer.record_contact", "customer.merge"] as const;
export type CustomerAbility = (typeof CUSTOMER_ABILITIES)[number];

const nullableText = z.string().nullable();
export const addressSchema = z.object({ line1: nullableText, line2: nullableText, locality: nullableText, region: nullableText, postcode: nullableText, country: nullableText });
export type Address = z.infer<typeof addressSchema>;

export const profileSchema = z.object({
  givenName: nullableText,
  familyName: nullableText,
  birthDate: nullableText,
  address: addressSchema,
  /** Where each value came from (`api`, an import's source name, `merge`), and when. */
  sources: z.record(z.string(), z.object({ source: z.string(), at: isoTime })),
});
export type Profile = z.infer<typeof profileSchema>;

export const customerSchema = z.object({
  id: z.string(),
  name: z.string(),
  locale: z.string().nullable(),
  preferredChannel: z.string().nullable(),
  identities: z.array(identitySchema),
  profile: profileSchema,
  /** Customers merged into this one (each can be unmerged by its merge id). */
  mergedFrom: z.array(z.object({ mergeId: z.string(), customerId: z.string(), name: z.string(), at: isoTime })),
  createdAt: isoTime,
  updatedAt: isoTime,
  /** What the caller may do with this customer: see contact details, open a case, record a contact. */
  abilities: z.array(z.enum(CUSTOMER_ABILITIES)),
  /** Flags every agent sees (`serial_claimant`); the reasons are on the goodwill ledger. */
  flags: z.array(z.string()),
  /** The customer's IANA zone: their own (`customer`), else from their phone's country code (`phone`); null: the owning organisation's applies. */
  timeZone: z.string().nullable(),
  /** `customer` or `phone` (a plain string: a nullable enum inside the look-up's union is read differently by the fast serialiser). */
  timeZoneSource: z.string().nullable(),
  /** The customer's latest word per channel (an opt-out stops outreach on it), when and how it was given. */
  consents: z.array(z.object({ channel: z.string(), status: z.enum(["opted_in", "opted_out"]), at: isoTime, how: z.string() })),
});
export type Customer = z.infer<typeof customerSchema>;



export const timelineQuery = z.strictObject({ ...listQuery });

export const caseEventSummarySchema = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNumber: z.string(),
  type: z.string(),
  actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  data: z.record(z.string(), z.unknown()),
});
export type CaseEventSummary = z.infer<typeof caseEventSummarySchema>;

export const timelineEntrySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("interaction"), id: z.string(), at: isoTime, interaction: z.lazy(() => interactionSchema) }),
  z.object({
    type: z.literal("case"),
    id: z.string(),
    at: isoTime,
    case: z.object({ id: z.string(), number: z.string(), subject: z.string(), status: z.string(), kind: z.string(), channel: z.string() }),
  }),
  z.object({ type: z.literal("case_event"), id: z.string(), at: isoTime, event: caseEventSummarySchema }),
  z.object({
    type: z.literal("merge"),
    id: z.string(),
    at: isoTime,
    merge: z.object({ mergeId: z.string(), action: z.enum(["merged", "unmerged"]), survivorId: z.string(), mergedId: z.string(), mergedName: z.string(), actorName: z.string().nullable() }),
  }),
]);
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const createInteractionBody = z.strictObject({
  channel: z.enum(CHANNELS),
  direction: z.enum(["inbound", "outbound"]),
  customer: z.union([
    z.strictObject({ id }),
    z.strictObject({ identities: z.array(identityInput).min(1).max(20), name: line(200).optional() }),
  ]),
  organizationId: id.optional(),
  caseId: id.optional(),
  body: text(20000),
  occurredAt: isoDateTime.optional(),
});
export type CreateInteractionBody = z.infer<typeof createInteractionBody>;

/** Attach a recorded contact to one of the customer's cases, or open a case from it. */
export const attachInteractionBody = z.union([
  z.strictObject({ caseId: id }),
  z.strictObject({
    case: z.strictObject({
      kind: z.enum(CASE_KINDS),
      subject: line(300),
      description: text(20000).optional(),
      priority: z.enum(PRIORITIES).optional(),
      category: line(100).optional(),
    }),
  }),
]);
export type AttachInteractionBody = z.infer<typeof attachInteractionBody>;

/** What the caller may do with a recorded contact now: attach it to a case (or open one from it) while it is on none. */
export const INTERACTION_ABILITIES = ["interaction.attach"] as const;
export type InteractionAbility = (typeof INTERACTION_ABILITIES)[number];

export const interactionSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  channel: z.string(),
  direction: z.enum(["inbound", "outbound"]),
  organizationId: z.string().nullable(),
  organizationName: z.string().nullable().optional(),
  caseId: z.string().nullable(),
  body: z.string(),
  occurredAt: isoTime,
  createdAt: isoTime,
  abilities: z.array(z.enum(INTERACTION_ABILITIES)),
});
export type Interaction = z.infer<typeof interactionSchema>;
/** The answer to recording a contact: the contact, and whether its customer was created by it. */
export const recordedInteractionSchema = interactionSchema.extend({ customerCreated: z.boolean() });
