import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { APP_TABLE } from "@tessera/apps-tests/apps";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, signInElsewhere } from "./api.js";
import { startApp, type RunningApp } from "./app-process.js";
import { chromiumMissing, launchChromium } from "./chromium.js";

const skipReason = chromiumMissing();
/** How long the page may take to show an answer: long enough for a loaded machine, never a measure of speed. */
const POLL = { timeout: 15_000 };
const screenshots = fileURLToPath(new URL("../test-output/", import.meta.url));
const skipped = skipReason ? ` (skipped: ${skipReason})` : "";

const apps = APP_TABLE.map((app) => [app.name, app] as const);

/** Two other devices of the account, each with the User-Agent its sessions are listed by. */
const PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
const DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

describe.skipIf(skipReason !== null).each(apps)(`the demo page in Chromium, served by the %s app${skipped}`, (name, entry) => {
  let browser: Browser;
  let app: RunningApp;
  let attacker: Server;
  let page: Page;
  const email = `browser-${name}-${Date.now()}@example.org`;
  const newEmail = `moved-${name}-${Date.now()}@example.org`;
  const password = "a password for the browser";
  const newPassword = "a new password from a reset link";
  /** A session of the account on another device, started through the API. */
  let phone = "";

  beforeAll(async () => {
    // The app as people start it (PUBLIC_URL left to its default: the app's own address), on the memory store.
    app = await startApp(entry, () => ({ DATABASE_URL: "memory:", BCRYPT_COST: "4" }));
    attacker = await crossSitePage(app.origin);
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    await app?.stop();
  });

  const status = () => page.locator("#status").textContent();
  const notice = () => page.locator("#notice").textContent();
  const answer = () => page.locator("#answer").textContent();
  const signIn = async (address: string, secret: string) => {
    await page.fill("#email", address);
    await page.fill("#password", secret);
    await page.click("#login");
  };
  /** The link in the newest mail to `to` about `subject`; the outbox is read again until the courier has sent it. */
  const mailLink = async (to: string, subject: string): Promise<Locator> => {
    const link = page.locator("#outbox .mail").filter({ hasText: subject }).filter({ hasText: `To ${to} ` }).first().locator("a");
    await expect
      .poll(async () => {
        if ((await link.count()) === 0) await page.click("#outbox-refresh");
        return link.count();
      }, { ...POLL, interval: 250 })
      .toBe(1);
    return link;
  };

  it("opens calm when nobody is signed in: no error, and an outbox with nothing in it yet", async () => {
    await page.goto(`${app.origin}/`);
    await expect.poll(status, POLL).toBe("Not signed in");
    await expect.poll(() => page.locator("#outbox-state").textContent(), POLL).toContain("No mail yet");
    expect(await page.locator("#answer").getAttribute("data-error")).toBeNull();
    expect(await page.locator("#answer").evaluate((element) => getComputedStyle(element).borderLeftStyle)).toBe("none");
    expect(await page.locator("#notice").isHidden()).toBe(true);
  });

  it("says which store is in use, and that the memory store forgets everything when the app stops", async () => {
    const store = page.locator("#store");
    // The host tells the page its store by serving demoPage(tessera).
    expect(await store.getAttribute("data-store"), "the store's name in the page as served").toBe("memory");
    expect(await store.isVisible()).toBe(true);
    expect(await store.textContent()).toBe("Store: memory. Everything (accounts, sessions, mail) is forgotten when the app stops.");
    expect(await store.evaluate((element) => element.classList.contains("warning"))).toBe(true);
  });

  it("registers through the page, says a verification link was sent, and the script cannot see the session cookie", async () => {
    await page.fill("#email", email);
    await page.fill("#password", password);
    await page.click("#register");
    await expect.poll(status, POLL).toBe(`Signed in as ${email}`);
    await expect.poll(notice, POLL).toBe(`Registered. A verification link was sent to ${email}: open it from the outbox below.`);
    expect(await page.locator("#verified").textContent()).toBe("Not yet: use the link sent to it");
    expect(await page.locator("#resend-verification").isVisible()).toBe(true);

    expect(await page.evaluate(() => document.cookie)).toBe("");
    const cookies = await page.context().cookies();
    // The session cookie, and the device cookie that lets this browser past lockouts others cause.
    expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite]).sort()).toEqual([
      ["token", true, "Strict"],
      ["token-device", true, "Strict"],
    ]);
  });

  it("confirms the address with the link the outbox shows", async () => {
    const link = await mailLink(email, "Confirm your email address");
    expect(await link.getAttribute("href")).toMatch(new RegExp(`^${app.origin}/#verify=[A-Za-z0-9_-]{43,}$`));
    await link.click();
    await expect.poll(notice, POLL).toMatch(/^Email Verified: /);
    await expect.poll(() => page.locator("#verified").textContent(), POLL).toBe("Yes");
    expect(await answer()).toContain("POST /api/users/email/verify → 200");
    expect(await page.locator("#resend-verification").isHidden()).toBe(true);
    // The token leaves the address bar once used.
    expect(new URL(page.url()).hash).toBe("");
  });

  it("logs out and back in through the page, and shows the sessions", async () => {
    await page.click("#logout");
    await expect.poll(status, POLL).toBe("Not signed in");
    await signIn(email, password);
    await expect.poll(status, POLL).toBe(`Signed in as ${email}`);
    await expect.poll(() => page.locator("#sessions tbody tr").count(), POLL).toBe(1);

    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: `${screenshots}${name}-signed-in.png`, fullPage: true });
  });

  it("shows an API error as the API gave it", async () => {
    await page.fill("#current-password", "not my password");
    await page.fill("#new-password", "password1");
    await page.click("#change-password");
    await expect.poll(answer, POLL).toContain("(password_too_common)");
    expect(await page.locator("#answer").getAttribute("data-error")).toBe("");
  });

  it("is not logged out by a form posted from another site", async () => {
    const crossSite = await page.context().newPage();
    const landed = crossSite.waitForEvent("framenavigated", { predicate: (frame) => frame.url().startsWith(app.origin), timeout: 10_000 }).catch(() => null);
    await crossSite.goto(`http://localhost:${(attacker.address() as AddressInfo).port}/`);
    await landed;
    await crossSite.close();

    // The forged logout did reach the app, and was refused: the Strict cookie stayed home.
    const forged = app.logs().filter((line) => line.event === "request" && line.route === "/api/users/logout");
    expect(forged.at(-1)).toMatchObject({ method: "POST", status: 401 });

    await page.click("#refresh");
    await expect.poll(status, POLL).toBe(`Signed in as ${email}`);
  });

  it("names each session's device, marks this browser's with a legend, and fits a 390 px wide screen", async () => {
    await signInElsewhere(app.origin, email, password, PHONE);
    await signInElsewhere(app.origin, email, password, DESKTOP);
    await page.click("#refresh");
    await expect.poll(() => page.locator("#sessions tbody tr").count(), POLL).toBe(3);

    const devices = page.locator("#sessions tbody td[data-label='Device']");
    const shown = await devices.evaluateAll((cells) => cells.map((cell) => [cell.textContent, cell.getAttribute("title")]));
    expect(shown).toContainEqual(["Safari 17 on iOS", PHONE]);
    expect(shown).toContainEqual(["Firefox 133 on Windows", DESKTOP]);
    const mine = page.locator("#sessions tbody tr.current td[data-label='Device']");
    expect(await mine.getAttribute("title")).toBe(await page.evaluate(() => navigator.userAgent));
    expect(await mine.textContent()).toMatch(/^● \(this browser\) (Headless Chrome|Chrome|Chromium) \d+ on Linux$/);
    expect(await page.locator("#sessions-legend").textContent()).toBe("● marks this browser's session: the one this page is using.");

    await page.setViewportSize({ width: 390, height: 844 });
    try {
      const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(width.scroll).toBeLessThanOrEqual(width.client);
      // Every field keeps off the screen's edges.
      const fields = await page.locator("input:visible").evaluateAll((inputs) => inputs.map((input) => input.getBoundingClientRect().toJSON() as DOMRect));
      expect(fields.length).toBeGreaterThan(0);
      for (const field of fields) {
        expect(field.left).toBeGreaterThanOrEqual(8);
        expect(field.right).toBeLessThanOrEqual(width.client - 8);
      }
      await page.screenshot({ path: `${screenshots}${name}-390px.png`, fullPage: true });
    } finally {
      await page.setViewportSize({ width: 1280, height: 720 });
    }
  });

  it("says in words that the session ended when it was ended elsewhere", async () => {
    phone = await signInElsewhere(app.origin, email, password, PHONE);
    // From the phone: end every other session of the account, this browser's among them.
    expect((await api(app.origin, "DELETE", "/api/sessions", { token: phone })).status).toBe(200);
    await page.click("#refresh");
    await expect.poll(notice, POLL).toBe("Your session ended: signed out elsewhere, or it expired. Log in again.");
    expect(await status()).toBe("Not signed in");
    expect(await answer()).toContain("GET /api/users/me → 401");
  });

  it("resets a forgotten password with the link from the outbox: every old session ends, the new password signs in", async () => {
    await page.fill("#forgot-email", email);
    await page.click("#forgot");
    await expect.poll(answer, POLL).toContain("POST /api/users/password/forgot → 202");
    await expect.poll(notice, POLL).toBe("If an account exists for this address, a reset link is on its way.");

    await (await mailLink(email, "Reset your password")).click();
    await expect.poll(() => page.locator("#reset").isVisible(), POLL).toBe(true);
    await page.fill("#reset-password", newPassword);
    await page.click("#reset-submit");
    await expect.poll(answer, POLL).toContain("POST /api/users/password/reset → 200");
    await expect.poll(notice, POLL).toBe("Your password is reset and every session of the account was signed out: log in with the new password.");
    expect(await page.locator("#reset").isHidden()).toBe(true);
    expect(new URL(page.url()).hash).toBe("");

    expect((await api(app.origin, "GET", "/api/users/me", { token: phone })).status).toBe(401);
    await signIn(email, password);
    await expect.poll(answer, POLL).toContain("(invalid_credentials)");
    expect(await status()).toBe("Not signed in");
    await signIn(email, newPassword);
    await expect.poll(status, POLL).toBe(`Signed in as ${email}`);
    await expect.poll(() => page.locator("#sessions tbody tr").count(), POLL).toBe(1);
  });

  it("changes the email address once the link sent to the new one is opened", async () => {
    await page.fill("#new-email", newEmail);
    await page.fill("#email-password", newPassword);
    await page.click("#change-email");
    await expect.poll(answer, POLL).toContain("POST /api/users/email → 202");
    expect(await status()).toBe(`Signed in as ${email}`);

    const href = await (await mailLink(newEmail, "Confirm your new email address")).getAttribute("href");
    expect(href).toMatch(new RegExp(`^${app.origin}/#verify=[A-Za-z0-9_-]{43,}$`));
    // The link opened as from a mail program: a fresh load of the page, the token in its fragment.
    await page.goto("about:blank");
    await page.goto(href as string);
    await expect.poll(notice, POLL).toMatch(/^Email Changed: /);
    await expect.poll(status, POLL).toBe(`Signed in as ${newEmail}`);
    expect(new URL(page.url()).hash).toBe("");
    const me = await page.evaluate(async () => (await fetch("/api/users/me")).json());
    expect(me.user).toMatchObject({ email: newEmail, emailVerified: true });
  });

  it("deletes the account after a confirm step: signed out, and its login fails", async () => {
    await page.fill("#delete-password", newPassword);
    await page.click("#delete-account");
    await expect.poll(() => page.locator("#delete-confirm").isVisible(), POLL).toBe(true);
    // Nothing is gone before the second click.
    expect(await status()).toBe(`Signed in as ${newEmail}`);
    await page.click("#delete-yes");
    await expect.poll(status, POLL).toBe("Not signed in");
    expect(await answer()).toContain("DELETE /api/users/me → 204");
    await expect.poll(notice, POLL).toBe("The account is deleted, with its sessions and its mail: you are signed out.");
    const after = await page.evaluate(async () => (await fetch("/api/users/me", { credentials: "same-origin" })).status);
    expect(after).toBe(401);

    await signIn(newEmail, newPassword);
    await expect.poll(answer, POLL).toContain("(invalid_credentials)");
    expect(await status()).toBe("Not signed in");
  });
});

describe.skipIf(skipReason !== null).each(apps)(`the demo page of the %s app in production, on SQLite${skipped}`, (_name, entry) => {
  let browser: Browser;
  let app: RunningApp;
  let page: Page;
  let directory = "";

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), "tessera-browser-"));
    // Mail over SMTP to a port where nothing listens: the page is all this test looks at.
    app = await startApp(entry, (origin) => ({
      NODE_ENV: "production",
      DATABASE_URL: `sqlite:${join(directory, "tessera.db")}`,
      MAIL_URL: "smtp://127.0.0.1:9",
      PUBLIC_URL: origin,
    }));
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it("names the store without alarm, and says mail goes out by email: there is no development outbox", async () => {
    await page.goto(`${app.origin}/`);
    await expect.poll(() => page.locator("#status").textContent(), POLL).toBe("Not signed in");
    await expect.poll(() => page.locator("#outbox-state").textContent(), POLL).toContain("mail goes out by email instead");
    expect(await page.locator("#store").getAttribute("data-store"), "the store's name in the page as served").toBe("sqlite");
    expect(await page.locator("#store").textContent()).toMatch(/^Store: sqlite\b/);
    expect(await page.locator("#store").evaluate((element) => element.classList.contains("warning"))).toBe(false);
    expect(await page.locator("#answer").getAttribute("data-error")).toBeNull();
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
