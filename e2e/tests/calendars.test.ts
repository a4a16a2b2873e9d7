import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { api, apiLogin } from "../lib/server.js";
import { newContext, serverAndBrowser, shot, signIn } from "../lib/browser.js";
import { expectAccessible } from "../lib/axe.js";

describe("business calendars", () => {
  const suite = serverAndBrowser();

  it("an admin creates a calendar with a lunch break and a Saturday, sees it listed, and previews a deadline", async () => {
    const context = await newContext(suite.browser());
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await signIn(page, suite.server().url, "admin@demo.tandem.local");
    await page.getByTestId("language-switch").selectOption("en");
    await page.getByTestId("nav-admin").click();
    await page.getByTestId("admin-tab-calendars").click();
    // The demo's calendar is there.
    await page.locator('[data-testid="calendar-row"][data-name="Hotline Shanghai"]').waitFor();

    await page.getByTestId("calendar-new").click();
    await page.getByTestId("calendar-editor").waitFor();
    await page.getByTestId("calendar-name").fill("Berlin desk");
    await page.getByTestId("calendar-timezone").fill("Europe/Ber");
    await page.getByRole("option", { name: "Europe/Berlin" }).click();
    // A new calendar starts as an office week with a lunch break: Monday has two intervals.
    assert.equal(await page.getByTestId("calendar-day-1-from-1").inputValue(), "13:30");
    // Saturday mornings too.
    await page.getByTestId("calendar-day-6-add").click();
    await page.getByTestId("calendar-day-6-from-0").fill("10:00");
    await page.getByTestId("calendar-day-6-to-0").fill("14:00");
    await expectAccessible(page, "calendar editor");
    await shot(page, "console-calendar-editor-en");
    await page.getByTestId("calendar-submit").click();
    await page.getByTestId("calendar-editor").waitFor({ state: "detached" });
    const row = page.locator('[data-testid="calendar-row"][data-name="Berlin desk"]');
    await row.waitFor();
    assert.match(await row.innerText(), /Europe\/Berlin/);
    assert.match(await row.innerText(), /Mon 09:00–12:00, 13:30–18:00/);

    const token = await apiLogin(suite.server().url, "admin@demo.tandem.local");
    const list = await api(suite.server().url, token, "GET", "/api/v1/calendars?q=Berlin");
    const saved = list.items[0];
    assert.deepEqual(saved.hours.filter((h: { day: number }) => h.day === 1), [{ day: 1, from: "09:00", to: "12:00" }, { day: 1, from: "13:30", to: "18:00" }]);
    assert.deepEqual(saved.hours.filter((h: { day: number }) => h.day === 6), [{ day: 6, from: "10:00", to: "14:00" }]);

    // Editing it shows when a case opened now with PT8H would be due.
    await row.getByTestId("calendar-edit").click();
    await page.getByTestId("calendar-preview-due").waitFor();
    assert.match(await page.getByTestId("calendar-preview-due").innerText(), /PT8H would be due at .+ \(Europe\/Berlin\)/);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
