/** The console at a small laptop's width (1024 px) and a phone's (390 px): no sideways scrolling, axe clean. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { api, apiLogin } from "../lib/server.js";
import { newContext, serverAndBrowser, shot, signIn } from "../lib/browser.js";
import { expectAccessible } from "../lib/axe.js";

/** How far the page is wider than the window (0: nothing to scroll sideways). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe("layout at 1024 px and 390 px", () => {
  const suite = serverAndBrowser();

  for (const [width, locale] of [
    [1024, "en"],
    [390, "zh-CN"],
  ] as const) {
    it(`the main screens fit ${width} px without sideways scrolling (${locale})`, async () => {
      const url = suite.server().url;
      const admin = await apiLogin(url, "admin@demo.tandem.local");
      const kase = (await api(url, admin, "GET", "/api/v1/cases?limit=1&status=open")).items[0];
      const context = await newContext(suite.browser(), { width, locale: locale === "en" ? "en-US" : "zh-CN" });
      const page = await context.newPage();
      await signIn(page, url, "admin@demo.tandem.local");
      await page.getByTestId("language-switch").selectOption(locale);
      await page.waitForFunction((l) => document.documentElement.lang === l, locale);
      const screens: [string, string, string][] = [
        ["inbox", "/?view=team", "inbox-row"],
        ["case", `/cases/${kase.id}`, "timeline-entry"],
        ["customer", `/customers/${kase.customerId}`, "customer-360"],
        ["supervisor", "/supervisor", "supervisor-home"],
        ["admin", "/admin?tab=users", "admin-users"],
        ["audit", "/admin?tab=audit", "audit-row"],
      ];
      for (const [name, path, ready] of screens) {
        await page.goto(`${url}${path}`);
        await page.getByTestId(ready).first().waitFor();
        await page.waitForLoadState("networkidle");
        assert.equal(await overflow(page), 0, `${name} at ${width} px scrolls sideways`);
        // At 1024 px the header keeps one row; on a phone the search goes below.
        const header = await page.locator("header.topbar").boundingBox();
        assert.ok(header && header.height <= (width >= 1024 ? 60 : 120), `${name} at ${width} px: the header is ${header?.height} px high`);
        await expectAccessible(page, `${name} at ${width} px`);
        if (name === "inbox" || name === "case") await shot(page, `console-${name}-${width}-${locale}`);
      }
      await context.close();
    });
  }
});
