/** Customers and their timeline as the API shows them to one caller. */
import { ADDRESS_PARTS, type Customer, type Identity, type Profile, type TimelineEntry } from "@tandem/contracts";
import type { Actor } from "../../platform/actor.js";
import type { Queryable } from "../../platform/db.js";
import { isoRequired } from "../../platform/pagination.js";
import { maskForViewer } from "./domain/identity.js";
import { interactionAbilities } from "../interactions/index.js";
import { can, customerAbilities } from "./policies.js";
import { flatProfile } from "./domain/profile.js";
import { customerTimeZone } from "./domain/time-zone.js";
import { consentsOf, type ConsentRow } from "./contact-preferences.js";
import { flagsOf, identitiesOf, mergeGroups, mergesInto, type CustomerRow, type IdentityRow, type TimelineRow } from "./repository.js";

type MergeRow = Awaited<ReturnType<typeof mergesInto>>[number];

/** The profile; a viewer who may not see contact details (a partner) gets the names only. */
export function presentProfile(c: CustomerRow, seeContactDetails = true): Profile {
  const flat = seeContactDetails ? flatProfile(c) : { ...(c.given_name ? { givenName: c.given_name } : {}), ...(c.family_name ? { familyName: c.family_name } : {}) };
  const address = Object.fromEntries(ADDRESS_PARTS.map((p) => [p, flat[`address.${p}`] ?? null])) as Profile["address"];
  return { givenName: flat.givenName ?? null, familyName: flat.familyName ?? null, birthDate: flat.birthDate ?? null, address, sources: seeContactDetails ? ((c.profile_sources ?? {}) as Profile["sources"]) : {} };
}

export function presentCustomer(c: CustomerRow, identities: IdentityRow[], viewer: Actor, merges: MergeRow[] = [], consents: ConsentRow[] = []): Customer {
  const seeContactDetails = can(viewer, "customer.see_contact_details");
  const zone = customerTimeZone(c.time_zone, identities.filter((i) => i.kind === "phone").map((i) => i.value));
  return {
    id: c.id,
    name: c.name,
    locale: c.locale,
    preferredChannel: c.preferred_channel,
    identities: identities.map((i): Identity => {
      const masked = i.kind === "national_id" || !seeContactDetails;
      return { id: i.id, kind: i.kind, value: masked && i.kind !== "national_id" ? maskForViewer(i.kind, i.display) : i.display, masked };
    }),
    profile: presentProfile(c, seeContactDetails),
    mergedFrom: merges.map((m) => ({ mergeId: m.id, customerId: m.merged_id, name: m.name, at: isoRequired(m.created_at) })),
    createdAt: isoRequired(c.created_at),
    updatedAt: isoRequired(c.updated_at),
    abilities: customerAbilities(viewer),
    flags: flagsOf(c).map((f) => f.flag),
    timeZone: zone.timeZone,
    timeZoneSource: zone.source,
    consents: consents.map((r) => ({ channel: r.channel, status: r.status as "opted_in" | "opted_out", at: isoRequired(r.at), how: r.how })),
  };
}

/** Several customers with their identities (theirs and those of the customers merged into them), in five queries. */
export async function presentCustomers(db: Queryable, viewer: Actor, customers: CustomerRow[]): Promise<Customer[]> {
  const ids = customers.map((c) => c.id);
  const groups = await mergeGroups(db, ids);
  const identities = await identitiesOf(db, [...groups.values()].flat());
  const merges = await mergesInto(db, ids);
  const consents = await consentsOf(db, ids);
  return customers.map((c) => {
    const group = groups.get(c.id) ?? [c.id];
    return presentCustomer(c, identities.filter((i) => group.includes(i.customer_id)), viewer, merges.filter((m) => m.survivor_id === c.id), consents.filter((r) => r.customer_id === c.id));
  });
}

export function presentTimelineRow(r: TimelineRow, viewer: Actor): TimelineEntry {
  const at = isoRequired(r.at);
  const p = r.payload;
  if (r.type === "merge") {
    return {
      type: "merge",
      id: r.id,
      at,
      merge: {
        mergeId: p.mergeId as string,
        action: p.action as "merged" | "unmerged",
        survivorId: p.survivorId as string,
        mergedId: p.mergedId as string,
        mergedName: p.mergedName as string,
        actorName: (p.actorName as string | null) ?? null,
      },
    };
  }
  if (r.type === "interaction") {
    return {
      type: "interaction",
      id: r.id,
      at,
      interaction: {
        id: r.id,
        customerId: p.customerId as string,
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
