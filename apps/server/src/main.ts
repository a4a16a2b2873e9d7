/**
 * The `tandem` command:
 *   tandem serve [--roles web,worker,scheduler] [--workers N]
 *                                                 run the server (all roles by default; the web
 *                                                 role in N processes, see platform/cluster.ts)
 *   tandem migrate                                apply pending migrations and exit
 *   tandem admin create --email E --password P    create an admin
 *   tandem demo load                              load the demo workspace into an empty database
 *   tandem import customers FILE --source NAME --key COLUMN --map FIELD=COLUMN …
 *                                                 import another system's customer export (CSV)
 *   tandem export links --source NAME [--out FILE]  the link report of an import
 */
import { parseArgs } from "node:util";
import { ConfigError, loadEnv, type Env } from "./platform/env.js";
import { deferredDb, openDb, type Db } from "./platform/db.js";
import { migrate } from "./platform/migrate.js";
import { createLogger } from "./platform/logger.js";
import type { Logger } from "pino";
import { setScryptCost } from "./platform/passwords.js";
import { buildApp } from "./app.js";
import { bootstrap, createAdmin } from "./bootstrap.js";
import { loadDemo } from "./modules/demo/index.js";
import { exportLinksCommand, importCustomersCommand } from "./modules/customers/index.js";
import { serveConsole } from "./platform/static.js";
import { buildWorker } from "./worker.js";
import { buildScheduler } from "./scheduler.js";
import { clusterMetrics, isWebWorker, resolveWorkers, startWorkers, tagAnswers, untilPrimaryStops, type WorkerPool } from "./platform/cluster.js";
import { closeWithin, stopInOrder, type Stoppable } from "./platform/shutdown.js";
import { DatabaseNotReached, showUrl, untilDatabaseAnswers } from "./platform/wait-for-db.js";

const ROLES = ["web", "worker", "scheduler"] as const;

async function open(env: Env, log?: Logger): Promise<Db> {
  const db = await openDb({
    databaseUrl: env.databaseUrl,
    dataDir: env.dataDir,
    connectTimeoutMs: env.dbConnectTimeoutMs,
    statementTimeoutMs: env.dbStatementTimeoutMs,
    onAvailability: (up, error) => {
      if (up) log?.warn("the database is reachable again");
      else log?.error({ err: error }, "the database is unreachable: requests are answered 503 database_unavailable until it is back");
    },
  });
  // A database that does not answer yet (starting beside Tandem) is waited for; see platform/wait-for-db.ts.
  if (env.databaseUrl) {
    try {
      await untilDatabaseAnswers(db, { waitMs: env.dbStartWaitMs, where: showUrl(env.databaseUrl), log: log ?? createLogger(env.logLevel) });
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  return db;
}

export async function main(argv: string[]): Promise<number> {
  let env: Env;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const log = createLogger(env.logLevel);
  setScryptCost(env.scryptCost);
  try {
    return await run(argv, env, log);
  } catch (error) {
    if (error instanceof DatabaseNotReached) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

async function run(argv: string[], env: Env, log: Logger): Promise<number> {
  const [command, sub] = argv;

  if (command === "serve" || command === undefined) {
    const { values } = parseArgs({ args: argv.slice(1), options: { roles: { type: "string", default: ROLES.join(",") }, workers: { type: "string" } } });
    const roles = values.roles!.split(",").map((r) => r.trim());
    const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (unknown.length) {
      console.error(`Unknown role(s): ${unknown.join(", ")}. Roles are ${ROLES.join(", ")}.`);
      return 2;
    }
    const plan = resolveWorkers(values.workers, env, roles);
    if ("problem" in plan) {
      console.error(plan.problem);
      return 2;
    }
    // With several workers the primary does not serve: its workers do (and do nothing else).
    const workers = isWebWorker ? 1 : plan.workers;
    const started = Date.now();
    const opening = open(env, log);
    // Build the HTTP application while the database starts; nothing is served before both are ready.
    const app = roles.includes("web") && workers === 1 ? await buildApp({ db: deferredDb(env.databaseUrl ? "postgres" : "pglite", opening), env, logger: log, ...(isWebWorker ? { metricsText: clusterMetrics() } : {}) }) : null;
    if (app) await serveConsole(app);
    const db = await opening;
    if (isWebWorker && app) {
      tagAnswers(app);
      await app.listen({ port: env.port, host: env.host });
      await untilPrimaryStops(async () => {
        await closeWithin(app, env.shutdownGraceMs, log);
        await db.close();
      });
      return 0;
    }
    await migrate(db, (m) => log.info(m));
    const { demo, adminCreated } = await bootstrap(db, env, log);
    if (env.secretIsDefault) log.warn("TANDEM_SECRET is not set: using the public development secret, allowed only on loopback or with TANDEM_ENV=development. Set it in production.");
    // The worker role (the outbox relay) and the scheduler role (due work) run once, here, however many web processes serve.
    const worker = roles.includes("worker") ? buildWorker({ db, env, logger: log, now: () => new Date() }) : null;
    await worker?.start();
    const scheduler = roles.includes("scheduler") ? buildScheduler({ db, env, logger: log, now: () => new Date() }) : null;
    await scheduler?.start();
    // What stops after the web, in this order, on SIGTERM: the relay finishes its batch and hands over
    // what the last requests wrote; the scheduler finishes the batches under way (its claims end
    // with their transactions).
    const services: Stoppable[] = [];
    if (worker) {
      services.push({
        async stop() {
          await worker.stop();
          await worker.flush();
        },
      });
    }
    if (scheduler) services.push(scheduler);
    let pool: WorkerPool | null = null;
    if (roles.includes("web") && workers > 1) {
      try {
        // A worker gets the grace to finish its requests, and a little more to close its database.
        pool = await startWorkers(workers, log, { graceMs: env.shutdownGraceMs + 5000 });
      } catch (error) {
        console.error((error as Error).message);
        await Promise.all([worker?.stop(), scheduler?.stop()]);
        await db.close();
        return 1;
      }
    }
    if (!app && !pool) {
      log.info({ roles }, "running without the web role");
      await waitForSignal(async () => {
        await stopInOrder(services, log);
        await db.close();
      });
      return 0;
    }
    await app?.listen({ port: env.port, host: env.host });
    const url = env.publicUrl;
    const serving = pool ? `${pool.size} workers` : "1 process";
    console.log(`\nTandem is running at ${url}  (${db.kind === "pglite" ? `embedded database in ${env.dataDir}` : "PostgreSQL"}, ${serving}, ready in ${Date.now() - started} ms)`);
    console.log(`API docs: ${url}/api/docs`);
    if (adminCreated) console.log(`\nAdmin created: ${env.adminEmail} (the password is TANDEM_ADMIN_PASSWORD)`);
    if (demo) {
      console.log(`\nDemo workspace loaded. Sign in as:`);
      printLogins(demo.logins);
      console.log("");
    }
    await waitForSignal(async () => {
      // Graceful shutdown: the web stops accepting and finishes the requests in flight (each web
      // worker does, when there are several), within TANDEM_SHUTDOWN_GRACE; live streams end; then
      // the services stop in order; the database closes last.
      await pool?.stop();
      if (app) await closeWithin(app, env.shutdownGraceMs, log);
      await stopInOrder(services, log);
      await db.close();
    });
    return 0;
  }

  if (command === "migrate") {
    const db = await open(env);
    const applied = await migrate(db);
    console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "The database is up to date.");
    await db.close();
    return 0;
  }

  if (command === "admin" && sub === "create") {
    const { values } = parseArgs({ args: argv.slice(2), options: { email: { type: "string" }, password: { type: "string" } } });
    if (!values.email || !values.password || values.password.length < 8) {
      console.error("Usage: tandem admin create --email <e-mail> --password <at least 8 characters>");
      return 2;
    }
    const { email, password } = values;
    return withMigratedDb(env, async (db) => {
      await createAdmin(db, email, password, log);
      console.log(`Created admin ${email}.`);
    });
  }

  if (command === "demo" && sub === "load") {
    return withMigratedDb(env, async (db) => {
      const demo = await loadDemo(db, env.secret, new Date(), log);
      console.log("Demo workspace loaded. Sign in as:");
      printLogins(demo.logins);
    });
  }

  if ((command === "import" && sub === "customers") || (command === "export" && sub === "links")) {
    let code = 0;
    const opened = await withMigratedDb(env, async (db) => {
      code = command === "import" ? await importCustomersCommand(db, env.secret, log, argv.slice(2)) : await exportLinksCommand(db, argv.slice(2));
    });
    return opened || code;
  }

  console.error("Usage: tandem serve [--roles web,worker,scheduler] [--workers N] | tandem migrate | tandem admin create --email E --password P | tandem demo load | tandem import customers FILE … | tandem export links --source NAME");
  return 2;
}

/** Runs a one-off command on a migrated database; a refusal is printed and exits 1. */
async function withMigratedDb(env: Env, fn: (db: Db) => Promise<void>): Promise<number> {
  const db = await open(env);
  try {
    await migrate(db);
    await fn(db);
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  } finally {
    await db.close();
  }
}

function printLogins(logins: { role: string; email: string; password: string }[]): void {
  for (const login of logins) console.log(`  ${login.role.padEnd(14)} ${login.email}  /  ${login.password}`);
}

/** Runs `onStop` on the first SIGINT or SIGTERM; a second one ends the process at once (the default action). */
function waitForSignal(onStop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      void onStop().finally(resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
