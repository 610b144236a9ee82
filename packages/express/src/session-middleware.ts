import type { Auth, Tessera } from "@tessera/core";
import type { RequestHandler } from "express";
import { sendAnswer } from "./send-answer.js";

declare global {
  // Declaration merging: `req.auth` is typed in every host that imports @tessera/express.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by requireSession (always) and readSession (null without a valid session). */
      auth?: Auth | null;
    }
  }
}

/**
 * Guards a host's own route: `req.auth = { user, session }` for a valid session (cookie or Bearer),
 * or the contract's answer instead of the route: 401 (a dead cookie cleared), 403 for a foreign
 * Origin on an unsafe method that carries the cookie, 503 when the store is out of reach.
 */
export function requireSession(tessera: Tessera): RequestHandler {
  return guarded(tessera, true);
}

/** Like requireSession, but never refuses for want of a session: `req.auth` is then null. */
export function readSession(tessera: Tessera): RequestHandler {
  return guarded(tessera, false);
}

function guarded(tessera: Tessera, required: boolean): RequestHandler {
  return (req, res, next) => {
    tessera.guard(req, required).then((outcome) => {
      if (outcome.kind === "refused") return sendAnswer(res, outcome.response);
      req.auth = outcome.kind === "signed-in" ? outcome.auth : null;
      for (const cookie of outcome.cookies) res.append("Set-Cookie", cookie);
      // An answer that depends on who asks is no one else's: no cache may keep it.
      res.set("Cache-Control", "no-store");
      next();
    }, next);
  };
}
