/** The platform services in the console: the notification bell (live), the audit log, links between cases. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { api, apiLogin } from "../lib/server.js";
import { newContext, serverAndBrowser, shot, signIn } from "../lib/browser.js";
import { expectAccessible } from "../lib/axe.js";

async function english(page: Page): Promise<void> {
  await page.getByTestId("language-switch").selectOption("en");
  await page.waitForFunction(() => document.documentElement.lang === "en");
}

const count = async (page: Page) => Number(await page.getByTestId("notification-count").getAttribute("data-count"));

describe("platform services in the console", () => {
  const suite = serverAndBrowser();

  it("the bell counts a case assigned to the signed-in user as it happens, lists it, and opening it marks it read", async () => {
    const url = suite.server().url;
    const lead = await apiLogin(url, "supervisor@demo.tandem.local");
    const agent = (await api(url, await apiLogin(url, "agent@demo.tandem.local"), "GET", "/api/v1/auth/me")).user;
    const context = await newContext(suite.browser());
    const page = await context.newPage();
    await signIn(page, url, "agent@demo.tandem.local");
    await english(page);
    await page.getByTestId("live-indicator").and(page.locator('[data-state="live"]')).waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="notification-count"]')?.hasAttribute("data-count"));
    const before = await count(page);

    // The supervisor gives the agent a case they do not own: the count rises without a reload.
    const open = (await api(url, lead, "GET", `/api/v1/cases?limit=50&status=open&organizationId=${agent.organizationId}`)).items;
    const kase = open.find((c: { owner: { userId: string | null } }) => c.owner.userId !== agent.id);
    assert.ok(kase, "the demo has an open case of the agent's team that is not theirs");
    await api(url, lead, "POST", `/api/v1/cases/${kase.id}/assign`, { userId: agent.id });
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="notification-count"]')?.getAttribute("data-count")) > n, before, { timeout: 15_000 });
    assert.equal(await count(page), before + 1);

    await page.getByTestId("notification-bell").click();
    const item = page.getByTestId("notification-item").first();
    await item.waitFor();
    assert.match(await item.innerText(), new RegExp(`assigned ${kase.number} to you`));
    assert.match(await item.innerText(), /Unread/);
    await expectAccessible(page, "notification list");
    await shot(page, "console-notifications-en");
    await item.click();
    await page.waitForURL(`**/cases/${kase.id}`);
    await page.getByTestId("case-page").waitFor();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="notification-count"]')?.getAttribute("data-count")) === n, before);

    // Read-all clears the count; the e-mail preference is kept.
    if (before > 0) {
      await page.getByTestId("notification-bell").click();
      await page.getByTestId("notification-read-all").click();
      await page.waitForFunction(() => document.querySelector('[data-testid="notification-count"]')?.getAttribute("data-count") === "0");
      await page.keyboard.press("Escape");
    }
    await page.getByTestId("current-user").click();
    await page.getByTestId("menu-notification-settings").click();
    const email = page.getByTestId("notification-email");
    await email.waitFor();
    assert.equal(await email.isChecked(), false);
    await email.check();
    await page.waitForFunction(() => (document.querySelector('[data-testid="notification-email"]') as HTMLInputElement | null)?.checked === true);
    const agentToken = await apiLogin(url, "agent@demo.tandem.local");
    await waitFor(async () => (await api(url, agentToken, "GET", "/api/v1/notifications/preferences")).email === true);
    await context.close();
  });

  it("an admin reads the audit log and filters it by action", async () => {
    const url = suite.server().url;
    const admin = await apiLogin(url, "admin@demo.tandem.local");
    const name = `Audit desk ${Date.now()}`;
    const org = await api(url, admin, "POST", "/api/v1/organizations", { name, kind: "department" });
    const context = await newContext(suite.browser());
    const page = await context.newPage();
    await signIn(page, url, "admin@demo.tandem.local");
    await english(page);
    await page.goto(`${url}/admin?tab=audit`);
    const row = page.getByTestId("audit-row").filter({ hasText: org.id });
    await row.waitFor();
    assert.match(await row.innerText(), /organization\.created/);
    assert.match(await row.innerText(), new RegExp(name));

    await page.getByTestId("audit-filter-action").fill("Organization created");
    await page.getByTestId("audit-apply").click();
    await page.getByText("Actions look like user.role_changed").waitFor();
    await page.getByTestId("audit-filter-action").fill("organization.created");
    await page.getByTestId("audit-apply").click();
    await page.waitForFunction(() => {
      const rows = Array.from(document.querySelectorAll('[data-testid="audit-row"]'));
      return rows.length > 0 && rows.every((r) => r.getAttribute("data-action") === "organization.created");
    });
    await row.waitFor();
    await expectAccessible(page, "admin audit");
    await shot(page, "console-audit-en");
    await context.close();
  });

  it("an agent links two cases, sees the link from both sides, and removes it", async () => {
    const url = suite.server().url;
    const token = await apiLogin(url, "agent@demo.tandem.local");
    const [a, b] = (await api(url, token, "GET", "/api/v1/cases?limit=20&status=open")).items.filter((c: { abilities: string[]; links: unknown[] }) => c.abilities.includes("case.link") && c.links.length === 0);
    assert.ok(a && b, "two open cases the agent may link");
    const context = await newContext(suite.browser());
    const page = await context.newPage();
    await signIn(page, url, "agent@demo.tandem.local");
    await english(page);
    await page.goto(`${url}/cases/${a.id}`);
    await page.getByTestId("case-links").waitFor();
    await page.getByTestId("case-link-add").click();
    await page.getByTestId("case-link-kind").selectOption("duplicate_of");
    await page.getByTestId("case-link-case").fill(b.number);
    await page.getByTestId("case-link-case-option").filter({ hasText: b.number }).click();
    await page.getByTestId("case-link-submit").click();
    const link = page.getByTestId("case-link").filter({ hasText: b.number });
    await link.waitFor();
    assert.equal(await link.getAttribute("data-kind"), "duplicate_of");
    assert.match(await link.innerText(), /a duplicate of/);
    await shot(page, "console-case-links-en");

    await link.getByRole("link", { name: b.number }).click();
    await page.waitForURL(`**/cases/${b.id}`);
    const back = page.getByTestId("case-link").filter({ hasText: a.number });
    await back.waitFor();
    assert.equal(await back.getAttribute("data-kind"), "duplicated_by");
    await back.getByTestId("case-link-remove").click();
    await back.waitFor({ state: "detached" });
    assert.deepEqual((await api(url, token, "GET", `/api/v1/cases/${a.id}`)).links, []);
    await context.close();
  });
});

describe("keyboard: jump and shortcuts", () => {
  const suite = serverAndBrowser();

  it("Ctrl+K jumps to a case by its number, and ? lists the shortcuts", async () => {
    const url = suite.server().url;
    const token = await apiLogin(url, "agent@demo.tandem.local");
    const kase = (await api(url, token, "GET", "/api/v1/cases?limit=1&status=open")).items[0];
    const context = await newContext(suite.browser());
    const page = await context.newPage();
    await signIn(page, url, "agent@demo.tandem.local");
    await english(page);
    await page.getByTestId("inbox-row").first().waitFor();
    await page.keyboard.press("Control+k");
    await page.getByTestId("jump-input").fill(kase.number);
    await page.getByTestId("jump-case").filter({ hasText: kase.number }).waitFor();
    await expectAccessible(page, "jump");
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/cases/${kase.id}`);
    await page.getByTestId("case-page").waitFor();

    await page.locator("body").click({ position: { x: 5, y: 300 } });
    await page.keyboard.press("Shift+?");
    const help = page.getByTestId("shortcuts");
    await help.waitFor();
    assert.match(await help.innerText(), /Jump to a case or customer/);
    await page.keyboard.press("Escape");
    await help.waitFor({ state: "detached" });
    await context.close();
  });

  it("the inbox's organisation filter searches the server as you type", async () => {
    const url = suite.server().url;
    const context = await newContext(suite.browser());
    const page = await context.newPage();
    await signIn(page, url, "supervisor@demo.tandem.local");
    await page.goto(`${url}/?view=unassigned&status=open,waiting_on_customer,waiting_on_party,resolved,closed`);
    // The picker asks the server for what was typed (one short page), not for every organisation.
    const asked = page.waitForRequest((r) => r.url().includes("/api/v1/organizations") && new URL(r.url()).searchParams.get("q") === "Hotline");
    await page.getByTestId("filter-organization").fill("Hotline");
    assert.equal(Number(new URL((await asked).url()).searchParams.get("limit")), 20);
    const option = page.getByTestId("filter-organization-option").filter({ hasText: "Hotline" }).first();
    await option.waitFor();
    await option.click();
    await page.waitForURL(/[?&]org=/);
    await context.close();
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("the condition did not hold in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}
