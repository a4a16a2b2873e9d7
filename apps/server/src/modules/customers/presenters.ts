/** Customers and their timeline as the API shows them to one caller. */
import type { Customer, Identity, TimelineEntry } from "@tandem/contracts";
import type { Actor } from "../../platform/actor.js";
import type { Queryable } from "../../platform/db.js";
import { isoRequired } from "../../platform/pagination.js";
import { maskForViewer } from "./domain/identity.js";
import { interactionAbilities } from "../interactions/index.js";
import { can, customerAbilities } from "./policies.js";
import { flagsOf, identitiesOf, type CustomerRow, type IdentityRow, type TimelineRow } from "./repository.js";

export function presentCustomer(c: CustomerRow, identities: IdentityRow[], viewer: Actor): Customer {
  const seeContactDetails = can(viewer, "customer.see_contact_details");
  return {
    id: c.id,
    name: c.name,
    locale: c.locale,
    preferredChannel: c.preferred_channel,
    identities: identities.map((i): Identity => {
      const masked = i.kind === "national_id" || !seeContactDetails;
      return { id: i.id, kind: i.kind, value: masked && i.kind !== "national_id" ? maskForViewer(i.kind, i.display) : i.display, masked };
    }),
    createdAt: isoRequired(c.created_at),
    updatedAt: isoRequired(c.updated_at),
    abilities: customerAbilities(viewer),
    flags: flagsOf(c).map((f) => f.flag),
  };
}

/** Several customers with their identities, in two queries. */
export async function presentCustomers(db: Queryable, viewer: Actor, customers: CustomerRow[]): Promise<Customer[]> {
  const identities = await identitiesOf(db, customers.map((c) => c.id));
  return customers.map((c) => presentCustomer(c, identities.filter((i) => i.customer_id === c.id), viewer));
}

export function presentTimelineRow(customerId: string, r: TimelineRow, viewer: Actor): TimelineEntry {
  const at = isoRequired(r.at);
  const p = r.payload;
  if (r.type === "interaction") {
    return {
      type: "interaction",
      id: r.id,
      at,
      interaction: {
        id: r.id,
        customerId,
        channel: p.channel as string,
        direction: p.direction as "inbound" | "outbound",
        organizationId: (p.organizationId as string | null) ?? null,
        organizationName: (p.organizationName as string | null) ?? null,
        caseId: (p.caseId as string | null) ?? null,
        body: p.body as string,
        occurredAt: at,
        createdAt: isoRequired(p.createdAt as string),
        abilities: interactionAbilities(viewer, { caseId: (p.caseId as string | null) ?? null, organizationId: (p.organizationId as string | null) ?? null }),
      },
    };
  }
  if (r.type === "case") {
    return { type: "case", id: r.id, at, case: { id: r.id, number: p.number as string, subject: p.subject as string, status: p.status as string, kind: p.kind as string, channel: p.channel as string } };
  }
  return {
    type: "case_event",
    id: r.id,
    at,
    event: {
      id: r.id,
      caseId: p.caseId as string,
      caseNumber: p.caseNumber as string,
      type: p.type as string,
      actor: { type: p.actorType as string, id: (p.actorId as string | null) ?? null, name: (p.actorName as string | null) ?? null },
      data: (p.data as Record<string, unknown>) ?? {},
    },
  };
}
