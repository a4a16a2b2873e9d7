/**
 * The console's case lists at scale: for one caller, each view (`GET /api/v1/cases` with its
 * filters) read as a first page, the second page, and a deep page (a cursor a year back), one
 * request at a time; and the plan PostgreSQL makes for the very SQL the server sends for each.
 */
import { listCasesQuery } from "@tandem/contracts";
import pg from "pg";
import { encodeCursor } from "../../apps/server/src/platform/pagination.js";
import { listCases } from "../../apps/server/src/modules/cases/repository.js";
import { captureSql, explainAnalyze } from "./explain.js";
import { summarize } from "./stats.js";

export const PAGE_KINDS = ["first", "second", "deep"] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

/** How far back the deep page starts: the middle of the generated two years. */
const DEEP_DAYS = 365;

export interface Caller {
  name: string;
  token: string;
  /** What the server binds to the visibility rule for this caller: null for staff, the partner's organisation otherwise. */
  visibleOrg: string | null;
}

export interface ListView {
  name: string;
  /** The query string the console sends, without the cursor. */
  query: Record<string, string>;
}

export interface ViewResult {
  caller: string;
  view: string;
  path: string;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  pages: Record<PageKind, { items: number; p50Ms: number; p95Ms: number }>;
}

const pathOf = (view: ListView, cursor?: string) => `/api/v1/cases?${new URLSearchParams({ ...view.query, ...(cursor ? { cursor } : {}) }).toString()}`;

async function getPage(url: string, token: string, path: string): Promise<{ ms: number; items: number; nextCursor: string | null }> {
  const t0 = performance.now();
  const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { items: unknown[]; nextCursor: string | null };
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(body)}`);
  return { ms, items: body.items.length, nextCursor: body.nextCursor };
}

/** The cursors of the three pages of a view: none, the first page's nextCursor, and one a year back. */
export async function viewCursors(url: string, caller: Caller, view: ListView): Promise<Record<PageKind, string | undefined>> {
  const first = await getPage(url, caller.token, pathOf(view));
  const deepTime = new Date(Date.now() - DEEP_DAYS * 86_400_000).toISOString();
  return { first: undefined, second: first.nextCursor ?? undefined, deep: encodeCursor([deepTime, "ffffffff-ffff-4fff-bfff-ffffffffffff"]) };
}

/** After `warmup` requests, `requests` sequential requests that take the three pages in turn. */
export async function benchView(opts: { url: string; caller: Caller; view: ListView; requests: number; warmup: number }): Promise<ViewResult> {
  const cursors = await viewCursors(opts.url, opts.caller, opts.view);
  const samples: Record<PageKind, number[]> = { first: [], second: [], deep: [] };
  const items: Record<PageKind, number> = { first: 0, second: 0, deep: 0 };
  for (let i = 0; i < opts.warmup + opts.requests; i++) {
    const kind = PAGE_KINDS[i % PAGE_KINDS.length]!;
    const page = await getPage(opts.url, opts.caller.token, pathOf(opts.view, cursors[kind]));
    items[kind] = page.items;
    if (i >= opts.warmup) samples[kind].push(page.ms);
  }
  const all = summarize([...samples.first, ...samples.second, ...samples.deep]);
  const pages = Object.fromEntries(
    PAGE_KINDS.map((kind) => {
      const s = summarize(samples[kind]);
      return [kind, { items: items[kind], p50Ms: s.p50, p95Ms: s.p95 }];
    }),
  ) as ViewResult["pages"];
  return { caller: opts.caller.name, view: opts.view.name, path: pathOf(opts.view), requests: all.count, p50Ms: all.p50, p95Ms: all.p95, maxMs: all.max, pages };
}

/** The SQL and parameters `listCases` sends for this caller, view and cursor. */
export function listCasesSql(caller: Caller, view: ListView, cursor: string | undefined): Promise<{ sql: string; params: unknown[] }> {
  return captureSql((db) => listCases(db, caller.visibleOrg, listCasesQuery.parse({ ...view.query, ...(cursor ? { cursor } : {}) })));
}

export interface PlanResult {
  caller: string;
  view: string;
  page: PageKind;
  executionMs: number;
  plan: string;
}

/** EXPLAIN (ANALYZE, BUFFERS) of the server's SQL for each page of a view. */
export async function explainView(opts: { databaseUrl: string; url: string; caller: Caller; view: ListView }): Promise<PlanResult[]> {
  const cursors = await viewCursors(opts.url, opts.caller, opts.view);
  const db = new pg.Client({ connectionString: opts.databaseUrl });
  await db.connect();
  try {
    const plans: PlanResult[] = [];
    for (const kind of PAGE_KINDS) {
      const { executionMs, plan } = await explainAnalyze(db, await listCasesSql(opts.caller, opts.view, cursors[kind]));
      plans.push({ caller: opts.caller.name, view: opts.view.name, page: kind, executionMs, plan });
    }
    return plans;
  } finally {
    await db.end();
  }
}
