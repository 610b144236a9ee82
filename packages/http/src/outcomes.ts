import type { ChangePasswordOutcome } from "@tessera/domain/change-password";
import type { LoginOutcome } from "@tessera/domain/login";
import type { RegisterOutcome } from "@tessera/domain/register";
import type { IssuedSession } from "@tessera/domain/start-session";
import { deviceCookie, type CookieSettings } from "./cookies.js";
import { errorResponse, invalidRequest } from "./errors.js";
import type { Message } from "./messages.js";
import type { HttpResponse } from "./response.js";
import { issuedCookie } from "./session-cookie.js";
import type { Transport } from "./transport.js";

type Refusal = Exclude<
  Extract<RegisterOutcome | LoginOutcome | ChangePasswordOutcome, { ok: false }>,
  { error: "no_session" | "password_changed_meanwhile" }
>;

/**
 * The one mapping from the domain's refusals to HTTP. The request schemas refuse bad emails and
 * password lengths first; the domain re-checks, and its answer maps to the same 400.
 */
export function refusal(outcome: Refusal): HttpResponse {
  switch (outcome.error) {
    case "invalid_email":
      return invalidRequest(["email must be a valid email address"]);
    case "password_not_text":
      return invalidRequest(["password must be text: no NUL character and no unpaired surrogate"]);
    case "password_too_short":
      return invalidRequest(["password is too short"]);
    case "password_too_long":
      return invalidRequest(["password is too long"]);
    case "password_too_common":
      return errorResponse("password_too_common");
    case "email_taken":
      return errorResponse("email_taken");
    case "invalid_credentials":
      return errorResponse("invalid_credentials");
    case "too_many_attempts":
      return tooManyAttempts(outcome.retryAfterSeconds);
  }
}

export function tooManyAttempts(retryAfterSeconds: number): HttpResponse {
  return errorResponse("too_many_attempts", {
    headers: { "Retry-After": String(retryAfterSeconds) },
    detail: `Too many attempts; try again in ${retryAfterSeconds} seconds`,
  });
}

/**
 * A new session: the action's message, and the token in a cookie or, for bearer clients, in the
 * body. A new device token rides beside it: a cookie after the session's, or a header for bearer clients.
 */
export function sessionStarted(
  status: number,
  message: Message,
  issued: IssuedSession,
  transport: Transport,
  cookie: CookieSettings,
): HttpResponse {
  const device = issued.device;
  if (transport === "bearer") {
    return { status, body: { ...message, token: issued.token }, ...(device && { headers: { "X-Device-Token": device.token } }) };
  }
  const cookies = [issuedCookie(cookie, issued)];
  if (device) cookies.push(deviceCookie(cookie, device.token, (device.expiresAt.getTime() - device.createdAt.getTime()) / 1000));
  return { status, body: message, cookies };
}
