import { expect } from "vitest";
import type { Account } from "./accounts.js";
import { cookieHeader } from "./cookies.js";
import type { Call, Harness } from "./harness.js";
import { linkToken, nextMail, SUBJECTS, type Mail } from "./mail.js";

/** The answers the contract words exactly. */
export const FORGOT = { title: "Password Reset Requested", detail: "If an account exists for this address, a reset link is on its way" };
export const RESET = { title: "Password Reset", detail: "Password updated; every session was signed out" };
/** The answers the contract names by title: the detail is the app's (the OpenAPI document pins it). */
export const VERIFIED = { title: "Email Verified", detail: expect.any(String) };
export const CHANGED = { title: "Email Changed", detail: expect.any(String) };
export const VERIFICATION_SENT = { title: "Verification Sent", detail: expect.any(String) };
export const CHANGE_REQUESTED = { title: "Email Change Requested", detail: expect.any(String) };

export const HOUR_MS = 60 * 60 * 1000;

export const forgot = (h: Harness, email: unknown): Call => h.post("/api/users/password/forgot").send({ email });
export const reset = (h: Harness, token: unknown, newPassword: unknown): Call => h.post("/api/users/password/reset").send({ token, newPassword });
export const verify = (h: Harness, token: unknown): Call => h.post("/api/users/email/verify").send({ token });

export const withCookie = (h: Harness, call: Call, token: string): Call => call.set("Cookie", cookieHeader(h.cookie, token));
export const me = (h: Harness, token: string): Call => withCookie(h, h.get("/api/users/me"), token);
export const meBearer = (h: Harness, token: string): Call => h.get("/api/users/me").set("Authorization", `Bearer ${token}`);
export const resend = (h: Harness, token: string): Call => withCookie(h, h.post("/api/users/email/verification"), token);
export const changeEmail = (h: Harness, token: string, body: object): Call => withCookie(h, h.post("/api/users/email"), token).send(body);
export const deleteAccount = (h: Harness, token: string, body: object): Call => withCookie(h, h.delete("/api/users/me"), token).send(body);
export const login = (h: Harness, email: string, password: string): Call => h.post("/api/users/login").send({ email, password });

/** A bearer client's session: the token from a login with X-Session-Transport: bearer. */
export async function bearerLogin(h: Harness, account: Pick<Account, "email" | "password">): Promise<string> {
  const response = await login(h, account.email, account.password).set("X-Session-Transport", "bearer");
  expect(response.status).toBe(200);
  return (response.body as { token: string }).token;
}

/** Asks for a reset link for `email` and answers its token, once the mail arrives. */
export async function resetLink(h: Harness, email: string, before: readonly Mail[] = []): Promise<{ token: string; mail: Mail }> {
  const response = await forgot(h, email);
  expect(response.status).toBe(202);
  const mail = await nextMail(h, email, SUBJECTS.reset, before);
  return { token: linkToken(h, mail, "reset"), mail };
}

/** The token of the verification link sent at registration. */
export async function registrationLink(h: Harness, email: string): Promise<string> {
  return linkToken(h, await nextMail(h, email, SUBJECTS.verify), "verify");
}

/** A password the audit watches for, new for each call. */
export function newPassword(h: Harness, label: string): string {
  return h.secret(`${label} ${Math.random().toString(36).slice(2)} new password`);
}
