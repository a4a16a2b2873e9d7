/** The figures of a supervisor's dashboard: counts and short lists over the cases the caller may see. */
import { sql, type Selectable } from "kysely";
import type { Queryable } from "../../platform/db.js";
import type { CasesTable } from "../../platform/db-types.js";
import { k } from "../../platform/kysely.js";
import { visibleCase } from "./policies.js";

const OPEN_STATUSES = ["open", "waiting_on_customer", "waiting_on_party"] as const;
const OLDEST = 10;
const REOPENED = 20;
const REOPENED_DAYS = 7;

export type DashboardCaseRow = Pick<Selectable<CasesTable>, "id" | "number" | "subject" | "status" | "priority" | "created_at"> & {
  owner_user_name: string | null;
  owner_organization_name: string;
  reopened_at?: Date;
};

export interface SupervisorFigures {
  byOwner: { user_id: string | null; name: string | null; n: number }[];
  byOrganization: { organization_id: string; name: string; n: number }[];
  open: number;
  unassigned: number;
  waitingOnParty: number;
  oldestOpen: DashboardCaseRow[];
  reopened: DashboardCaseRow[];
  reopenedCount: number;
}

const casesOf = (db: Queryable, org: string | null) =>
  k(db)
    .selectFrom("cases as c")
    .innerJoin("organizations as o", "o.id", "c.owner_organization_id")
    .leftJoin("users as u", "u.id", "c.owner_user_id")
    .where(visibleCase("c", org));

const CASE_COLUMNS = ["c.id", "c.number", "c.subject", "c.status", "c.priority", "c.created_at", "u.name as owner_user_name", "o.name as owner_organization_name"] as const;

/** `org` is `visibilityOrg(actor)`; `now` the request's clock (the 7-day window ends there). */
export async function supervisorFigures(db: Queryable, org: string | null, now: Date): Promise<SupervisorFigures> {
  const open = () => casesOf(db, org).where("c.status", "in", OPEN_STATUSES);
  const since = new Date(now.getTime() - REOPENED_DAYS * 86400_000);
  const reopenedAt = sql<Date>`(SELECT max(e.at) FROM case_events e WHERE e.case_id = c.id AND e.type = 'case.reopened' AND e.at > ${since} AND e.at <= ${now})`;
  const [byOwner, byOrganization, totals, oldestOpen, reopened, reopenedCount] = await Promise.all([
    open()
      .select(["c.owner_user_id as user_id", "u.name as name", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy(["c.owner_user_id", "u.name"])
      .orderBy("n", "desc")
      .orderBy("u.name")
      .execute(),
    open()
      .select(["c.owner_organization_id as organization_id", "o.name as name", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy(["c.owner_organization_id", "o.name"])
      .orderBy("n", "desc")
      .orderBy("o.name")
      .execute(),
    open()
      .select((eb) => [
        eb.fn.countAll<number>().as("open"),
        eb.fn.countAll<number>().filterWhere("c.owner_user_id", "is", null).as("unassigned"),
        eb.fn.countAll<number>().filterWhere("c.status", "=", "waiting_on_party").as("waiting_on_party"),
      ])
      .executeTakeFirstOrThrow(),
    open().select(CASE_COLUMNS).orderBy("c.created_at").orderBy("c.id").limit(OLDEST).execute(),
    casesOf(db, org)
      .select(CASE_COLUMNS)
      .select(reopenedAt.as("reopened_at"))
      .where(sql<boolean>`${reopenedAt} IS NOT NULL`)
      .orderBy("reopened_at", "desc")
      .orderBy("c.id")
      .limit(REOPENED)
      .execute(),
    casesOf(db, org)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where(sql<boolean>`${reopenedAt} IS NOT NULL`)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    byOwner: byOwner.map((r) => ({ ...r, n: Number(r.n) })),
    byOrganization: byOrganization.map((r) => ({ ...r, n: Number(r.n) })),
    open: Number(totals.open),
    unassigned: Number(totals.unassigned),
    waitingOnParty: Number(totals.waiting_on_party),
    oldestOpen,
    reopened: reopened.map((r) => ({ ...r, reopened_at: r.reopened_at! })),
    reopenedCount: Number(reopenedCount.n),
  };
}
