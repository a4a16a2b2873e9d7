/**
 * The demo workspace's stories are history told to made-up customers: loading it leaves no
 * delivery to send, even where a mail server is configured.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLogger } from "../src/platform/logger.js";
import { loadDemo } from "../src/modules/demo/index.js";
import { createTestApp, TEST_SECRET, type TestApp } from "./helper.js";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ ownDatabase: true, env: { SMTP_URL: "smtp://127.0.0.1:1", TANDEM_MAIL_FROM: "demo@tandem.test" } });
});
afterAll(() => t.close());

it("loads public messages and a complaint's acknowledgement, and nothing waits to be sent", async () => {
  await loadDemo(t.db, TEST_SECRET, new Date(), createLogger("silent"));
  const [messages] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM case_events WHERE type = 'message.added' AND data->>'visibility' = 'public' AND actor_type <> 'customer'");
  expect(messages!.n).toBeGreaterThan(3);
  const [acks] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM case_events WHERE type = 'message.added' AND actor_type = 'system'");
  expect(acks!.n).toBe(2);
  expect(await t.db.query("SELECT id FROM message_deliveries WHERE status = 'pending'")).toEqual([]);
  expect(await t.db.query("SELECT id FROM due_work WHERE kind = 'delivery.send'")).toEqual([]);
});
