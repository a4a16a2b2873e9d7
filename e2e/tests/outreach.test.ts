import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { api, apiLogin } from "../lib/server.js";
import { newContext, serverAndBrowser, shot, signIn } from "../lib/browser.js";
import { expectAccessible } from "../lib/axe.js";

describe("the contact guard in the console", () => {
  const suite = serverAndBrowser();

  it("an agent plans a contact and reads the guard's decision; a second one is merged into it, said in words; an opt-out on the customer's page", async () => {
    const url = suite.server().url;
    const token = await apiLogin(url, "agent@demo.tandem.local");
    const customer = await api(url, token, "POST", "/api/v1/customers", { name: "Outreach E2E 客户", identities: [{ kind: "phone", value: "13900007788" }] });
    const kase = await api(url, token, "POST", "/api/v1/cases", { customerId: customer.id, kind: "incident", subject: "Box reboots at night", channel: "phone" });

    const context = await newContext(suite.browser(), { timezoneId: "Europe/Berlin" });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await signIn(page, url, "agent@demo.tandem.local");
    await page.getByTestId("language-switch").selectOption("en");
    await page.goto(`${url}/cases/${kase.id}`);
    await page.getByTestId("outreach").waitFor();

    await page.getByTestId("outreach-plan").click();
    await page.getByTestId("outreach-modal").waitFor();
    await page.getByTestId("outreach-purpose").fill("Did the reset help?");
    await expectAccessible(page, "plan a contact");
    await page.getByTestId("outreach-submit").click();
    const decision = page.getByTestId("outreach-decision");
    await decision.waitFor();
    assert.equal(await decision.getAttribute("data-status"), "scheduled");
    assert.match(await decision.innerText(), /for the customer \(Asia\/Shanghai\)/);
    await page.getByTestId("outreach-done").click();

    await page.getByTestId("outreach-plan").click();
    await page.getByTestId("outreach-channel").selectOption("sms");
    await page.getByTestId("outreach-purpose").fill("Send the firmware link");
    await page.getByTestId("outreach-submit").click();
    await page.locator('[data-testid="outreach-decision"][data-status="suppressed"]').waitFor();
    assert.match(await page.getByTestId("outreach-decision").innerText(), /Already planned by .+ within the window/);
    await expectAccessible(page, "the guard's decision");
    await shot(page, "console-outreach-decision-en");
    await page.getByTestId("outreach-done").click();
    await page.locator('[data-testid="outreach-item"][data-status="suppressed"]').waitFor();
    assert.match(await page.getByTestId("outreach").innerText(), /Did the reset help\? · Send the firmware link/);
    await expectAccessible(page, "case with its outreach");

    await page.goto(`${url}/customers/${customer.id}`);
    await page.getByTestId("contact-preferences").waitFor();
    assert.match(await page.getByTestId("customer-time-zone").innerText(), /Asia\/Shanghai \(from their phone number\)/);
    await page.getByTestId("consent-record").click();
    await page.getByTestId("consent-how").fill("Asked on the phone");
    await expectAccessible(page, "record an opt-out");
    await page.getByTestId("consent-submit").click();
    await page.getByTestId("consent-item").waitFor();
    assert.match(await page.getByTestId("consent-item").innerText(), /SMS\s*opted out/);
    await expectAccessible(page, "customer with consents");

    const after = await api(url, token, "POST", "/api/v1/outreach", { caseId: kase.id, channel: "sms", purpose: "Another text", scheduledFor: new Date(Date.now() + 3 * 86_400_000).toISOString() });
    assert.equal(after.reason, "opted_out");
    assert.deepEqual(errors, []);
    await context.close();
  });
});
