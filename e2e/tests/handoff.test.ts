import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { api, apiLogin } from "../lib/server.js";
import { newContext, serverAndBrowser, shot, signIn } from "../lib/browser.js";
import { expectAccessible } from "../lib/axe.js";

describe("handoff", () => {
  const suite = serverAndBrowser();

  it("an agent hands a case off to the partner through the dialog; the partner's desk reads the note first", async () => {
    const url = suite.server().url;
    const agent = await apiLogin(url, "agent@demo.tandem.local");
    // The demo's one partner: the set-top box maker's after-sales desk (partner@demo.tandem.local's organisation).
    const maker = (await api(url, agent, "GET", "/api/v1/organizations?limit=200")).items.find((o: { kind: string }) => o.kind === "partner") as { id: string; name: string };
    const customer = await api(url, agent, "POST", "/api/v1/customers", { name: "Handoff Chen", identities: [{ kind: "phone", value: "13900007777" }] });
    const kase = await api(url, agent, "POST", "/api/v1/cases", { customerId: customer.id, kind: "incident", subject: "Box restarts every night", channel: "phone" });

    const context = await newContext(suite.browser());
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await signIn(page, url, "agent@demo.tandem.local");
    await page.getByTestId("language-switch").selectOption("en");
    await page.goto(`${url}/cases/${kase.id}`);
    await page.getByTestId("handoff-button").click();
    await page.getByTestId("handoff-modal").waitFor();
    // A note is required, and the organisation is chosen among the server's answers.
    await page.getByTestId("handoff-submit").click();
    await page.getByText("Write a note: the new owner reads it first.").waitFor();
    const asked = page.waitForRequest((r) => new URL(r.url()).pathname === "/api/v1/organizations" && Boolean(new URL(r.url()).searchParams.get("q")));
    await page.getByTestId("handoff-organization").pressSequentially(maker.name.slice(0, 2));
    await asked;
    await page.getByTestId("handoff-organization-option").filter({ hasText: maker.name }).first().click();
    await page.getByTestId("handoff-user").waitFor();
    const note = "Firmware 2.3 reboots nightly; the customer tried a reset. Replace the box, call him after 18:00.";
    await page.getByTestId("handoff-note").fill(note);
    await expectAccessible(page, "handoff dialog");
    await shot(page, "console-handoff-dialog-en");
    await page.getByTestId("handoff-submit").click();
    await page.getByTestId("handoff-modal").waitFor({ state: "detached" });
    await page.getByTestId("handoff-banner").waitFor();
    // The agent's organisation stays on the case as a party, and no longer hands it off.
    await page.getByTestId("party-row").filter({ hasText: "Contribute" }).first().waitFor();
    assert.equal(await page.getByTestId("handoff-button").count(), 0);

    const after = await api(url, agent, "GET", `/api/v1/cases/${kase.id}`);
    assert.deepEqual({ owner: after.owner.organizationId, note: after.handoff.note }, { owner: maker.id, note });
    assert.deepEqual(errors, []);
    await context.close();

    // The partner's desk: the note is the first thing on the case, in Chinese too.
    const desk = await newContext(suite.browser(), { locale: "zh-CN" });
    const deskPage = await desk.newPage();
    const refused: string[] = [];
    deskPage.on("response", (r) => r.status() >= 403 && refused.push(`${r.status()} ${new URL(r.url()).pathname}`));
    await signIn(deskPage, url, "partner@demo.tandem.local");
    await deskPage.goto(`${url}/cases/${kase.id}`);
    await deskPage.getByTestId("handoff-banner").waitFor();
    assert.equal(await deskPage.getByTestId("handoff-note-text").innerText(), note);
    await deskPage.getByText(/请先阅读/).first().waitFor();
    // The new owner's page asks for nothing a partner desk may not read (remedies are staff work).
    await deskPage.getByTestId("case-parties").waitFor();
    await expectAccessible(deskPage, "case with a handoff note (zh-CN)");
    await shot(deskPage, "console-handoff-banner-zh");
    assert.deepEqual(refused, []);
    await desk.close();
  });
});
