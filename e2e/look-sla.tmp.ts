import { chromium } from "playwright-core";
const url = "http://127.0.0.1:3471";
const what = process.argv[2] ?? "sla";
const width = Number(process.argv[3] ?? 1366);
const lang = process.argv[4] ?? "en";
const user = process.argv[5] ?? "admin";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const ctx = await b.newContext({ locale: lang === "en" ? "en-US" : "zh-CN", timezoneId: "Asia/Shanghai", viewport: { width, height: width < 600 ? 844 : 860 } });
const page = await ctx.newPage();
page.on("pageerror", (e) => console.log("PAGEERROR", e.message));
await page.goto(url);
await page.getByTestId("login-email").fill(`${user}@demo.tandem.local`);
await page.getByTestId("login-password").fill("tandem-demo-2026");
await page.getByTestId("login-submit").click();
await page.getByTestId("current-user").waitFor();
await page.getByTestId("language-switch").selectOption(lang).catch(() => undefined);
const snap = async (n: string, full = false) => { await page.waitForTimeout(700); await page.screenshot({ path: `/tmp/slalook/${n}-${width}-${lang}.png`, fullPage: full }); };
if (what === "sla") {
  await page.goto(`${url}/admin?tab=sla`);
  await page.getByTestId("sla-row").first().waitFor();
  await snap("sla-list");
  await page.getByTestId("sla-new").click();
  await page.getByTestId("sla-editor").waitFor();
  await snap("sla-editor");
  await page.getByTestId("sla-submit").click();
  await snap("sla-editor-err");
} else if (what === "home") {
  await page.goto(`${url}/supervisor`);
  await page.getByTestId("supervisor-home").waitFor();
  await snap("home", true);
} else if (what === "inbox") {
  await page.goto(`${url}/?view=${process.argv[6] ?? "team"}`);
  await page.waitForTimeout(1500);
  await snap("inbox", true);
} else {
  await page.goto(`${url}${what}`);
  await page.waitForTimeout(1500);
  await snap("page", true);
}
await b.close();
