import { readFileSync } from "node:fs";
import type { Tessera } from "@tessera/core";

export interface PageAsset {
  readonly path: string;
  readonly contentType: string;
  readonly content: string;
}

/** Scripts and styles only from this origin, nothing framed, no inline code to inject into. */
export const PAGE_HEADERS = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
} as const;

const FILES = [
  { path: "/", file: "index.html", contentType: "text/html; charset=utf-8" },
  { path: "/demo.js", file: "demo.js", contentType: "text/javascript; charset=utf-8" },
  { path: "/demo.css", file: "demo.css", contentType: "text/css; charset=utf-8" },
] as const;

/**
 * The demo page, read once at start-up: plain HTML, CSS and JavaScript, no build step. Given the
 * Tessera it shows, the page says which store is in use: its name only ("memory", "sqlite",
 * "mongodb"), never its URL, which may hold a password.
 */
export function demoPage(tessera?: Pick<Tessera, "storeName">): PageAsset[] {
  return FILES.map(({ path, file, contentType }) => {
    const content = readFileSync(new URL(`../static/${file}`, import.meta.url), "utf8");
    return { path, contentType, content: file === "index.html" && tessera ? withStore(content, tessera.storeName) : content };
  });
}

/** The store's name in the attribute the page's script reads: data, not code, as the page's CSP wants. */
function withStore(html: string, storeName: string): string {
  const name = storeName.replace(/[^A-Za-z0-9_-]/g, "");
  return html.replace('id="store" data-store=""', `id="store" data-store="${name}"`);
}
