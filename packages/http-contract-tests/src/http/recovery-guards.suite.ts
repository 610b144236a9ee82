import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { registerAccount, uniqueEmail } from "./accounts.js";
import { expectError } from "./audit.js";
import { cookieHeader, expectSessionCookie } from "./cookies.js";
import type { Harness } from "./harness.js";
import { linkToken, mailSettled, nextMail, outbox, SUBJECTS } from "./mail.js";
import { bearerLogin, CHANGE_REQUESTED, FORGOT, HOUR_MS, me, newPassword, resend, verify } from "./recovery-flows.js";

const EVIL = "http://evil.example";
const digest = (token: string) => createHash("sha256").update(token).digest("base64url");

interface NewRoute {
  readonly method: "POST" | "DELETE";
  readonly path: string;
  readonly session: boolean;
  readonly body: boolean;
}

/** The routes of account recovery and account changes that take an unsafe method. */
const ROUTES: readonly NewRoute[] = [
  { method: "POST", path: "/api/users/password/forgot", session: false, body: true },
  { method: "POST", path: "/api/users/password/reset", session: false, body: true },
  { method: "POST", path: "/api/users/email/verify", session: false, body: true },
  { method: "POST", path: "/api/users/email/verification", session: true, body: false },
  { method: "POST", path: "/api/users/email", session: true, body: true },
  { method: "DELETE", path: "/api/users/me", session: true, body: true },
];
const name = (route: NewRoute) => `${route.method} ${route.path}`;
const WITH_BODY = ROUTES.filter((route) => route.body).map((route) => [name(route), route] as const);
const WITH_SESSION = ROUTES.filter((route) => route.session).map((route) => [name(route), route] as const);

/** What holds across the new routes: the origin check, the order of errors, the outbox, what is stored. */
export function recoveryGuardsSuite(h: () => Harness): void {
  const call = (route: NewRoute) => h().method(route.method, route.path);

  describe("origin check on the recovery and account routes", () => {
    it.each(ROUTES.map((route) => [name(route), route] as const))(
      "refuses %s with the session cookie and a foreign Origin: 403 forbidden_origin, before the body, and changes nothing",
      async (_name, route) => {
        const account = await registerAccount(h());
        const refused = await call(route)
          .set("Cookie", cookieHeader(h().cookie, account.token))
          .set("Origin", EVIL)
          .set("Content-Type", "text/plain")
          .send("x".repeat(20_000));
        expectError(refused, 403, "forbidden_origin");
        const json = await call(route)
          .set("Cookie", cookieHeader(h().cookie, account.token))
          .set("Origin", EVIL)
          .send({ email: account.email, token: "A".repeat(43), newPassword: "a fine new password", newEmail: uniqueEmail(), currentPassword: account.password });
        expectError(json, 403, "forbidden_origin");
        expect((await me(h(), account.token)).body.user).toEqual(expect.objectContaining({ email: account.email }));
      },
    );

    it("takes the app's own Origin on them", async () => {
      const account = await registerAccount(h());
      const response = await h()
        .post("/api/users/email")
        .set("Cookie", cookieHeader(h().cookie, account.token))
        .set("Origin", h().origin)
        .send({ newEmail: uniqueEmail(), currentPassword: account.password });
      expect(response.status).toBe(202);
      expect((await h().post("/api/users/password/forgot").set("Origin", h().origin).send({ email: account.email })).status).toBe(202);
    });

    it("leaves requests without the cookie alone: forgot from anywhere, and Bearer clients", async () => {
      expect((await h().post("/api/users/password/forgot").set("Origin", EVIL).send({ email: uniqueEmail() })).body).toEqual(FORGOT);
      const account = await registerAccount(h());
      const bearer = await bearerLogin(h(), account);
      const change = await h()
        .post("/api/users/email")
        .set("Authorization", `Bearer ${bearer}`)
        .set("Origin", EVIL)
        .send({ newEmail: uniqueEmail(), currentPassword: account.password });
      expect(change.status).toBe(202);
      expect(change.body).toEqual(CHANGE_REQUESTED);
      const deleted = await h().delete("/api/users/me").set("Authorization", `Bearer ${bearer}`).set("Origin", EVIL).send({ currentPassword: account.password });
      expect(deleted.status).toBe(204);
    });
  });

  describe("the order of errors on the recovery and account routes", () => {
    it.each(WITH_BODY)("%s: a body over 16 KiB is 413, before its type and before the session", async (_name, route) => {
      expectError(await call(route).set("Content-Type", "text/plain").send("x".repeat(20_000)), 413, "payload_too_large");
      const padded = JSON.stringify({ padding: "x".repeat(17_000) });
      expectError(await call(route).set("Content-Type", "application/json").send(padded), 413, "payload_too_large");
    });

    it.each(WITH_BODY)("%s: a body that is not JSON is 415, before the session", async (_name, route) => {
      expectError(await call(route).set("Content-Type", "text/plain").send('{"email":"a@example.org"}'), 415, "unsupported_media_type");
    });

    it.each(WITH_BODY)("%s: malformed JSON is 400 invalid_json, before the session", async (_name, route) => {
      expectError(await call(route).set("Content-Type", "application/json").send("{"), 400, "invalid_json");
    });

    it.each(WITH_SESSION)("%s: no valid session is 401, before the fields", async (_name, route) => {
      expectError(await call(route).send({ newEmail: 5, currentPassword: [] }), 401, "unauthorized");
      const stale = await call(route).set("Cookie", cookieHeader(h().cookie, "D".repeat(43))).send({ newEmail: 5 });
      expectError(stale, 401, "unauthorized");
    });

    it.each(WITH_SESSION.filter(([, route]) => route.body))("%s: with a session, invalid fields are 400 invalid_request", async (_name, route) => {
      const account = await registerAccount(h());
      const response = await call(route).set("Cookie", cookieHeader(h().cookie, account.token)).send({ newEmail: 5, currentPassword: [] });
      expectError(response, 400, "invalid_request");
      expect((await me(h(), account.token)).status).toBe(200);
    });
  });

  describe("GET /dev/outbox", () => {
    it("lists messages as {id, to, subject, text, createdAt}, and nothing else", async () => {
      const account = await registerAccount(h());
      const mail = await nextMail(h(), account.email, SUBJECTS.verify);
      expect(Object.keys(mail).sort()).toEqual(["createdAt", "id", "subject", "text", "to"]);
      expect(new Date(mail.createdAt).toISOString()).toBe(mail.createdAt);
      expect(mail.createdAt).toBe(h().now().toISOString());
      const response = await h().get("/dev/outbox");
      expect(Object.keys(response.body)).toEqual(["messages"]);
    });

    it("lists the newest first, also of messages made in the same millisecond", async () => {
      const first = await registerAccount(h());
      const firstMail = await nextMail(h(), first.email, SUBJECTS.verify);
      const second = await registerAccount(h());
      const secondMail = await nextMail(h(), second.email, SUBJECTS.verify);
      // Later than anything the other tests make: this one comes first.
      h().advance(400 * 24 * HOUR_MS);
      try {
        const third = await registerAccount(h());
        const thirdMail = await nextMail(h(), third.email, SUBJECTS.verify);
        const ids = (await outbox(h())).map((mail) => mail.id);
        expect(ids[0]).toBe(thirdMail.id);
        expect(ids.indexOf(secondMail.id)).toBeGreaterThan(0);
        expect(ids.indexOf(secondMail.id)).toBeLessThan(ids.indexOf(firstMail.id));
      } finally {
        h().resetClock();
      }
    });

    it("shows a new message however many were made before it in the same millisecond", { timeout: 60_000 }, async () => {
      // The listing holds the newest 100: a hundred notices of this very millisecond, straight into the store.
      const crowd = uniqueEmail();
      for (let i = 0; i < 100; i++) await h().store.outbox.add({ kind: "password_changed", userId: "crowd", to: crowd }, h().now());
      await mailSettled(h());
      expect((await h().store.outbox.kept(10_000)).filter(({ message }) => message?.to === crowd)).toHaveLength(100);
      const last = await registerAccount(h());
      await nextMail(h(), last.email, SUBJECTS.verify);
    });
  });

  describe("mail links", () => {
    it("carry a token the store keeps only as its digest", async () => {
      const account = await registerAccount(h());
      const token = linkToken(h(), await nextMail(h(), account.email, SUBJECTS.verify), "verify");
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await h().store.accountTokens.take(token, ["verify"])).toBeNull();
      // Taking it by its digest spends it, as its use would.
      expect(await h().store.accountTokens.take(digest(token), ["verify"])).not.toBeNull();
      expectError(await verify(h(), token), 400, "invalid_token");
    });

    it("are made fresh for each letter: no two tokens alike", async () => {
      const account = await registerAccount(h());
      const first = await nextMail(h(), account.email, SUBJECTS.verify);
      expect((await resend(h(), account.token)).status).toBe(202);
      const second = await nextMail(h(), account.email, SUBJECTS.verify, [first]);
      expect(linkToken(h(), second, "verify")).not.toBe(linkToken(h(), first, "verify"));
    });
  });

  describe("POST /api/users/password, its notice", () => {
    it("sends \"Your password was changed\" to the account's address, with no link", async () => {
      const account = await registerAccount(h());
      const response = await h()
        .post("/api/users/password")
        .set("Cookie", cookieHeader(h().cookie, account.token))
        .send({ currentPassword: account.password, newPassword: newPassword(h(), "notice") });
      expect(response.status).toBe(200);
      expectSessionCookie(response, h().cookie);
      const notice = await nextMail(h(), account.email, SUBJECTS.passwordChanged);
      expect(notice.text).not.toMatch(/#(reset|verify)=/);
    });

    it("sends no notice for a refused change", async () => {
      const account = await registerAccount(h());
      const refused = await h()
        .post("/api/users/password")
        .set("Cookie", cookieHeader(h().cookie, account.token))
        .send({ currentPassword: "not my password", newPassword: newPassword(h(), "refused") });
      expectError(refused, 403, "invalid_credentials");
      await mailSettled(h());
      expect((await outbox(h())).filter((mail) => mail.to === account.email && mail.subject === SUBJECTS.passwordChanged)).toEqual([]);
    });
  });
}
