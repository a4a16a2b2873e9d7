import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { api, apiLogin } from "../lib/server.js";
import { newContext, serverAndBrowser, shot, signIn } from "../lib/browser.js";
import { expectAccessible } from "../lib/axe.js";

describe("webhooks", () => {
  const suite = serverAndBrowser();

  it("an admin registers a webhook, copies its secret once, sees it listed, pauses it and opens its delivery log", async () => {
    const context = await newContext(suite.browser());
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await signIn(page, suite.server().url, "admin@demo.tandem.local");
    await page.getByTestId("language-switch").selectOption("en");
    await page.getByTestId("nav-admin").click();
    await page.getByTestId("admin-tab-webhooks").click();

    const url = "https://crm.example.com/tandem/hooks";
    await page.getByTestId("webhook-new").click();
    await page.getByTestId("webhook-editor").waitFor();
    await page.getByTestId("webhook-url").fill(url);
    await page.getByTestId("webhook-events").click();
    await page.getByRole("option", { name: "case.created" }).click();
    await page.keyboard.press("Escape");
    await expectAccessible(page, "webhook editor");
    await page.getByTestId("webhook-submit").click();
    await page.getByTestId("webhook-secret").waitFor();
    assert.match(await page.getByTestId("webhook-secret").innerText(), /whsec_[A-Za-z0-9_-]{32}/);
    await expectAccessible(page, "webhook secret shown once");
    await shot(page, "console-webhook-secret-en");
    await page.getByTestId("webhook-done").click();

    const row = page.locator(`[data-testid="webhook-row"][data-url="${url}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /case\.resolved, case\.created/);
    assert.match(await row.innerText(), /Active/);
    await row.getByTestId("webhook-toggle").click();
    await page.locator(`[data-testid="webhook-row"][data-url="${url}"]`, { hasText: "Paused" }).waitFor();

    await row.getByTestId("webhook-log").click();
    await page.getByTestId("webhook-deliveries").waitFor();
    await page.getByText("Nothing sent yet.").waitFor();

    const token = await apiLogin(suite.server().url, "admin@demo.tandem.local");
    const list = await api(suite.server().url, token, "GET", "/api/v1/webhooks");
    const saved = list.items.find((w: { url: string }) => w.url === url);
    assert.deepEqual({ events: saved.events, active: saved.active, pausedReason: saved.pausedReason }, { events: ["case.resolved", "case.created"], active: false, pausedReason: "owner" });
    assert.equal("secret" in saved, false);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
