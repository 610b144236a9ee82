import { readFileSync } from "node:fs";
import type { HttpResponse } from "../response.js";
import type { Route } from "../route.js";

const PAGE_HEADERS = {
  // Scripts and styles only from this origin, nothing framed, no inline code to inject into.
  "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
};

const ASSETS = [
  { path: "/", file: "index.html", contentType: "text/html; charset=utf-8" },
  { path: "/demo.js", file: "demo.js", contentType: "text/javascript; charset=utf-8" },
  { path: "/demo.css", file: "demo.css", contentType: "text/css; charset=utf-8" },
] as const;

/** The demo page, read once at start-up: plain HTML, CSS and JavaScript, no build step. */
export function pageRoutes(): Route[] {
  return ASSETS.map(({ path, file, contentType }) => {
    const content = readFileSync(new URL(`../../static/${file}`, import.meta.url), "utf8");
    const response: HttpResponse = { status: 200, text: { contentType, content }, headers: PAGE_HEADERS };
    return { method: "GET", path, contract: {}, handle: async () => response };
  });
}
