import { describe, it } from "node:test";
import { api, apiLogin } from "../lib/server.js";
import { newContext, serverAndBrowser, signIn } from "../lib/browser.js";
import { expectAccessible } from "../lib/axe.js";

describe("accessibility (axe-core, every rule on)", () => {
  const suite = serverAndBrowser();

  for (const locale of ["en", "zh-CN"] as const) {
    it(`login, inbox, case, customer and admin have no serious or critical violation (${locale})`, async () => {
      const context = await newContext(suite.browser(), { locale: locale === "en" ? "en-US" : "zh-CN" });
      const page = await context.newPage();
      await page.goto(suite.server().url);
      await page.getByTestId("login-form").waitFor();
      await expectAccessible(page, "login");
      await signIn(page, suite.server().url, "admin@demo.tandem.local");
      await page.goto(`${suite.server().url}/?view=team`);
      await page.getByTestId("inbox-row").first().waitFor();
      await expectAccessible(page, "inbox");
      await page.getByTestId("inbox-row").first().click();
      await page.getByTestId("case-page").waitFor();
      await page.getByTestId("timeline-entry").first().waitFor();
      await expectAccessible(page, "case");
      await page.getByTestId("customer-link").first().click();
      await page.getByTestId("customer-360").waitFor();
      await expectAccessible(page, "customer");
      for (const tab of ["organizations", "users", "tokens", "audit"]) {
        await page.goto(`${suite.server().url}/admin?tab=${tab}`);
        await page.getByTestId(`admin-tab-${tab}`).waitFor();
        await page.waitForLoadState("networkidle");
        await expectAccessible(page, `admin ${tab}`);
      }
      await context.close();
    });
  }

  it("the customer's page has no serious or critical violation", async () => {
    const token = await apiLogin(suite.server().url, "agent@demo.tandem.local");
    const kase = (await api(suite.server().url, token, "GET", "/api/v1/cases?limit=1&status=open")).items[0];
    const link = await api(suite.server().url, token, "POST", `/api/v1/cases/${kase.id}/customer-link`, {});
    const context = await newContext(suite.browser(), { mobile: true });
    const page = await context.newPage();
    await page.goto(link.url);
    await page.getByTestId("solved-button").waitFor();
    await expectAccessible(page, "customer's page");
    await context.close();
  });
});
