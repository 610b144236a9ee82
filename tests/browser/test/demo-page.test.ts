import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { Harness } from "@tessera/http-contract-tests/http/harness";
import { loadApps } from "@tessera/apps-tests/apps";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumMissing, launchChromium } from "./chromium.js";

const skipReason = chromiumMissing();
/** How long the page may take to show an answer: long enough for a loaded machine, never a measure of speed. */
const POLL = { timeout: 15_000 };
const screenshots = fileURLToPath(new URL("../test-output/", import.meta.url));

const apps = (await loadApps()).map((app) => [app.name, app] as const);

describe.skipIf(skipReason !== null).each(apps)(`the demo page in Chromium, served by the %s app${skipReason ? ` (skipped: ${skipReason})` : ""}`, (name, host) => {
  let browser: Browser;
  let app: Harness;
  let attacker: Server;
  let page: Page;
  const email = `browser-${name}-${Date.now()}@example.org`;
  const password = "a password for the browser";

  beforeAll(async () => {
    app = await Harness.start(host);
    attacker = await crossSitePage(app.origin);
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    await app?.stop();
  });

  const status = () => page.locator("#status");

  it("registers through the page, and the script cannot see the session cookie", async () => {
    await page.goto(`${app.origin}/`);
    await expect.poll(() => status().textContent(), POLL).toBe("Not signed in");
    await page.fill("#email", email);
    await page.fill("#password", password);
    await page.click("#register");
    await expect.poll(() => status().textContent(), POLL).toBe(`Signed in as ${email}`);

    expect(await page.evaluate(() => document.cookie)).toBe("");
    const cookies = await page.context().cookies();
    // The session cookie, and the device cookie that lets this browser past lockouts others cause.
    expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite]).sort()).toEqual([
      ["token", true, "Strict"],
      ["token-device", true, "Strict"],
    ]);
  });

  it("logs out and back in through the page, and shows the sessions", async () => {
    await page.click("#logout");
    await expect.poll(() => status().textContent(), POLL).toBe("Not signed in");
    await page.fill("#email", email);
    await page.fill("#password", password);
    await page.click("#login");
    await expect.poll(() => status().textContent(), POLL).toBe(`Signed in as ${email}`);
    await expect.poll(() => page.locator("#sessions tbody tr").count(), POLL).toBe(1);

    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: `${screenshots}${name}-signed-in.png`, fullPage: true });
  });

  it("shows an API error as the API gave it", async () => {
    await page.fill("#current-password", "not my password");
    await page.fill("#new-password", "password1");
    await page.click("#change-password");
    await expect.poll(() => page.locator("#answer").textContent(), POLL).toContain("(password_too_common)");
  });

  it("is not logged out by a form posted from another site", async () => {
    const crossSite = await page.context().newPage();
    const landed = crossSite.waitForEvent("framenavigated", { predicate: (frame) => frame.url().startsWith(app.origin), timeout: 10_000 }).catch(() => null);
    await crossSite.goto(`http://localhost:${(attacker.address() as AddressInfo).port}/`);
    await landed;
    await crossSite.close();

    // The forged logout did reach the app, and was refused: the Strict cookie stayed home.
    const forged = app.logs.map((line) => JSON.parse(line)).filter((line) => line.event === "request" && line.route === "/api/users/logout");
    expect(forged.at(-1)).toMatchObject({ method: "POST", status: 401 });

    await page.click("#refresh");
    await expect.poll(() => status().textContent(), POLL).toBe(`Signed in as ${email}`);
  });

  it("fails the protected call once logged out", async () => {
    await page.click("#logout");
    await expect.poll(() => status().textContent(), POLL).toBe("Not signed in");
    const after = await page.evaluate(async () => (await fetch("/api/users/me", { credentials: "same-origin" })).status);
    expect(after).toBe(401);
  });
});

/** A page on another site (localhost, while the app is on 127.0.0.1) that posts a logout form to the app. */
async function crossSitePage(appOrigin: string): Promise<Server> {
  const html = `<!doctype html><form id="f" method="POST" action="${appOrigin}/api/users/logout"></form>
    <script>document.getElementById("f").submit()</script>`;
  const server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}
