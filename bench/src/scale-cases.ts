/**
 * A contact centre two years in: SCALE_CASES cases over a fifth as many customers, owned by the
 * agents of five departments, a tenth of them shared with one of four partner organisations. The
 * organisations and the two users the benchmark acts as (an agent, a partner agent) are made
 * through the API; the other owners and every case are generated in SQL.
 */
import pg from "pg";
import type { Api } from "./api.js";
import { withBulkLoad } from "./bulk-load.js";
import { generateCustomers, generatedCustomerId, inBatches } from "./generate.js";

const BATCH = 100_000;
const DAYS = 730;
const DEPARTMENTS = ["Hotline", "Billing", "Network", "Field service", "Complaints desk"];
/** Partners and the share of the shared cases each is party to; the benchmark's partner is the first. */
const PARTNERS: [string, number][] = [
  ["Dingxin Installations", 0.25],
  ["Huabei Cabling", 0.35],
  ["Metro Couriers", 0.25],
  ["Eastline Repairs", 0.15],
];
const AGENTS_PER_DEPARTMENT = 40;
const AGENTS_PER_PARTNER = 5;
export const SHARED_FRACTION = 0.1;
/** Of the shared cases, the fraction handed over to one of the partner's agents (the owning organisation follows the owner). */
const PARTNER_OWNED_FRACTION = 0.25;
export const SCALE_PASSWORD = "scale-password-0123";

export interface ScaleActors {
  agent: { id: string; email: string; organizationId: string };
  partnerAgent: { id: string; email: string; organizationId: string };
}

export interface CasesLoad {
  cases: number;
  customers: number;
  caseParties: number;
  users: number;
  /** Cases each benchmark user may see (all of them for the agent), and how many they own. */
  visible: { agent: number; partner: number };
  owned: { agent: number; partner: number };
  statuses: Record<string, number>;
  loadSeconds: number;
  analyzeSeconds: number;
}

/** Organisations and the two benchmark users through the API; the other owners in SQL (they never log in). */
export async function createActors(api: Api, databaseUrl: string): Promise<ScaleActors & { departments: string[]; partners: string[] }> {
  const departments: string[] = [];
  for (const name of DEPARTMENTS) departments.push((await api.post<{ id: string }>("/api/v1/organizations", { name, kind: "department" })).id);
  const partners: string[] = [];
  for (const [name] of PARTNERS) partners.push((await api.post<{ id: string }>("/api/v1/organizations", { name, kind: "partner" })).id);
  const agentEmail = "scale-agent@bench.tandem.local";
  const partnerEmail = "scale-partner@bench.tandem.local";
  const agent = await api.post<{ id: string }>("/api/v1/users", { email: agentEmail, name: "Scale Agent", password: SCALE_PASSWORD, role: "agent", organizationId: departments[0] });
  const partner = await api.post<{ id: string }>("/api/v1/users", { email: partnerEmail, name: "Scale Partner", password: SCALE_PASSWORD, role: "partner_agent", organizationId: partners[0] });

  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const filler = (orgs: string[], perOrg: number, role: string) =>
      db.query(
        `INSERT INTO users (id, organization_id, email, name, role, password_hash)
         SELECT gen_random_uuid(), o.id, $3 || '-' || o.n || '-' || g || '@bench.tandem.local', initcap($3) || ' ' || o.n || '-' || g, $3, 'not-a-password-hash'
           FROM unnest($1::uuid[]) WITH ORDINALITY o(id, n), generate_series(1, $2::int) g`,
        [orgs, perOrg, role],
      );
    // The benchmark users are one of their organisation's agents each.
    await filler(departments, AGENTS_PER_DEPARTMENT, "agent");
    await db.query(`DELETE FROM users WHERE email = 'agent-1-1@bench.tandem.local'`);
    await filler(partners, AGENTS_PER_PARTNER, "partner_agent");
    await db.query(`DELETE FROM users WHERE email = 'partner_agent-1-1@bench.tandem.local'`);
  } finally {
    await db.end();
  }
  return {
    departments,
    partners,
    agent: { id: agent.id, email: agentEmail, organizationId: departments[0]! },
    partnerAgent: { id: partner.id, email: partnerEmail, organizationId: partners[0]! },
  };
}

/**
 * Generates `total` cases in batches (INSERT … SELECT generate_series), in the order they were
 * opened, with time-ordered ids like the server's, then ANALYZE.
 *
 * Each case: opened at an even pace over two years; last changed within two weeks of opening
 * (a square of a uniform draw, so most within days); status by age (of cases opened in the last
 * 14 days 60 % are still open or waiting, of older ones 3 %); priority, kind and channel skewed to
 * the common values; owned by one of 200 agents (the owning department is the agent's), 5 %
 * unassigned. A tenth are shared with a partner (25/35/25/15 %), view or contribute; a quarter
 * of those are handed over to one of that partner's agents, whose organisation then owns them.
 */
export async function loadCases(opts: { databaseUrl: string; total: number; actors: ScaleActors & { departments: string[]; partners: string[] }; log: (msg: string) => void }): Promise<CasesLoad> {
  const started = performance.now();
  const customers = Math.max(1, Math.ceil(opts.total / 5));
  const db = new pg.Client({ connectionString: opts.databaseUrl });
  await db.connect();
  try {
    const { rows: agents } = await db.query<{ id: string; organization_id: string }>(`SELECT id, organization_id FROM users WHERE role = 'agent' ORDER BY email`);
    const partnerAgents = opts.actors.partners.map(() => [] as string[]);
    for (const u of (await db.query<{ id: string; organization_id: string }>(`SELECT id, organization_id FROM users WHERE role = 'partner_agent' ORDER BY email`)).rows) {
      partnerAgents[opts.actors.partners.indexOf(u.organization_id)]!.push(u.id);
    }
    // Cumulative shares: a draw below bounds[i] picks partner i.
    let sum = 0;
    const bounds = PARTNERS.map(([, share]) => (sum += share));

    await withBulkLoad(
      opts.databaseUrl,
      ["customers", "cases", "case_parties"],
      async () => {
        await generateCustomers(db, "scale", customers, DAYS + 30);
        opts.log(`  ${customers.toLocaleString("en")} customers (${seconds(started)} s)`);
        await inBatches(opts.total, BATCH, async (from, to) => {
          await db.query(CASES_SQL, [
            from,
            to,
            opts.total,
            customers,
            agents.map((a) => a.id),
            agents.map((a) => a.organization_id),
            opts.actors.departments,
            opts.actors.partners,
            bounds,
            partnerAgents.map((ids) => `{${ids.join(",")}}`),
            SHARED_FRACTION,
            PARTNER_OWNED_FRACTION,
          ]);
          opts.log(`  ${to.toLocaleString("en")} / ${opts.total.toLocaleString("en")} cases (${seconds(started)} s)`);
        });
      },
      opts.log,
    );
    await db.query(`SELECT setval('case_number_seq', $1::bigint)`, [1000 + opts.total]);
    const loadSeconds = (performance.now() - started) / 1000;
    const analyzeStarted = performance.now();
    await db.query("ANALYZE");
    const analyzeSeconds = (performance.now() - analyzeStarted) / 1000;

    const one = async (sql: string, params: unknown[] = []) => ((await db.query<{ n: number }>(sql, params)).rows[0]?.n ?? 0);
    const partnerOrg = opts.actors.partnerAgent.organizationId;
    const statuses: Record<string, number> = {};
    for (const r of (await db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM cases GROUP BY status ORDER BY n DESC`)).rows) statuses[r.status] = r.n;
    return {
      cases: await one(`SELECT count(*)::int AS n FROM cases`),
      customers: await one(`SELECT count(*)::int AS n FROM customers`),
      caseParties: await one(`SELECT count(*)::int AS n FROM case_parties`),
      users: await one(`SELECT count(*)::int AS n FROM users`),
      visible: {
        agent: await one(`SELECT count(*)::int AS n FROM cases`),
        partner: await one(
          `SELECT count(*)::int AS n FROM cases c WHERE c.owner_organization_id = $1 OR EXISTS (SELECT 1 FROM case_parties p WHERE p.case_id = c.id AND p.organization_id = $1)`,
          [partnerOrg],
        ),
      },
      owned: {
        agent: await one(`SELECT count(*)::int AS n FROM cases WHERE owner_user_id = $1`, [opts.actors.agent.id]),
        partner: await one(`SELECT count(*)::int AS n FROM cases WHERE owner_user_id = $1`, [opts.actors.partnerAgent.id]),
      },
      statuses,
      loadSeconds,
      analyzeSeconds,
    };
  } finally {
    await db.end();
  }
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/**
 * One batch of cases $1..$2 of $3. `d` draws the random numbers once per case (the CTE is
 * materialised, so the case and its party row agree on them).
 * $4 customers; $5/$6 agents and their departments; $7 departments; $8 partners; $9 cumulative
 * partner shares; $10 each partner's agents; $11 shared fraction; $12 handed-over fraction.
 */
const CASES_SQL = `
WITH d AS (
  SELECT g,
         now() - make_interval(secs => ${DAYS} * 86400 * (1 - g::float8 / $3)) + make_interval(secs => random() * 60) AS created_at,
         random() AS r_status, random() AS r_updated, random() AS r_owner, random() AS r_kind, random() AS r_priority,
         random() AS r_channel, random() AS r_customer, random() AS r_shared, random() AS r_partner, random() AS r_handover
    FROM generate_series($1::int, $2::int) g
),
e AS (
  SELECT d.*,
         least(now(), d.created_at + make_interval(secs => 14 * 86400 * d.r_updated * d.r_updated)) AS updated_at,
         CASE WHEN d.r_shared < $11 THEN
           (SELECT min(i) FROM generate_subscripts($9::float8[], 1) i WHERE d.r_partner * ($9::float8[])[array_length($9::float8[], 1)] < ($9::float8[])[i])
         END AS partner_index,
         d.r_shared < $11 * $12 AS handed_over
    FROM d
),
f AS (
  SELECT e.*,
         CASE
           WHEN e.created_at > now() - interval '14 days' THEN
             CASE WHEN e.r_status < 0.35 THEN 'open' WHEN e.r_status < 0.50 THEN 'waiting_on_customer' WHEN e.r_status < 0.60 THEN 'waiting_on_party'
                  WHEN e.r_status < 0.80 THEN 'resolved' ELSE 'closed' END
           ELSE
             CASE WHEN e.r_status < 0.015 THEN 'open' WHEN e.r_status < 0.025 THEN 'waiting_on_customer' WHEN e.r_status < 0.030 THEN 'waiting_on_party'
                  WHEN e.r_status < 0.050 THEN 'resolved' ELSE 'closed' END
         END AS status,
         CASE
           WHEN e.handed_over THEN (($10::text[])[e.partner_index]::uuid[])[1 + floor(e.r_owner * array_length((($10::text[])[e.partner_index]::uuid[]), 1))::int]
           WHEN e.r_owner < 0.05 THEN NULL
           ELSE ($5::uuid[])[1 + floor((e.r_owner - 0.05) / 0.95 * array_length($5::uuid[], 1))::int]
         END AS owner_user_id,
         CASE
           WHEN e.handed_over THEN ($8::uuid[])[e.partner_index]
           WHEN e.r_owner < 0.05 THEN ($7::uuid[])[1 + floor(e.r_owner / 0.05 * array_length($7::uuid[], 1))::int]
           ELSE ($6::uuid[])[1 + floor((e.r_owner - 0.05) / 0.95 * array_length($6::uuid[], 1))::int]
         END AS owner_organization_id
    FROM e
),
c AS (
  INSERT INTO cases (id, number, customer_id, kind, subject, description, channel, priority, category, status,
                     owner_organization_id, owner_user_id, resolution, resolved_by, resolved_at,
                     created_by_type, created_by_id, created_at, updated_at)
  SELECT (lpad(to_hex((extract(epoch FROM f.created_at) * 1000)::bigint), 12, '0') || '7' || substr(md5(f.g::text), 1, 3) || '8' || substr(md5(f.g::text), 4, 15))::uuid,
         'TD-' || (1000 + f.g),
         ${generatedCustomerId("scale", "1 + floor(f.r_customer * $4::int)::int")},
         (ARRAY['request','request','request','complaint','complaint','incident','question','question'])[1 + floor(f.r_kind * 8)::int],
         (ARRAY['No dial tone','Bill higher than usual','Slow broadband','Engineer missed the visit','Move my line','Refund not received','Router keeps restarting','Change of address'])[1 + floor(f.r_kind * 64)::int % 8]
           || ' (' || f.g || ')',
         NULL,
         (ARRAY['phone','phone','phone','chat','chat','email','web','sms'])[1 + floor(f.r_channel * 8)::int],
         CASE WHEN f.r_priority < 0.05 THEN 'urgent' WHEN f.r_priority < 0.20 THEN 'high' WHEN f.r_priority < 0.90 THEN 'normal' ELSE 'low' END,
         (ARRAY['billing','fault','installation','account',NULL])[1 + floor(f.r_priority * 50)::int % 5],
         f.status, f.owner_organization_id, f.owner_user_id,
         CASE WHEN f.status IN ('resolved','closed') THEN 'Fixed and confirmed with the customer.' END,
         CASE WHEN f.status IN ('resolved','closed') THEN 'agent' END,
         CASE WHEN f.status IN ('resolved','closed') THEN f.updated_at END,
         'user', f.owner_user_id::text, f.created_at, f.updated_at
    FROM f
  RETURNING id, number, created_at
)
INSERT INTO case_parties (case_id, organization_id, access, added_at)
SELECT c.id, ($8::uuid[])[f.partner_index], CASE WHEN f.r_handover < 0.7 THEN 'contribute' ELSE 'view' END, c.created_at + interval '1 hour'
  FROM f JOIN c ON c.number = 'TD-' || (1000 + f.g)
 WHERE f.partner_index IS NOT NULL`;
