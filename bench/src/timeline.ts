/**
 * The timeline of one customer with 1,000 interactions (plus cases and case events) in a database
 * holding BENCH_INTERACTIONS interactions in all, read page by page through the API.
 */
import pg from "pg";
import type { Api } from "./api.js";
import { generateCustomers, generatedCustomerId, inBatches } from "./generate.js";
import { summarize } from "./stats.js";

const PER_OTHER_CUSTOMER = 10;
const BATCH = 100_000;

export interface TimelineLoad {
  interactions: number;
  customers: number;
  targetInteractions: number;
  targetCases: number;
  loadSeconds: number;
}

/** Fills the database: many customers with ~10 interactions each, and one customer with 1,000 and some cases. */
export async function loadTimelineData(opts: { databaseUrl: string; api: Api; total: number; log: (msg: string) => void }): Promise<{ customerId: string; load: TimelineLoad }> {
  const started = performance.now();
  const { api } = opts;
  const org = await api.post<{ id: string }>("/api/v1/organizations", { name: "Bench billing", kind: "department" });
  const customer = await api.post<{ id: string }>("/api/v1/customers", { name: "Timeline customer", identities: [{ kind: "phone", value: "13900001111" }] });
  const targetInteractions = Math.min(1000, opts.total);
  const others = opts.total - targetInteractions;
  const otherCustomers = Math.max(1, Math.ceil(others / PER_OTHER_CUSTOMER));

  // Cases and events of the timeline customer go through the API, so they are shaped exactly as the server writes them.
  const caseIds: string[] = [];
  const TARGET_CASES = 20;
  for (let i = 0; i < TARGET_CASES; i++) {
    const kase = await api.post<{ id: string }>("/api/v1/cases", { customerId: customer.id, kind: i % 3 === 0 ? "complaint" : "request", subject: `Timeline case ${i + 1}`, channel: "phone" });
    caseIds.push(kase.id);
    await api.post(`/api/v1/cases/${kase.id}/messages`, { visibility: "public", body: `We are looking into it (${i + 1}).` });
    await api.post(`/api/v1/cases/${kase.id}/messages`, { visibility: "internal", body: `Checked the line (${i + 1}).` });
  }

  const db = new pg.Client({ connectionString: opts.databaseUrl });
  await db.connect();
  try {
    await generateCustomers(db, "bench", otherCustomers, 400);
    opts.log(`  ${otherCustomers.toLocaleString("en")} customers`);
    const insertInteractions = (customerExpr: string, caseExpr: string) =>
      `INSERT INTO interactions (id, customer_id, channel, direction, organization_id, case_id, body, occurred_at, created_by_type, created_at)
       SELECT gen_random_uuid(), ${customerExpr},
              (ARRAY['phone','chat','email','sms','web'])[g % 5 + 1],
              CASE WHEN g % 3 = 0 THEN 'outbound' ELSE 'inbound' END,
              $2::uuid, ${caseExpr},
              'Customer said: ' || md5(g::text) || ' ' || md5((g * 7)::text),
              now() - make_interval(secs => g * 30), 'system', now()
         FROM generate_series($3::int, $4::int) g`;
    // The timeline customer: one interaction an hour going back, a tenth of them filed on a case.
    await db.query(insertInteractions("$1::uuid", "CASE WHEN g % 10 = 0 THEN ($5::uuid[])[g / 10 % array_length($5::uuid[], 1) + 1] END").replace("g * 30", "g * 3600"), [
      customer.id,
      org.id,
      1,
      targetInteractions,
      caseIds,
    ]);
    await inBatches(others, BATCH, async (from, to) => {
      await db.query(insertInteractions(generatedCustomerId("bench", "g % $1::int + 1"), "NULL"), [otherCustomers, org.id, from, to]);
      opts.log(`  ${(to + targetInteractions).toLocaleString("en")} / ${opts.total.toLocaleString("en")} interactions (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    });
    await db.query("ANALYZE");
    const [{ n }] = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM interactions")).rows as [{ n: number }];
    return {
      customerId: customer.id,
      load: { interactions: n, customers: otherCustomers + 1, targetInteractions, targetCases: TARGET_CASES, loadSeconds: (performance.now() - started) / 1000 },
    };
  } finally {
    await db.end();
  }
}

export interface TimelineResult {
  requests: number;
  /** Pages of 50 in the customer's whole timeline. */
  pages: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  firstPage: { p50Ms: number; p95Ms: number };
  cursorPages: { p50Ms: number; p95Ms: number };
}

/**
 * Walks the whole timeline once to learn every page's cursor, then, `rounds` times, reads the
 * first page and `cursorPages` pages picked at random from the whole history, one request at a time.
 */
export async function benchTimeline(opts: { url: string; token: string; customerId: string; rounds: number; cursorPages: number }): Promise<TimelineResult> {
  const get = async (cursor: string | null): Promise<{ ms: number; nextCursor: string | null }> => {
    const q = cursor ? `?limit=50&cursor=${encodeURIComponent(cursor)}` : "?limit=50";
    const t0 = performance.now();
    const res = await fetch(`${opts.url}/api/v1/customers/${opts.customerId}/timeline${q}`, { headers: { authorization: `Bearer ${opts.token}` } });
    const body = (await res.json()) as { items: unknown[]; nextCursor: string | null };
    const ms = performance.now() - t0;
    if (res.status !== 200 || body.items.length === 0) throw new Error(`timeline answered ${res.status} with ${body.items?.length} items`);
    return { ms, nextCursor: body.nextCursor };
  };
  const cursors: string[] = [];
  for (let page = await get(null); page.nextCursor; page = await get(page.nextCursor)) cursors.push(page.nextCursor);
  for (let i = 0; i < 10; i++) await get(null); // warm-up
  const first: number[] = [];
  const later: number[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    first.push((await get(null)).ms);
    for (let p = 0; p < opts.cursorPages && cursors.length; p++) later.push((await get(cursors[Math.floor(Math.random() * cursors.length)]!)).ms);
  }
  const all = summarize([...first, ...later]);
  const f = summarize(first);
  const l = summarize(later);
  return {
    requests: all.count,
    pages: cursors.length + 1,
    p50Ms: all.p50,
    p95Ms: all.p95,
    maxMs: all.max,
    firstPage: { p50Ms: f.p50, p95Ms: f.p95 },
    cursorPages: { p50Ms: l.p50, p95Ms: l.p95 },
  };
}
