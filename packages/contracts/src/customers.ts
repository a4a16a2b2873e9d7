import { z } from "zod";
import { CASE_KINDS, PRIORITIES } from "./cases.js";
import { CHANNELS, id, isoDateTime, line, listQuery, LOCALES, queryText, text } from "./common.js";

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

export const createCustomerBody = z.strictObject({
  name: line(200),
  identities: z.array(identityInput).max(20).default([]),
  locale: z.enum(LOCALES).optional(),
  preferredChannel: z.enum(CHANNELS).optional(),
});
export type CreateCustomerBody = z.infer<typeof createCustomerBody>;

export const customerQuery = z.strictObject({
  ...listQuery,
  identity: queryText(260).optional(),
  q: queryText(200).optional(),
});

export interface Identity {
  id: string;
  kind: string;
  value: string;
  masked: boolean;
}

export interface Customer {
  id: string;
  name: string;
  locale: string | null;
  preferredChannel: string | null;
  identities: Identity[];
  createdAt: string;
  updatedAt: string;
  /** What the caller may do with this customer: see contact details, open a case, record a contact. */
  abilities: CustomerAbility[];
}

export const CUSTOMER_ABILITIES = ["customer.see_contact_details", "customer.open_case", "customer.record_contact"] as const;
export type CustomerAbility = (typeof CUSTOMER_ABILITIES)[number];

export const timelineQuery = z.strictObject({ ...listQuery });

export type TimelineEntry =
  | { type: "interaction"; id: string; at: string; interaction: Interaction }
  | { type: "case"; id: string; at: string; case: { id: string; number: string; subject: string; status: string; kind: string; channel: string } }
  | { type: "case_event"; id: string; at: string; event: CaseEventSummary };

export interface CaseEventSummary {
  id: string;
  caseId: string;
  caseNumber: string;
  type: string;
  actor: { type: string; id: string | null; name: string | null };
  data: Record<string, unknown>;
}

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

export interface Interaction {
  id: string;
  customerId: string;
  channel: string;
  direction: "inbound" | "outbound";
  organizationId: string | null;
  organizationName?: string | null;
  caseId: string | null;
  body: string;
  occurredAt: string;
  createdAt: string;
}
