/** Chromium from the system (/usr/bin/chromium) driven by playwright-core. */
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { after, before } from "node:test";
import { DEMO_PASSWORD, ROOT, startServer, type RunningServer } from "./server.js";

export const SCREENSHOTS = path.join(ROOT, "e2e/screenshots");

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** What the server's Content-Security-Policy blocked in any page so far (the browser reports it on the console). */
export const cspViolations: string[] = [];

export async function newContext(browser: Browser, opts: { locale?: string; mobile?: boolean; timezoneId?: string; width?: number } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: opts.locale ?? "en-US",
    timezoneId: opts.timezoneId ?? "Asia/Shanghai",
    viewport: opts.width ? { width: opts.width, height: opts.width < 600 ? 844 : 768 } : opts.mobile ? { width: 360, height: 740 } : { width: 1366, height: 860 },
    deviceScaleFactor: 1,
  });
  context.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) cspViolations.push(`${msg.location().url}: ${msg.text()}`);
  });
  return context;
}

export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** Signs in through the login page as a demo user and waits for the console. */
export async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId("login-email").fill(email);
  await page.getByTestId("login-password").fill(DEMO_PASSWORD);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("current-user").waitFor();
}

/** A suite's server and browser, started before its tests and stopped after them. */
export function serverAndBrowser(env: Record<string, string> = {}): { server: () => RunningServer; browser: () => Browser } {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    server = await startServer(env);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return { server: () => server!, browser: () => browser! };
}
