import { readFileSync } from "node:fs";

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

/** The demo page, read once at start-up: plain HTML, CSS and JavaScript, no build step. */
export function demoPage(): PageAsset[] {
  return FILES.map(({ path, file, contentType }) => ({
    path,
    contentType,
    content: readFileSync(new URL(`../static/${file}`, import.meta.url), "utf8"),
  }));
}
