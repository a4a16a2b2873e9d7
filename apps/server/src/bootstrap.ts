/** First start: the admin from the environment, and the demo workspace on an empty database. */
import type { Logger } from "pino";
import type { Db } from "./platform/db.js";
import type { Env } from "./platform/env.js";
import { hashPassword } from "./platform/passwords.js";
import { countUsers, findUserByEmail, insertUser } from "./modules/users/index.js";
import { insertOrganization, listOrganizations } from "./modules/organizations/index.js";
import { loadDemo, type DemoResult } from "./modules/demo/index.js";

export async function bootstrap(db: Db, env: Env, log: Logger): Promise<{ demo: DemoResult | null; adminCreated: boolean }> {
  const empty = (await countUsers(db)) === 0;
  let adminCreated = false;
  if (empty && env.adminEmail && env.adminPassword) {
    await createAdmin(db, env.adminEmail, env.adminPassword);
    adminCreated = true;
    log.info({ email: env.adminEmail }, "created the admin from TANDEM_ADMIN_EMAIL");
  }
  let demo: DemoResult | null = null;
  if (empty && env.demo) demo = await loadDemo(db, env.secret);
  return { demo, adminCreated };
}

export async function createAdmin(db: Db, email: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    if (await findUserByEmail(tx, email)) throw new Error(`A user with the e-mail ${email} already exists.`);
    const orgs = await listOrganizations(tx);
    const org = orgs.find((o) => o.kind === "department") ?? (await insertOrganization(tx, { name: "Administration", kind: "department" }));
    await insertUser(tx, { email, name: "Administrator", role: "admin", organizationId: org.id, passwordHash });
  });
}
