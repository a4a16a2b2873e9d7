/** First start: the admin from the environment, and the demo workspace on an empty database. */
import { sql } from "kysely";
import type { Logger } from "pino";
import type { Db, Queryable } from "./platform/db.js";
import type { Env } from "./platform/env.js";
import { k } from "./platform/kysely.js";
import { hashPassword } from "./platform/passwords.js";
import { countUsers, findUserByEmail, insertUser } from "./modules/users/index.js";
import { insertOrganization, listOrganizations } from "./modules/organizations/index.js";
import { DEMO_PASSWORD, loadDemoInto, type DemoResult } from "./modules/demo/index.js";
import { audit } from "./modules/audit/index.js";
import { SYSTEM } from "./platform/actor.js";

const BOOTSTRAP_LOCK = 7_205_312;

/**
 * Several processes may start together on an empty database: under one lock, the first sets the
 * workspace up and the others find it done.
 */
export async function bootstrap(db: Db, env: Env, log: Logger): Promise<{ demo: DemoResult | null; adminCreated: boolean }> {
  if ((await countUsers(db)) > 0) return { demo: null, adminCreated: false };
  const wantAdmin = Boolean(env.adminEmail && env.adminPassword);
  const [adminHash, demoHash] = await Promise.all([wantAdmin ? hashPassword(env.adminPassword!) : null, env.demo ? hashPassword(DEMO_PASSWORD) : null]);
  const result = await db.transaction(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`.execute(k(tx));
    if ((await countUsers(tx)) > 0) return { demo: null, adminCreated: false };
    if (adminHash) await createAdminIn(tx, env.adminEmail!, adminHash, log);
    const demo = demoHash ? await loadDemoInto(tx, { secret: env.secret, hash: demoHash, now: new Date(), log }) : null;
    return { demo, adminCreated: Boolean(adminHash) };
  });
  if (result.adminCreated) log.info({ email: env.adminEmail }, "created the admin from TANDEM_ADMIN_EMAIL");
  return result;
}

export async function createAdmin(db: Db, email: string, password: string, log: Logger): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction((tx) => createAdminIn(tx, email, passwordHash, log));
}

/** Creates an admin from the command line or the environment: the system acts, and the audit log says so. */
async function createAdminIn(tx: Queryable, email: string, passwordHash: string, log: Logger): Promise<void> {
  if (await findUserByEmail(tx, email)) throw new Error(`A user with the e-mail ${email} already exists.`);
  const org = (await listOrganizations(tx, { limit: 1, kind: "department" })).items[0] ?? (await insertOrganization(tx, { name: "Administration", kind: "department" }, new Date()));
  const admin = await insertUser(tx, { email, name: "Administrator", role: "admin", organizationId: org.id, passwordHash });
  await audit({ tx, actor: SYSTEM, now: new Date(), log }, { action: "user.created", subject: { type: "user", id: admin.id }, after: { email: admin.email, name: admin.name, role: admin.role, organizationId: org.id }, organizationId: org.id });
}
