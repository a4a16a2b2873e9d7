/**
 * PostgreSQL stopped (`pg_ctl stop -m immediate`, as a crash) and started again under load, on a
 * cluster this test runs itself (issue 7, items 1 and 9). Before the fix the server process died
 * on the first dropped connection. Now: it stays up; during the outage every request is refused
 * at once with 503 database_unavailable and Retry-After, /healthz answers and /readyz does not;
 * once PostgreSQL accepts connections again, service returns within 5 s with no restart, the live
 * stream is told to resynchronise, every answered case is there, and each refused one, retried
 * with its Idempotency-Key, is made once.
 *
 * Runs against PostgreSQL only: the suite is collected when DATABASE_URL is set (the cluster
 * itself is started from PG_BIN, /usr/lib/postgresql/15/bin by default).
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { caseLoad, countCases, createAndHear, isOk, lostAnswers, prepare, retryRefused, serviceBackAt } from "./fault-load.js";
import { openStream, type OpenStream as LiveStream } from "../sse.js";
import { ownPostgres, type OwnPostgres } from "./own-postgres.js";
import { freePort, startServer, stopServer, type ServerProcess } from "./server-process.js";

const EMAIL = "restart-admin@test.tandem.local";
const PASSWORD = "restart-password-0123";
const CLIENTS = 10;

let cluster: OwnPostgres | null = null;
let server: ServerProcess | null = null;
let stream: LiveStream | null = null;

beforeAll(async () => {
  cluster = await ownPostgres();
  await cluster.start();
  server = await startServer(
    { DATABASE_URL: cluster.url, TANDEM_DEMO: "off", TANDEM_ADMIN_EMAIL: EMAIL, TANDEM_ADMIN_PASSWORD: PASSWORD, TANDEM_SECRET: "restart-test-secret-0123456789", LOG_LEVEL: "fatal", TANDEM_WORKERS: "1" },
    await freePort(),
    60_000,
  );
}, 120_000);

afterAll(async () => {
  stream?.close();
  await stopServer(server);
  await cluster?.destroy();
}, 60_000);

const get = async (url: string, token?: string) => {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(30_000) });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as any };
};

test("PostgreSQL stopped and started under load: the server stays up, refuses with 503 meanwhile, and serves again within 5 s with nothing lost", async () => {
  const { url } = server!;
  const { token, customerId } = await prepare(url, EMAIL, PASSWORD);
  stream = await openStream(url, token);
  await stream.waitFor("event: ready");
  const load = caseLoad(url, token, customerId, CLIENTS, "restart");
  await load.answered(30);

  await cluster!.stop("immediate");
  // The outage as a client sees it, once the server has noticed.
  let during = await get(`${url}/api/v1/auth/me`, token);
  for (let i = 0; i < 100 && during.status === 200; i++) during = await get(`${url}/api/v1/auth/me`, token);
  expect(during.status).toBe(503);
  expect(during.retryAfter).toBe("2");
  expect(during.body.error.code).toBe("database_unavailable");
  expect(await get(`${url}/healthz`)).toMatchObject({ status: 200, body: { status: "ok" } });
  expect(await get(`${url}/readyz`)).toMatchObject({ status: 503, body: { status: "unavailable", reason: "database_unavailable" } });
  await new Promise((r) => setTimeout(r, 1000)); // the load keeps knocking on the closed door

  await cluster!.start();
  const acceptingAt = performance.now();
  await load.answered(load.sent.filter(isOk).length + 2 * CLIENTS);
  await load.stop();

  expect(server!.child.exitCode).toBeNull();
  expect(server!.child.signalCode).toBeNull();
  const refused = load.sent.filter((s) => !isOk(s));
  expect(refused.length).toBeGreaterThan(0);
  expect(refused.filter((s) => s.status !== 503 || s.error !== "database_unavailable" || s.retryAfter !== "2").map((s) => [s.status, s.error])).toEqual([]);
  const backAt = serviceBackAt(load.sent);
  expect(backAt).not.toBeNull();
  expect(backAt! - acceptingAt).toBeLessThan(5_000);
  expect((await get(`${url}/readyz`)).status).toBe(200);
  expect(await lostAnswers(cluster!.url, load.sent)).toEqual([]);

  // The console is told to fetch again, and hears changes on the new LISTEN connection.
  await stream.waitFor("event: resync");
  await createAndHear(url, token, customerId, stream, "after the restart");

  expect(await retryRefused(url, token, load.sent)).toEqual([]);
  expect(await countCases(cluster!.url, "restart")).toBe(load.sent.length);
  console.log(`PostgreSQL restart: ${load.sent.length} creations, ${refused.length} refused with 503, service back ${Math.round(backAt! - acceptingAt)} ms after PostgreSQL accepted connections`);
}, 180_000);
