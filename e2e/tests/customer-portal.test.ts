import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { api, apiLogin, startServer, type RunningServer } from "../lib/server.js";
import { cspViolations, launch, newContext, shot } from "../lib/browser.js";

describe("the customer's page", () => {
  let server: RunningServer;
  let browser: Browser;
  let agentToken: string;

  before(async () => {
    server = await startServer();
    browser = await launch();
    agentToken = await apiLogin(server.url, "agent@demo.tandem.local");
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    // No page broke a rule of the server's Content-Security-Policy.
    assert.deepEqual(cspViolations, []);
  });

  async function linkForNewCase(locale: "en" | "zh-CN") {
    const customer = await api(server.url, agentToken, "POST", "/api/v1/customers", {
      name: locale === "en" ? "Grace Miller" : "孙悦",
      identities: [{ kind: "phone", value: `137${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}` }],
      locale,
    });
    const kase = await api(server.url, agentToken, "POST", "/api/v1/cases", { customerId: customer.id, kind: "incident", subject: locale === "en" ? "No picture on channel 5" : "5频道没有画面", channel: "phone" });
    const me = await api(server.url, agentToken, "GET", "/api/v1/auth/me");
    await api(server.url, agentToken, "POST", `/api/v1/cases/${kase.id}/assign`, { userId: me.user.id });
    await api(server.url, agentToken, "PATCH", `/api/v1/cases/${kase.id}`, { nextStep: locale === "en" ? "We are checking the signal in your street." : "我们正在检测您所在街道的信号。" });
    await api(server.url, agentToken, "POST", `/api/v1/cases/${kase.id}/messages`, { visibility: "public", body: locale === "en" ? "We are on it." : "我们正在处理。" });
    const link = await api(server.url, agentToken, "POST", `/api/v1/cases/${kase.id}/customer-link`, {});
    return { kase, link };
  }

  it("shows the status, owner and next step on a phone, takes a message, and 'I solved it myself' resolves the case", async () => {
    const { kase, link } = await linkForNewCase("en");
    const context = await newContext(browser, { mobile: true });
    const page = await context.newPage();
    const script = page.waitForResponse((r) => /\/portal\/assets\/index-.*\.js$/.test(r.url()));
    await page.goto(link.url);
    await page.getByTestId("status").waitFor();
    assert.equal((await (await script).allHeaders())["content-encoding"], "br", "the page's JavaScript travels compressed");
    assert.equal(await page.getByTestId("status").getAttribute("data-status"), "open");
    assert.match(await page.getByTestId("owner").innerText(), /agent|Li|李娜/);
    assert.match(await page.getByTestId("next-step").innerText(), /checking the signal/);
    assert.equal(new URL(page.url()).hash, "", "the token is removed from the address bar");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no horizontal scrolling at 360 px (page is ${width} px wide)`);
    await shot(page, "portal-en");

    await page.getByTestId("message-box").fill("Channel 5 is still black after a restart.");
    await page.getByTestId("send-button").click();
    await page.getByTestId("message").filter({ hasText: "still black" }).waitFor();

    await page.getByTestId("solved-button").click();
    await page.getByTestId("confirm-button").click();
    await page.getByTestId("resolved-notice").waitFor();
    assert.equal(await page.getByTestId("status").getAttribute("data-status"), "resolved");
    await shot(page, "portal-en-resolved");

    const after = await api(server.url, agentToken, "GET", `/api/v1/cases/${kase.id}`);
    assert.equal(after.status, "resolved");
    assert.equal(after.resolvedBy, "customer");
    await context.close();
  });

  it("follows the case live: an agent's public reply appears without a reload, an internal note never", async () => {
    const { kase, link } = await linkForNewCase("en");
    const context = await newContext(browser, { mobile: true });
    const page = await context.newPage();
    await page.goto(link.url);
    await page.locator('[data-testid="freshness"][data-live="live"]').waitFor({ timeout: 10_000 });
    await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));

    await api(server.url, agentToken, "POST", `/api/v1/cases/${kase.id}/messages`, { visibility: "internal", body: "Internal: street cabinet 12 is down." });
    const started = performance.now();
    await api(server.url, agentToken, "POST", `/api/v1/cases/${kase.id}/messages`, { visibility: "public", body: "An engineer comes tomorrow between 9 and 12." });
    const answered = performance.now();
    await page.getByTestId("message").filter({ hasText: "engineer comes tomorrow" }).waitFor({ timeout: 5_000 });
    const shown = performance.now();
    console.log(`live reply on the customer's page: ${Math.round(shown - started)} ms after it was sent (the API answered in ${Math.round(answered - started)} ms)`);

    assert.equal(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage), true, "the page was not reloaded");
    assert.equal(await page.getByText("street cabinet").count(), 0, "internal notes stay internal");
    await context.close();
  });

  it("speaks the customer's language, with a switch", async () => {
    const { link } = await linkForNewCase("zh-CN");
    const context = await newContext(browser, { mobile: true, locale: "en-US" });
    const page = await context.newPage();
    await page.goto(link.url);
    await page.getByTestId("status").waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), "zh-CN");
    assert.match(await page.getByTestId("solved-button").innerText(), /[\u4e00-\u9fff]/);
    await shot(page, "portal-zh");
    await page.getByTestId("language-switch").click();
    await page.waitForFunction(() => document.documentElement.lang === "en");
    assert.doesNotMatch(await page.getByTestId("solved-button").innerText(), /[\u4e00-\u9fff]/);
    await context.close();
  });

  it("explains a withdrawn link in words", async () => {
    const { link } = await linkForNewCase("en");
    await api(server.url, agentToken, "POST", `/api/v1/customer-links/${link.id}/revoke`);
    const context = await newContext(browser, { mobile: true });
    const page = await context.newPage();
    await page.goto(link.url);
    await page.getByTestId("error-screen").waitFor();
    assert.equal(await page.getByTestId("error-screen").getAttribute("data-problem"), "link_revoked");
    assert.doesNotMatch(await page.getByTestId("error-screen").innerText(), /link_revoked/);
    await context.close();
  });
});
