import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { api, apiLogin, startServer, type RunningServer } from "../lib/server.js";
import { cspViolations, launch, newContext, shot, signIn } from "../lib/browser.js";

const CJK = /[\u4e00-\u9fff]/;

async function setLanguage(page: Page, locale: "en" | "zh-CN"): Promise<void> {
  await page.getByTestId("language-switch").selectOption(locale);
  await page.waitForFunction((l) => document.documentElement.lang === l, locale);
}

describe("the agent console", () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    server = await startServer();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    // No page broke a rule of the server's Content-Security-Policy.
    assert.deepEqual(cspViolations, []);
  });

  it("an agent finds the customer by phone, opens the case, writes an internal note and a public reply, and resolves it", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));

    await page.goto(server.url);
    await page.getByTestId("login-form").waitFor();
    await setLanguage(page, "en");
    await shot(page, "console-login-en");
    await signIn(page, server.url, "agent@demo.tandem.local");
    await setLanguage(page, "en");
    await page.getByTestId("inbox-row").first().waitFor();
    await shot(page, "console-inbox-en");

    // The customer phoned from 139 0710 2233; the agent types it as they heard it.
    await page.getByTestId("search-box").fill("139-0710-2233");
    const result = page.getByTestId("search-result-customer").first();
    await result.waitFor();
    assert.match(await result.innerText(), /王建国/);
    await result.click();
    await page.getByTestId("customer-360").waitFor();
    await page.getByTestId("customer-timeline-entry").first().waitFor();
    const channels = await page.getByTestId("customer-timeline-entry").evaluateAll((els) => els.map((e) => e.getAttribute("data-channel")).filter(Boolean));
    assert.ok(channels.includes("phone") && channels.includes("chat"), `the customer's history shows the call and the chat (saw ${channels.join(", ")})`);
    await shot(page, "console-customer-en");

    // Open the set-top box case from the customer's history.
    await page.getByText("TD-1001").first().click();
    await page.getByTestId("case-page").waitFor();
    assert.equal(await page.getByTestId("case-number").innerText(), "TD-1001");

    await page.getByTestId("visibility-internal").check();
    await page.getByTestId("reply-box").fill("Checked with Dingxin: a re-pair fixes it, no visit needed.");
    await page.getByTestId("reply-send").click();
    await page.locator('[data-testid="timeline-entry"][data-visibility="internal"]', { hasText: "a re-pair fixes it" }).waitFor();

    await page.getByTestId("visibility-public").check();
    await page.getByTestId("reply-box").fill("Mr Wang, please hold the Setup key for 5 seconds, then press OK.");
    await page.getByTestId("reply-send").click();
    await page.locator('[data-testid="timeline-entry"][data-visibility="public"]', { hasText: "hold the Setup key" }).waitFor();
    await shot(page, "console-case-en");

    await page.getByTestId("resolve-button").click();
    await page.getByTestId("resolve-text").fill("Remote re-paired by phone guidance.");
    await page.getByTestId("resolve-submit").click();
    await page.locator('[data-testid="case-status"][data-status="resolved"]').waitFor();

    // What the browser did is what the server holds: one internal note, one public reply, resolved.
    const token = await apiLogin(server.url, "supervisor@demo.tandem.local");
    const cases = await api(server.url, token, "GET", "/api/v1/cases?q=TD-1001");
    const kase = cases.items[0];
    assert.equal(kase.status, "resolved");
    assert.equal(kase.resolution, "Remote re-paired by phone guidance.");
    const events = await api(server.url, token, "GET", `/api/v1/cases/${kase.id}/events?limit=200`);
    const mine = events.items.filter((e: { type: string; actor: { name: string } }) => e.type === "message.added" && e.actor.name === "李娜 Li Na");
    assert.deepEqual(
      mine.map((e: { data: { visibility: string } }) => e.data.visibility).slice(-2),
      ["internal", "public"],
    );
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("a partner agent sees only the cases shared with their organisation", async () => {
    const partnerToken = await apiLogin(server.url, "partner@demo.tandem.local");
    const supervisorToken = await apiLogin(server.url, "supervisor@demo.tandem.local");
    const shared = (await api(server.url, partnerToken, "GET", "/api/v1/cases?limit=200")).items.map((c: { number: string }) => c.number).sort();
    const all = (await api(server.url, supervisorToken, "GET", "/api/v1/cases?limit=200")).items as { id: string; number: string }[];
    const notShared = all.filter((c) => !shared.includes(c.number));
    // The inbox shows the cases that need work unless asked for resolved and closed ones.
    const sharedOpen = (await api(server.url, partnerToken, "GET", "/api/v1/cases?limit=200&status=open,waiting_on_customer,waiting_on_party")).items.map((c: { number: string }) => c.number).sort();
    assert.ok(shared.length >= 2 && notShared.length >= 2, "the demo has shared and unshared cases");

    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server.url, "partner@demo.tandem.local");
    await setLanguage(page, "en");
    await page.getByTestId("inbox-row").first().waitFor();
    const seen = (await page.getByTestId("inbox-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-case-number")))).sort();
    assert.deepEqual(seen, sharedOpen);
    assert.equal(await page.getByTestId("nav-admin").count(), 0, "no administration for partners");
    await shot(page, "console-partner-inbox-en");

    // Typing the address of a case that is not shared shows an error in words, not the case.
    await page.goto(`${server.url}/cases/${notShared[0]!.id}`);
    await page.getByTestId("error").first().waitFor();
    assert.equal(await page.getByTestId("case-page").count(), 0);

    // Identities are masked for the partner.
    await page.goto(`${server.url}/`);
    await page.getByTestId("inbox-row").first().click();
    await page.keyboard.press("Enter");
    await page.getByTestId("case-page").waitFor();
    await page.getByTestId("customer-identity").first().waitFor();
    const masked = await page.getByTestId("customer-identity").evaluateAll((els) => els.map((e) => e.getAttribute("data-masked")));
    assert.ok(masked.every((m) => m === "true"), "every identity is masked for a partner");
    await context.close();
  });

  it("the customer's 'I solved it myself' shows in the agent's open inbox without a reload", async () => {
    const token = await apiLogin(server.url, "agent@demo.tandem.local");
    const me = await api(server.url, token, "GET", "/api/v1/auth/me");
    const customer = await api(server.url, token, "POST", "/api/v1/customers", { name: "Nora Blake", identities: [{ kind: "email", value: `nora.${Date.now()}@example.com` }], locale: "en" });
    const kase = await api(server.url, token, "POST", "/api/v1/cases", { customerId: customer.id, kind: "incident", subject: "Subtitles missing on replay", channel: "email" });
    await api(server.url, token, "POST", `/api/v1/cases/${kase.id}/assign`, { userId: me.user.id });
    const link = await api(server.url, token, "POST", `/api/v1/cases/${kase.id}/customer-link`, {});

    const agentContext = await newContext(browser);
    const inbox = await agentContext.newPage();
    await signIn(inbox, server.url, "agent@demo.tandem.local");
    await inbox.goto(`${server.url}/?view=mine`);
    const row = inbox.locator(`[data-testid="inbox-row"][data-case-id="${kase.id}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute("data-status"), "open");
    await inbox.locator('[data-testid="live-indicator"][data-state="live"]').waitFor();
    const navigations: string[] = [];
    inbox.on("framenavigated", (f) => f === inbox.mainFrame() && navigations.push(f.url()));

    const customerContext = await newContext(browser, { mobile: true });
    const portal = await customerContext.newPage();
    await portal.goto(link.url);
    await portal.getByTestId("solved-button").click();
    await portal.getByTestId("confirm-button").click();
    await portal.getByTestId("resolved-notice").waitFor();

    const started = Date.now();
    // Resolved, it needs no more work: it leaves the agent's list of open cases, live.
    await row.waitFor({ state: "detached", timeout: 5000 });
    console.log(`# the agent's inbox showed the customer's resolution ${Date.now() - started} ms after the portal confirmed it`);
    assert.deepEqual(navigations, [], "the inbox was not reloaded");
    await agentContext.close();
    await customerContext.close();
  });

  it("an agent records a contact that happened earlier, on their own clock whatever the computer's", async () => {
    const token = await apiLogin(server.url, "agent@demo.tandem.local");
    const me = await api(server.url, token, "GET", "/api/v1/auth/me");
    assert.equal(me.user.timeZone, "Asia/Shanghai", "the demo agent works on Beijing time (UTC+8, no daylight saving)");
    const customer = await api(server.url, token, "POST", "/api/v1/customers", { name: "Owen Hart", identities: [{ kind: "email", value: `owen.${Date.now()}@example.com` }], locale: "en" });
    const onAgentsClock = (moment: number, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", hourCycle: "h23", ...options }).format(moment);
    const minute = (moment: number) => onAgentsClock(moment, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).replace(", ", " ");

    // The computer is in New York; the console still reads and shows times on the agent's clock.
    const context = await newContext(browser, { timezoneId: "America/New_York" });
    const page = await context.newPage();
    await signIn(page, server.url, "agent@demo.tandem.local");
    await setLanguage(page, "en");
    await page.goto(`${server.url}/customers/${customer.id}`);
    await page.getByTestId("customer-record-contact").click();
    const opened = Date.now();
    const when = page.getByTestId("contact-occurred-at");
    assert.ok([minute(opened), minute(opened - 60_000)].includes(await when.inputValue()), `"When" starts at now on the agent's clock (saw ${await when.inputValue()})`);

    const twoDaysAgo = onAgentsClock(opened - 2 * 86_400_000, { year: "numeric", month: "2-digit", day: "2-digit" });
    await when.fill(`${twoDaysAgo} 09:41`);
    await when.blur();
    await page.getByTestId("contact-body").fill("Called about a double charge on the bill.");
    await page.getByTestId("contact-submit").click();
    const entry = page.getByTestId("customer-timeline-entry").filter({ hasText: "double charge" });
    await entry.waitFor();
    assert.match(await entry.locator("time").innerText(), /\b09:41\b/);

    // Left as it is, "When" means now.
    await page.getByTestId("customer-record-contact").click();
    await page.getByTestId("contact-body").fill("Called back: the refund is on its way.");
    await page.getByTestId("contact-submit").click();
    await page.getByTestId("customer-timeline-entry").filter({ hasText: "refund is on its way" }).waitFor();

    const timeline = await api(server.url, token, "GET", `/api/v1/customers/${customer.id}/timeline`);
    const occurred = (text: string) => Date.parse(timeline.items.find((e: { type: string; interaction?: { body: string } }) => e.interaction?.body.includes(text)).interaction.occurredAt);
    assert.equal(occurred("double charge"), Date.parse(`${twoDaysAgo}T09:41:00+08:00`));
    assert.ok(Math.abs(occurred("refund") - Date.now()) < 120_000, "a contact recorded as it is happened now");
    await shot(page, "console-contact-earlier-en");

    // The earlier call was on no case: it opens one of its own, and is on no case no more.
    await entry.getByTestId("attach-contact").click();
    await page.getByTestId("attach-contact-case").selectOption("new");
    await page.getByTestId("attach-contact-subject").fill("Double charge on the bill");
    await page.getByTestId("attach-contact-submit").click();
    await page.getByTestId("case-page").waitFor();
    assert.equal(await page.getByTestId("case-subject").innerText(), "Double charge on the bill");
    const attached = await api(server.url, token, "GET", `/api/v1/customers/${customer.id}/timeline`);
    const call = attached.items.find((e: { type: string; interaction?: { body: string } }) => e.interaction?.body.includes("double charge")).interaction;
    assert.equal(call.caseId, await page.getByTestId("case-page").getAttribute("data-case-id"));
    assert.deepEqual(call.abilities, []);
    await context.close();
  });

  it("in zh-CN the console speaks Chinese throughout", async () => {
    const context = await newContext(browser, { locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByTestId("login-form").waitFor();
    await setLanguage(page, "zh-CN");
    assert.match(await page.getByTestId("login-submit").innerText(), CJK);
    await shot(page, "console-login-zh");
    await signIn(page, server.url, "supervisor@demo.tandem.local");
    await setLanguage(page, "zh-CN");
    // A supervisor lands on their home.
    await page.locator('[data-testid="supervisor-chart-owner"] svg').waitFor();
    assert.match(await page.getByTestId("supervisor-home").locator("h1").innerText(), CJK);
    await shot(page, "console-supervisor-zh");
    await page.getByTestId("nav-inbox").click();
    await page.getByTestId("inbox-view-team").click();
    await page.getByTestId("inbox-row").first().waitFor();
    await shot(page, "console-inbox-zh");

    const labelled = ["nav-inbox", "inbox-view-mine", "inbox-view-team", "inbox-view-unassigned", "inbox-view-atRisk", "filter-status", "filter-priority", "new-customer"];
    for (const id of labelled) assert.match(await page.getByTestId(id).first().innerText(), CJK, `${id} is in Chinese`);
    await page.getByTestId("current-user").click();
    assert.match(await page.getByTestId("logout").innerText(), CJK, "logout is in Chinese");
    await page.keyboard.press("Escape");
    for (const status of await page.getByTestId("inbox-row-status").allInnerTexts()) assert.match(status, CJK, `status "${status}" is in Chinese`);
    const headers = await page.locator("th").allInnerTexts();
    for (const h of headers) assert.match(h, CJK, `column "${h}" is in Chinese`);

    await page.getByTestId("inbox-row").first().click();
    await page.keyboard.press("Enter");
    await page.getByTestId("case-page").waitFor();
    await page.getByTestId("timeline-entry").first().waitFor();
    await shot(page, "console-case-zh");
    for (const id of ["resolve-button", "reply-send", "case-status"]) {
      const el = page.getByTestId(id).first();
      if (await el.count()) assert.match(await el.innerText(), CJK, `${id} is in Chinese`);
    }
    // No untranslated dictionary keys anywhere on the page.
    const body = await page.locator("body").innerText();
    assert.doesNotMatch(body, /\b(inbox|case|status|customer|timeline|action|event)\.[a-z][A-Za-z]+(\.[a-zA-Z]+)*\b/);
    for (const entry of await page.getByTestId("timeline-entry").allInnerTexts()) assert.match(entry, CJK, `timeline entry "${entry.slice(0, 40)}" is in Chinese`);

    await page.getByTestId("customer-link").first().click();
    await page.getByTestId("customer-360").waitFor();
    await shot(page, "console-customer-zh");
    await context.close();
  });
});
