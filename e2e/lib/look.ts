/**
 * Screenshots of the console's main screens in both languages, wide and narrow, for looking at
 * what was built: `npx tsx e2e/lib/look.ts <out-dir>` (needs a build and /usr/bin/chromium).
 */
import fs from "node:fs";
import path from "node:path";
import { DEMO_PASSWORD, startServer } from "./server.js";
import { launch } from "./browser.js";

const out = path.resolve(process.argv[2] ?? "e2e/screenshots/look");
fs.mkdirSync(out, { recursive: true });
const server = await startServer();
const browser = await launch();
try {
  for (const [size, viewport] of [["wide", { width: 1440, height: 900 }], ["narrow", { width: 390, height: 844 }]] as const) {
    for (const lang of ["en", "zh-CN"] as const) {
      const context = await browser.newContext({ locale: lang === "en" ? "en-US" : "zh-CN", timezoneId: "Asia/Shanghai", viewport });
      const page = await context.newPage();
      const snap = async (name: string) => {
        await page.waitForLoadState("networkidle").catch(() => undefined);
        await page.waitForTimeout(400);
        await page.screenshot({ path: path.join(out, `${name}-${lang}-${size}.png`) });
      };
      await page.goto(server.url);
      await page.getByTestId("login-form").waitFor();
      await snap("login");
      await page.getByTestId("login-email").fill("admin@demo.tandem.local");
      await page.getByTestId("login-password").fill(DEMO_PASSWORD);
      await page.getByTestId("login-submit").click();
      await page.getByTestId("current-user").waitFor();
      if ((await page.evaluate(() => document.documentElement.lang)) !== lang) {
        await page.getByTestId("language-switch").selectOption(lang).catch(async () => {
          await page.getByTestId("language-switch").click();
          await page.getByRole("option", { name: lang === "en" ? "English" : "中文" }).click();
        });
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      }
      await page.goto(`${server.url}/?view=team`);
      await page.getByTestId("inbox-row").first().waitFor();
      await snap("inbox");
      await page.getByTestId("inbox-row").first().click();
      await page.getByTestId("case-page").waitFor();
      await snap("case");
      await page.goto(`${server.url}/admin?tab=users`);
      await page.getByTestId("admin-users").waitFor();
      await snap("admin");
      const home = await page.goto(`${server.url}/supervisor`);
      if (home && (await page.getByTestId("supervisor-home").count().catch(() => 0)) >= 0) {
        await page.getByTestId("supervisor-home").waitFor({ timeout: 5000 }).then(() => snap("supervisor"), () => undefined);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(`screenshots in ${out}`);
