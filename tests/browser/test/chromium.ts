import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Why the browser tests cannot run here, or null when they can. Under CI, not having Chromium is a failure. */
export function chromiumMissing(): string | null {
  if (existsSync(CHROMIUM)) return null;
  const reason = `no Chromium at ${CHROMIUM}`;
  if (process.env.CI === "true") throw new Error(`CI needs a browser: ${reason}`);
  // The one line the reporter shows for a skipped suite: what is missing, and how to get it.
  console.warn(`[browser] browser tests skipped: ${reason}; to run them, install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`);
  return reason;
}

/**
 * Debian's Chromium, headless, with every background connection it would make switched off and
 * every host name but the loopback ones unresolvable: the tests talk to 127.0.0.1 and localhost only.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-default-apps",
      "--disable-features=OptimizationHints,MediaRouter,Translate",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    ],
  });
}
