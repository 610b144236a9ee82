// The answer the reference apps give to GET /api/users/me, for the "same-answer" baselines: the same
// body shape and the same headers, with no session behind it. The app rows are compared with these,
// so that a ratio counts what Tessera and the app's plumbing cost, not a longer answer or more headers.
import { randomBytes } from "node:crypto";

/**
 * A user shaped like the ones Tessera's stores return: a 24-hex id (MongoDB's shape, which the
 * memory store copies) and createdAt a Date, serialised to ISO on every answer as Tessera's is.
 */
export function answerUser(email = "bench@example.org") {
  return { id: randomBytes(12).toString("hex"), email, createdAt: new Date() };
}

/** The body of the answer, built per request as Tessera's route builds it. */
export function meBody(user) {
  return { user: { id: user.id, email: user.email, createdAt: user.createdAt } };
}

/**
 * What the reference apps' request-log middleware puts on every answer beside X-Request-Id (a fresh
 * randomUUID() per request there, and in these baselines); Content-Type follows from the JSON body.
 */
export const COMMON_HEADERS = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };

/**
 * Set-Cookie values shaped like Tessera's (a 43-character session token and a device token), so that
 * the load sends these baselines the same Cookie header it sends the app. They are never read.
 */
export function lookalikeCookies() {
  const token = () => randomBytes(32).toString("base64url");
  return [
    `token=${token()}; Path=/; Max-Age=1209600; HttpOnly; SameSite=Strict`,
    `token-device=${token()}; Path=/; Max-Age=15552000; HttpOnly; SameSite=Strict`,
  ];
}
