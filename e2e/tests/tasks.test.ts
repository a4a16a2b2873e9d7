import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { api, apiLogin } from "../lib/server.js";
import { newContext, serverAndBrowser, shot, signIn } from "../lib/browser.js";
import { expectAccessible } from "../lib/axe.js";

describe("tasks across companies", () => {
  const suite = serverAndBrowser();

  it("the owner gives the box maker a task, the maker's desk does it, and resolving closes the last one with a reason", async () => {
    const url = suite.server().url;
    const agentToken = await apiLogin(url, "agent@demo.tandem.local");
    const partnerToken = await apiLogin(url, "partner@demo.tandem.local");
    const maker = (await api(url, partnerToken, "GET", "/api/v1/auth/me")).user.organizationId as string;
    const customer = await api(url, agentToken, "POST", "/api/v1/customers", { name: "Task Story", identities: [{ kind: "phone", value: "13900001234" }] });
    const kase = await api(url, agentToken, "POST", "/api/v1/cases", { customerId: customer.id, kind: "incident", subject: "Box reboots every hour", channel: "phone" });
    await api(url, agentToken, "POST", `/api/v1/cases/${kase.id}/parties`, { organizationId: maker, access: "contribute" });
    const errors: string[] = [];

    // The agent gives the maker a task from the case page.
    const agentContext = await newContext(suite.browser());
    const page = await agentContext.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    await signIn(page, url, "agent@demo.tandem.local");
    await page.getByTestId("language-switch").selectOption("en");
    await page.goto(`${url}/cases/${kase.id}`);
    await page.getByTestId("case-tasks").waitFor();
    await page.getByTestId("task-add").click();
    await page.getByTestId("task-modal").waitFor();
    assert.equal(await page.getByTestId("task-organization").inputValue(), maker, "the party is picked first");
    await page.getByTestId("task-title").fill("Swap the set-top box");
    await expectAccessible(page, "new task dialog");
    await page.getByTestId("task-submit").click();
    await page.locator('[data-testid="task"][data-status="open"]', { hasText: "Swap the set-top box" }).waitFor();
    await expectAccessible(page, "case with a task");
    await shot(page, "console-case-tasks-en");

    // The maker's desk sees it in its inbox and marks it done on the case.
    const partnerContext = await newContext(suite.browser());
    const partnerPage = await partnerContext.newPage();
    partnerPage.on("pageerror", (e) => errors.push(e.message));
    await signIn(partnerPage, url, "partner@demo.tandem.local");
    await partnerPage.getByTestId("language-switch").selectOption("en");
    await partnerPage.getByTestId("organization-task").filter({ hasText: "Swap the set-top box" }).waitFor();
    await expectAccessible(partnerPage, "partner inbox with open tasks");
    await partnerPage.getByTestId("organization-task").filter({ hasText: "Swap the set-top box" }).getByRole("link").click();
    await partnerPage.getByTestId("task-complete").click();
    await partnerPage.locator('[data-testid="task"][data-status="done"]').waitFor();
    assert.equal(await partnerPage.getByTestId("task-close").count(), 0, "only the owner closes tasks");

    // A second task stays open: resolving lists it and asks why it is closed.
    await api(url, agentToken, "POST", `/api/v1/cases/${kase.id}/tasks`, { organizationId: maker, title: "Collect the old box" });
    await page.reload();
    await page.locator('[data-testid="task"][data-status="open"]', { hasText: "Collect the old box" }).waitFor();
    await page.locator('[data-testid="task"][data-status="done"]').waitFor();
    await page.getByTestId("resolve-button").click();
    await page.getByTestId("resolve-open-tasks").waitFor();
    assert.match(await page.getByTestId("resolve-open-tasks").innerText(), /Collect the old box/);
    await page.getByTestId("resolve-text").fill("Box swapped; the customer keeps the old one");
    await page.getByTestId("resolve-close-reason").fill("The customer keeps the old box");
    await expectAccessible(page, "resolve dialog with open tasks");
    await page.getByTestId("resolve-submit").click();
    await page.locator('[data-testid="case-status"]', { hasText: "Resolved" }).waitFor();
    await page.locator('[data-testid="task"][data-status="closed"]', { hasText: "Collect the old box" }).waitFor();
    const tasks = (await api(url, agentToken, "GET", `/api/v1/cases/${kase.id}/tasks`)).items.map((x: { title: string; status: string; closedReason: string | null }) => [x.title, x.status, x.closedReason]);
    assert.deepEqual(tasks, [
      ["Swap the set-top box", "done", null],
      ["Collect the old box", "closed", "The customer keeps the old box"],
    ]);
    assert.deepEqual(errors, []);
    await agentContext.close();
    await partnerContext.close();
  });
});
