import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { api, apiLogin } from "../lib/server.js";
import { newContext, serverAndBrowser, shot, signIn } from "../lib/browser.js";
import { expectAccessible } from "../lib/axe.js";

interface Remedy {
  id: string;
  status: string;
  settlement: string | null;
  decisionReason: string | null;
}

describe("remedies in the console", () => {
  const suite = serverAndBrowser();

  it("the first agent settles a company-fault loss before any charge; a larger one waits for a supervisor, who approves it with a reason", async () => {
    const url = suite.server().url;
    const agent = await apiLogin(url, "agent@demo.tandem.local");
    const customer = await api(url, agent, "POST", "/api/v1/customers", { name: "Remedy Walkthrough", identities: [{ kind: "phone", value: `137${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}` }] });
    const kase = await api(url, agent, "POST", "/api/v1/cases", { customerId: customer.id, kind: "complaint", subject: "Confirmed fare withdrawn", channel: "phone" });

    const context = await newContext(suite.browser());
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await signIn(page, url, "agent@demo.tandem.local");
    await page.getByTestId("language-switch").selectOption("en");
    await page.goto(`${url}/cases/${kase.id}`);
    await page.getByTestId("remedies").waitFor();

    // The whole difference, before the customer is charged: the agent's own authority, settled by adjusting the price.
    await page.getByTestId("remedy-offer").click();
    await page.getByTestId("remedy-modal").waitFor();
    await page.getByTestId("remedy-reason").selectOption("fare_withdrawn_after_confirmation");
    await page.getByTestId("remedy-kind").selectOption("price_adjustment");
    await page.getByTestId("remedy-value").fill("710");
    await page.getByTestId("remedy-loss").fill("710");
    await page.getByTestId("remedy-fault").selectOption("company");
    await page.getByTestId("remedy-charge").selectOption("not_charged");
    // The decision and its explanation are shown before the agent confirms.
    await page.getByTestId("remedy-explanation").waitFor();
    assert.match(await page.getByTestId("remedy-preview").innerText(), /Granted/);
    assert.equal((await api<{ items: Remedy[] }>(url, agent, "GET", `/api/v1/cases/${kase.id}/remedies`)).items.length, 0, "a preview records nothing");
    await expectAccessible(page, "remedy dialog with its decision");
    await shot(page, "console-remedy-preview-en");
    await page.getByTestId("remedy-submit").click();
    await page.getByTestId("remedy-modal").waitFor({ state: "detached" });
    await page.locator('[data-testid="remedy-item"]', { hasText: "Granted" }).waitFor();
    const first = (await api<{ items: Remedy[] }>(url, agent, "GET", `/api/v1/cases/${kase.id}/remedies`)).items;
    assert.deepEqual(first.map((r) => [r.status, r.settlement]), [["granted", "adjust_before_charge"]]);

    // Beyond the agent's authority (¥1,000): it waits for a supervisor.
    await page.getByTestId("remedy-offer").click();
    await page.getByTestId("remedy-reason").selectOption("fare_withdrawn_after_confirmation");
    await page.getByTestId("remedy-kind").selectOption("refund");
    await page.getByTestId("remedy-value").fill("1500");
    await page.getByTestId("remedy-loss").fill("1500");
    await page.getByTestId("remedy-fault").selectOption("company");
    await page.getByTestId("remedy-charge").selectOption("charged");
    await page.locator('[data-testid="remedy-preview"]', { hasText: "Waiting for approval" }).waitFor();
    await page.getByTestId("remedy-submit").click();
    await page.locator('[data-testid="remedy-item"]', { hasText: "Waiting for approval" }).waitFor();
    const pending = (await api<{ items: Remedy[] }>(url, agent, "GET", `/api/v1/cases/${kase.id}/remedies`)).items.find((r) => r.status === "pending_approval");
    assert.ok(pending, "the larger remedy waits for approval");
    assert.equal(await page.getByTestId("nav-approvals").count(), 0, "agents have no approvals queue");
    await context.close();

    // The supervisor's queue: approving needs a written reason.
    const boss = await newContext(suite.browser());
    const sup = await boss.newPage();
    sup.on("pageerror", (e) => errors.push(e.message));
    await signIn(sup, url, "supervisor@demo.tandem.local");
    await sup.getByTestId("language-switch").selectOption("en");
    await sup.getByTestId("nav-approvals").click();
    await sup.getByTestId("approvals-page").waitFor();
    const item = sup.locator('[data-testid="approval-item"]', { has: sup.locator(`a[href="/cases/${kase.id}"]`) });
    await item.waitFor();
    await expectAccessible(sup, "approvals queue");
    await shot(sup, "console-approvals-en");
    await item.getByTestId("approval-approve").click();
    await sup.getByTestId("decide-reason").fill("Company fault, the customer was charged: refund in full.");
    await sup.getByTestId("decide-submit").click();
    await item.waitFor({ state: "detached" });
    const decided = (await api<{ items: Remedy[] }>(url, agent, "GET", `/api/v1/cases/${kase.id}/remedies`)).items.find((r) => r.id === pending.id);
    assert.deepEqual([decided?.status, decided?.decisionReason], ["granted", "Company fault, the customer was charged: refund in full."]);
    assert.deepEqual(errors, []);
    await boss.close();
  });
});
