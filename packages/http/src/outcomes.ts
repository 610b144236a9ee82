import type { LoginOutcome } from "@tessera/domain/login";
import type { RegisterOutcome } from "@tessera/domain/register";
import type { IssuedSession } from "@tessera/domain/start-session";
import type { CookieSettings } from "./cookies.js";
import { errorResponse, invalidRequest } from "./errors.js";
import type { Message } from "./messages.js";
import type { HttpResponse } from "./response.js";
import { issuedCookie } from "./session-cookie.js";

type DomainError = Extract<RegisterOutcome | LoginOutcome, { ok: false }>["error"];

/**
 * The one mapping from the domain's refusals to HTTP. The request schemas refuse bad emails and
 * passwords first; the domain re-checks, and its answer maps to the same 400.
 */
const DOMAIN_ERRORS: Readonly<Record<DomainError, () => HttpResponse>> = {
  invalid_email: () => invalidRequest(["email must be a valid email address"]),
  password_too_short: () => invalidRequest(["password is too short"]),
  password_too_long: () => invalidRequest(["password is too long"]),
  email_taken: () => errorResponse("email_taken"),
  invalid_credentials: () => errorResponse("invalid_credentials"),
};

export function refusal(error: DomainError): HttpResponse {
  return DOMAIN_ERRORS[error]();
}

/** A new session: the action's message and the cookie that carries the token. */
export function sessionStarted(status: number, message: Message, issued: IssuedSession, cookie: CookieSettings): HttpResponse {
  return { status, body: message, cookies: [issuedCookie(cookie, issued)] };
}
