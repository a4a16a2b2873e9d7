/**
 * What the database-fault tests and `npm run bench:faults` drive a real server with: a steady
 * load of case creations (each with its own Idempotency-Key, so an unanswered or refused one can
 * be retried safely), and the checks that matter afterwards — every
 * answered creation is in the database, and retries make each refused one exactly once.
 */
import pg from "pg";
import type { OpenStream } from "../sse.js";

export interface SentCase {
  key: string;
  body: { customerId: string; kind: "request"; subject: string; channel: "phone" };
  /** performance.now() when the answer (or the failure) came. */
  answeredAt?: number;
  status?: number;
  /** The error code of a refusal (`database_unavailable`), or the network error. */
  error?: string;
  retryAfter?: string | null;
  id?: string;
}

export interface CaseLoad {
  readonly sent: SentCase[];
  /** Resolves once `n` creations have been answered 2xx since the load began. */
  answered(n: number, timeoutMs?: number): Promise<void>;
  /** Stops the clients after their request under way; resolves when all have stopped. */
  stop(): Promise<void>;
}

export const isOk = (s: SentCase) => s.status !== undefined && s.status >= 200 && s.status < 300;

export async function postJson(url: string, token: string | null, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** Signs in and makes the customer the cases are for. */
export async function prepare(url: string, email: string, password: string): Promise<{ token: string; customerId: string }> {
  const login = await postJson(`${url}/api/v1/auth/login`, null, { email, password });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  const token = login.body.token as string;
  const customer = await postJson(`${url}/api/v1/customers`, token, { name: "Fault customer" });
  if (customer.status !== 201) throw new Error(`customer: ${customer.status} ${JSON.stringify(customer.body)}`);
  return { token, customerId: customer.body.id as string };
}

/** `clients` clients, each creating one case after another until stopped; a refusal is recorded and the client goes on. */
export function caseLoad(url: string, token: string, customerId: string, clients: number, tag: string): CaseLoad {
  const sent: SentCase[] = [];
  let stopping = false;
  let ok = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const client = async (c: number) => {
    for (let i = 0; !stopping; i++) {
      const item: SentCase = { key: `${tag}-${c}-${i}-${Math.random().toString(36).slice(2)}`, body: { customerId, kind: "request", subject: `${tag} ${c}-${i}`, channel: "phone" } };
      sent.push(item);
      try {
        const res = await postJson(`${url}/api/v1/cases`, token, item.body, { "idempotency-key": item.key });
        item.status = res.status;
        item.retryAfter = res.headers.get("retry-after");
        if (isOk({ ...item })) {
          item.id = res.body.id;
          ok++;
          for (const w of waiters.filter((w) => ok >= w.n)) w.resolve();
        } else item.error = res.body?.error?.code ?? String(res.body);
      } catch (error) {
        item.error = (error as Error).message;
      }
      item.answeredAt = performance.now();
      // A refused client pauses a moment instead of spinning (it does not wait out Retry-After:
      // the load is also what measures when service is back).
      if (!isOk(item)) await new Promise((r) => setTimeout(r, 50));
    }
  };
  const running = Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  return {
    sent,
    answered(n, timeoutMs = 60_000) {
      if (ok >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${ok} of ${n} creations answered within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    async stop() {
      stopping = true;
      await running;
    },
  };
}

/**
 * When full service was back: the answer time of the first success that came after the last
 * failure (null while the load has not succeeded since). Every request sent later succeeded.
 */
export function serviceBackAt(sent: readonly SentCase[]): number | null {
  const answered = sent.filter((s) => s.answeredAt !== undefined).sort((a, b) => a.answeredAt! - b.answeredAt!);
  let lastFailure = -1;
  answered.forEach((s, i) => {
    if (!isOk(s)) lastFailure = i;
  });
  return answered.slice(lastFailure + 1).find(isOk)?.answeredAt ?? null;
}

/** The answered creations that the database does not have (must be none). */
export async function lostAnswers(databaseUrl: string, sent: readonly SentCase[]): Promise<SentCase[]> {
  const ok = sent.filter(isOk);
  const db = new pg.Client({ connectionString: databaseUrl, application_name: "tandem-fault-check" });
  await db.connect();
  try {
    const found = new Set((await db.query<{ id: string }>("SELECT id FROM cases WHERE id = ANY($1::uuid[])", [ok.map((s) => s.id)])).rows.map((r) => r.id));
    return ok.filter((s) => !found.has(s.id!));
  } finally {
    await db.end();
  }
}

/** Creates one case and waits until `stream` has told of it: the live path works. */
export async function createAndHear(url: string, token: string, customerId: string, stream: OpenStream, subject: string): Promise<void> {
  const created = await postJson(`${url}/api/v1/cases`, token, { customerId, kind: "request", subject, channel: "phone" });
  if (created.status !== 201) throw new Error(`case: ${created.status} ${JSON.stringify(created.body)}`);
  await stream.waitFor(created.body.id as string);
}

/** Cases whose subject starts with `tag ` (the load's). */
export async function countCases(databaseUrl: string, tag: string): Promise<number> {
  const db = new pg.Client({ connectionString: databaseUrl, application_name: "tandem-fault-check" });
  await db.connect();
  try {
    return (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE subject LIKE $1", [`${tag} %`])).rows[0]!.n;
  } finally {
    await db.end();
  }
}

/** Retries every creation that was not answered 2xx, with its key; returns those that still failed. */
export async function retryRefused(url: string, token: string, sent: readonly SentCase[]): Promise<SentCase[]> {
  const failed: SentCase[] = [];
  for (const s of sent.filter((s) => !isOk(s))) {
    const res = await postJson(`${url}/api/v1/cases`, token, s.body, { "idempotency-key": s.key });
    if (res.status !== 201) failed.push({ ...s, status: res.status, error: JSON.stringify(res.body) });
  }
  return failed;
}

/** Terminates Tandem's backends on `database` (`application_name = 'tandem'`); `listenOnly`: only the one that LISTENs. */
export async function terminateBackends(adminUrl: string, database: string, listenOnly = false): Promise<number> {
  const admin = new pg.Client({ connectionString: adminUrl, application_name: "tandem-fault-injector" });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE application_name = 'tandem' AND datname = $1 AND pid <> pg_backend_pid() ${listenOnly ? "AND query LIKE 'LISTEN %'" : ""}`,
      [database],
    );
    for (const { pid } of rows) await admin.query("SELECT pg_terminate_backend($1)", [pid]);
    return rows.length;
  } finally {
    await admin.end();
  }
}
