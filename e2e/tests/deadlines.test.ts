/** Deadlines in the console: the admin's SLA policy editor, and the supervisor's breach figures, at a desk's width and a phone's, axe clean. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { api, apiLogin } from "../lib/server.js";
import { newContext, serverAndBrowser, shot, signIn } from "../lib/browser.js";
import { expectAccessible } from "../lib/axe.js";

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

interface Policy { id: string; name: string; position: number; firstResponse: string | null; nextUpdate: string | null; resolution: string | null; warnBefore: string; calendarId: string | null; pauseWhileWaitingOnCustomer: boolean; proactiveUpdates: string; appliesTo: Record<string, string | null>; escalation: { warn: string[]; breach: string[]; adminsAfter: string | null } }

describe("deadlines in the console", () => {
  const suite = serverAndBrowser();

  it("an admin adds SLA policies with targets in words, puts one first, and sees the server's objection at its field (1366 px)", async () => {
    const url = suite.server().url;
    const token = await apiLogin(url, "admin@demo.tandem.local");
    const calendar = (await api(url, token, "GET", "/api/v1/calendars?q=Hotline")).items[0];
    const context = await newContext(suite.browser());
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await signIn(page, url, "admin@demo.tandem.local");
    await page.getByTestId("language-switch").selectOption("en");
    await page.goto(`${url}/admin?tab=sla`);
    await page.locator('[data-testid="sla-row"][data-name="Default"]').waitFor();

    const add = async (name: string, fill: () => Promise<void>) => {
      await page.getByTestId("sla-new").click();
      await page.getByTestId("sla-editor").waitFor();
      await page.getByTestId("sla-name").fill(name);
      await fill();
      await page.getByTestId("sla-submit").click();
      await page.getByTestId("sla-editor").waitFor({ state: "detached" });
      await page.locator(`[data-testid="sla-row"][data-name="${name}"]`).waitFor();
    };
    await add("Urgent complaints", async () => {
      await page.getByTestId("sla-kind").selectOption("complaint");
      await page.getByTestId("sla-priority").selectOption("urgent");
      await page.getByTestId("sla-first-response-amount").fill("15");
      await page.getByTestId("sla-first-response-unit").selectOption("minutes");
      await page.getByTestId("sla-next-update-amount").fill("4");
      await page.getByTestId("sla-next-update-unit").selectOption("hours");
      await page.getByTestId("sla-resolution-amount").fill("2");
      await page.getByTestId("sla-warn-before-amount").fill("5");
      await page.getByTestId("sla-calendar").selectOption(calendar.id);
      await page.getByTestId("sla-pause").uncheck();
      await page.getByTestId("sla-proactive").selectOption("notify_owner_first");
      await page.getByTestId("sla-breach").getByLabel("Admins").check();
      await page.getByTestId("sla-admins-after-amount").fill("");
      // Said next to the field, not sent: a warning lead that is not a whole number.
      await page.getByTestId("sla-warn-before-amount").fill("2.5");
      await page.getByTestId("sla-submit").click();
      await page.getByText("Enter a whole number greater than 0.").waitFor();
      await page.getByTestId("sla-warn-before-amount").fill("5");
      await expectAccessible(page, "SLA policy editor");
      await shot(page, "console-sla-editor-en");
    });
    const row = page.locator('[data-testid="sla-row"][data-name="Urgent complaints"]');
    const text = await row.innerText();
    for (const words of ["First response: 15 min", "Next update: 4 h", "Resolution: 2 days", "5 min", "Hotline Shanghai", "Complaint · Urgent"]) assert.ok(text.includes(words), `the row says ${words}: ${text}`);

    const found = ((await api(url, token, "GET", "/api/v1/sla-policies")).items as (Policy & Record<string, unknown>)[]).find((p) => p.name === "Urgent complaints")!;
    const saved = { id: found.id, name: found.name, position: found.position, appliesTo: found.appliesTo, firstResponse: found.firstResponse, nextUpdate: found.nextUpdate, resolution: found.resolution, warnBefore: found.warnBefore, calendarId: found.calendarId, pauseWhileWaitingOnCustomer: found.pauseWhileWaitingOnCustomer, proactiveUpdates: found.proactiveUpdates, escalation: found.escalation };
    const { id: _id, name: _name, position: _position, ...stored } = saved;
    assert.deepEqual(stored, {
      appliesTo: { kind: "complaint", priority: "urgent", category: null },
      firstResponse: "PT15M",
      nextUpdate: "PT4H",
      resolution: "P2D",
      warnBefore: "PT5M",
      calendarId: calendar.id,
      pauseWhileWaitingOnCustomer: false,
      proactiveUpdates: "notify_owner_first",
      escalation: { warn: ["owner"], breach: ["owner", "supervisors", "admins"], adminsAfter: null },
    });

    // A second policy lands below the first; moved up, it is tried first.
    await add("VIP billing", async () => {
      await page.getByTestId("sla-category").fill("vip");
      await page.getByTestId("sla-first-response-amount").fill("30");
      await page.getByTestId("sla-first-response-unit").selectOption("minutes");
    });
    // The demo's own policies come first; ours are added after them, before the default.
    const ours = (names: (string | null)[]) => names.filter((n) => n === "Urgent complaints" || n === "VIP billing" || n === "Default");
    const order = async () => ours(await page.locator('[data-testid="sla-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-name"))));
    assert.deepEqual(await order(), ["Urgent complaints", "VIP billing", "Default"]);
    await page.locator('[data-testid="sla-row"][data-name="VIP billing"]').getByTestId("sla-move-up").click();
    await page.waitForFunction(() => {
      const names = Array.from(document.querySelectorAll('[data-testid="sla-row"]'), (r) => r.getAttribute("data-name"));
      return names.indexOf("VIP billing") < names.indexOf("Urgent complaints");
    });
    assert.deepEqual(await order(), ["VIP billing", "Urgent complaints", "Default"]);
    const names = ((await api(url, token, "GET", "/api/v1/sla-policies")).items as Policy[]).map((p) => p.name);
    assert.deepEqual(ours(names), ["VIP billing", "Urgent complaints", "Default"]);
    assert.equal(names.at(-1), "Default", "the default policy stays last");

    // The editor opens with what is stored; the server's objection (here a refused change) shows at its field.
    await row.getByTestId("sla-edit").click();
    await page.getByTestId("sla-editor").waitFor();
    assert.equal(await page.getByTestId("sla-first-response-amount").inputValue(), "15");
    assert.equal(await page.getByTestId("sla-first-response-unit").inputValue(), "minutes");
    await page.route(`**/api/v1/sla-policies/${saved.id}`, (route) =>
      route.fulfill({ status: 400, contentType: "application/json", body: JSON.stringify({ error: { code: "validation_failed", message: "The request is not valid.", details: [{ path: "body.calendarId", message: "unknown calendar" }] } }) }),
    );
    await page.getByTestId("sla-submit").click();
    await page.getByText("Check this: unknown calendar").waitFor();
    assert.equal(await page.getByTestId("sla-editor").getByTestId("error").count(), 0, "a field's error is at the field, not in the form's alert");
    await page.unroute(`**/api/v1/sla-policies/${saved.id}`);
    await page.getByTestId("sla-next-update-amount").fill("");
    await page.getByTestId("sla-submit").click();
    await page.getByTestId("sla-editor").waitFor({ state: "detached" });
    await page.locator('[data-testid="sla-row"][data-name="Urgent complaints"]', { hasText: "Next update: No target" }).waitFor();
    await expectAccessible(page, "SLA policies");
    await shot(page, "console-sla-policies-en");
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("the SLA policies and their editor fit a phone (390 px, Chinese), axe clean", async () => {
    const url = suite.server().url;
    const context = await newContext(suite.browser(), { width: 390, locale: "zh-CN" });
    const page = await context.newPage();
    await signIn(page, url, "admin@demo.tandem.local");
    await page.getByTestId("language-switch").selectOption("zh-CN");
    await page.goto(`${url}/admin?tab=sla`);
    await page.locator('[data-testid="sla-row"]').first().waitFor();
    assert.match(await page.locator('[data-testid="sla-row"][data-name="Default"]').innerText(), /1 小时/);
    await expectAccessible(page, "SLA policies at 390 px");
    await page.getByTestId("sla-new").click();
    await page.getByTestId("sla-editor").waitFor();
    assert.equal(await overflow(page), 0, "the editor scrolls sideways at 390 px");
    await expectAccessible(page, "SLA policy editor at 390 px");
    await shot(page, "console-sla-editor-390-zh-CN");
    await context.close();
  });

  for (const [width, locale] of [
    [1366, "en"],
    [390, "zh-CN"],
  ] as const) {
    it(`the supervisor's home shows the deadline figures and the cases at risk, and follows them live (${width} px, ${locale})`, async () => {
      const url = suite.server().url;
      const token = await apiLogin(url, "supervisor@demo.tandem.local");
      const context = await newContext(suite.browser(), { width, locale: locale === "en" ? "en-US" : "zh-CN" });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await signIn(page, url, "supervisor@demo.tandem.local");
      await page.getByTestId("language-switch").selectOption(locale);
      await page.waitForFunction((l) => document.documentElement.lang === l, locale);
      await page.getByTestId("supervisor-deadlines").waitFor();
      const d = (await api(url, token, "GET", "/api/v1/dashboard/supervisor")).deadlines;
      assert.ok(d.atRisk > 0 && d.breachesLast7Days > 0, `the demo has deadlines at risk and missed: ${JSON.stringify(d)}`);
      assert.equal(await page.getByTestId("supervisor-at-risk").innerText(), String(d.atRisk));
      assert.equal(await page.getByTestId("supervisor-breached").innerText(), String(d.breachedOpen));
      assert.equal(await page.getByTestId("supervisor-warned").innerText(), String(d.warnedOpen));
      const chart = page.getByTestId("supervisor-chart-deadlines");
      await chart.locator("svg").waitFor();
      const label = (await chart.getAttribute("aria-label")) ?? "";
      assert.ok(label.includes(String(d.breachesLast7Days)) && label.includes(String(d.metLateLast7Days)), `the chart names its figures: ${label}`);
      const atRisk = (await api(url, token, "GET", "/api/v1/cases?atRisk=true&limit=10")).items as { id: string; number: string }[];
      const listed = page.locator('[data-testid="supervisor-at-risk-list"] tbody tr');
      await listed.first().waitFor();
      assert.deepEqual((await listed.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-case-number")))).sort(), atRisk.map((c) => c.number).sort());
      assert.equal(await overflow(page), 0, `the home scrolls sideways at ${width} px`);
      await page.getByTestId("supervisor-deadlines").scrollIntoViewIfNeeded();
      await expectAccessible(page, `supervisor home's deadlines at ${width} px`);
      await shot(page, `console-supervisor-deadlines-${width}-${locale}`);

      // The at-risk figure leads to the inbox's At risk view with the same cases.
      await page.getByTestId("supervisor-at-risk").click();
      await page.getByTestId("inbox-row").first().waitFor();
      assert.equal(new URL(page.url()).searchParams.get("view"), "atRisk");
      assert.equal(await page.getByTestId("inbox-row").count(), Math.min(atRisk.length, 50));

      // Resolving a case at risk takes it off the figures, live.
      await page.goBack();
      await page.getByTestId("supervisor-deadlines").waitFor();
      await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor();
      const agent = await apiLogin(url, "admin@demo.tandem.local");
      await api(url, agent, "POST", `/api/v1/cases/${atRisk[0]!.id}/resolve`, { resolution: "Sorted while the supervisor watched." });
      await page.waitForFunction((n) => document.querySelector('[data-testid="supervisor-at-risk"]')?.textContent === String(n), d.atRisk - 1);
      await page.locator(`[data-testid="supervisor-at-risk-list"] tbody tr[data-case-number="${atRisk[0]!.number}"]`).waitFor({ state: "detached" });
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
});
