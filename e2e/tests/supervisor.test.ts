import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Route } from "playwright-core";
import { api, apiLogin } from "../lib/server.js";
import { newContext, serverAndBrowser, shot, signIn } from "../lib/browser.js";
import { expectAccessible } from "../lib/axe.js";

describe("the supervisor's home and the pickers", () => {
  const suite = serverAndBrowser();

  it("a supervisor lands on their home: counts, charts per owner and organisation, the oldest cases; it follows changes live", async () => {
    const context = await newContext(suite.browser());
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await signIn(page, suite.server().url, "supervisor@demo.tandem.local");
    await page.getByTestId("supervisor-home").waitFor();
    assert.equal(new URL(page.url()).pathname, "/supervisor");
    const token = await apiLogin(suite.server().url, "supervisor@demo.tandem.local");
    const figures = await api(suite.server().url, token, "GET", "/api/v1/dashboard/supervisor");
    assert.ok(figures.open > 0, "the demo has open cases");
    assert.equal(await page.getByTestId("supervisor-open").innerText(), String(figures.open));
    assert.equal(await page.getByTestId("supervisor-unassigned").innerText(), String(figures.unassigned));
    assert.equal(await page.getByTestId("supervisor-waiting-party").innerText(), String(figures.waitingOnParty));
    await page.locator('[data-testid="supervisor-chart-owner"] svg').waitFor();
    await page.locator('[data-testid="supervisor-chart-organization"] svg').waitFor();
    const oldest = await page.locator('[data-testid="supervisor-oldest"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-case-number")));
    assert.deepEqual(oldest, figures.oldestOpen.map((c: { number: string }) => c.number));
    await expectAccessible(page, "supervisor home");
    await shot(page, "console-supervisor-en");

    // A new unassigned case elsewhere: the count goes up without a reload.
    await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor();
    const agent = await apiLogin(suite.server().url, "agent@demo.tandem.local");
    const orgs = await api(suite.server().url, agent, "GET", "/api/v1/organizations?q=Billing");
    const customer = await api(suite.server().url, agent, "POST", "/api/v1/customers", { name: "Live Dashboard", identities: [{ kind: "phone", value: `136${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}` }] });
    await api(suite.server().url, agent, "POST", "/api/v1/cases", { customerId: customer.id, kind: "request", subject: "For the billing desk", channel: "phone", organizationId: orgs.items[0].id });
    await page.waitForFunction((n) => document.querySelector('[data-testid="supervisor-unassigned"]')?.textContent === String(n), figures.unassigned + 1);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("agents have no supervisor's home", async () => {
    const context = await newContext(suite.browser());
    const page = await context.newPage();
    await signIn(page, suite.server().url, "agent@demo.tandem.local");
    assert.equal(await page.getByTestId("nav-supervisor").count(), 0);
    assert.equal(new URL(page.url()).pathname, "/");
    await context.close();
  });

  it("the user picker searches the server as you type, among 5,000 users, and assigns the one chosen", async () => {
    const context = await newContext(suite.browser());
    const page = await context.newPage();
    // 5,000 users behind GET /api/v1/users: the picker must ask for matches, never for the list.
    const admin = await apiLogin(suite.server().url, "admin@demo.tandem.local");
    const real = (await api(suite.server().url, admin, "GET", "/api/v1/users?q=Wu%20Jing")).items[0];
    const many = Array.from({ length: 5000 }, (_, i) => ({ ...real, id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, name: `Agent ${String(i).padStart(4, "0")}`, email: `agent${i}@many.local` }));
    const asked: URL[] = [];
    await page.route((url) => url.pathname === "/api/v1/users", async (route: Route) => {
      const url = new URL(route.request().url());
      asked.push(url);
      const q = (url.searchParams.get("q") ?? "").toLowerCase();
      const limit = Number(url.searchParams.get("limit") ?? 50);
      const items = [...many, real].filter((u) => !q || u.name.toLowerCase().includes(q) || u.email.includes(q)).slice(0, limit);
      await route.fulfill({ json: { items, nextCursor: null } });
    });
    await signIn(page, suite.server().url, "admin@demo.tandem.local");
    const kase = (await api(suite.server().url, admin, "GET", "/api/v1/cases?ownerId=none&status=open&limit=1")).items[0];
    await page.goto(`${suite.server().url}/cases/${kase.id}`);
    await page.getByTestId("assign-button").click();
    await page.getByTestId("assign-modal").waitFor();
    await page.getByTestId("assign-submit").click();
    await page.getByText(/Type and choose one from the list|请输入并从列表中选择/).waitFor();
    const searchedFor = page.waitForRequest((r) => new URL(r.url()).pathname === "/api/v1/users" && new URL(r.url()).searchParams.get("q") === "Wu Ji");
    await page.getByTestId("assign-user").pressSequentially("Wu Ji");
    await searchedFor;
    await page.getByTestId("assign-user-option").filter({ hasText: real.name }).waitFor();
    const searched = asked.filter((u) => u.searchParams.get("q"));
    assert.ok(searched.length > 0, `the picker asked the server (asked: ${asked.map((u) => u.search).join(" ")})`);
    assert.ok(asked.every((u) => Number(u.searchParams.get("limit")) <= 50), `every request asks for one short page (${asked.map((u) => u.search).join(" ")})`);
    assert.equal(searched.at(-1)!.searchParams.get("q"), "Wu Ji");
    assert.ok((await page.getByTestId("assign-user-option").count()) <= 50, "only a page of options is drawn");
    await expectAccessible(page, "assign dialog");
    await page.getByTestId("assign-user-option").filter({ hasText: real.name }).click();
    await page.getByTestId("assign-submit").click();
    await page.getByTestId("assign-modal").waitFor({ state: "detached" });
    await page.getByTestId("case-owner").filter({ hasText: real.name }).waitFor();
    await context.close();
  });
});
