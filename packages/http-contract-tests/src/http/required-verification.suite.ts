import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueEmail } from "./accounts.js";
import { expectError } from "./audit.js";
import { expectNoCookie, expectSessionCookie } from "./cookies.js";
import { Harness, type HttpFactory } from "./harness.js";
import { linkToken, mailSettled, mailTo, nextMail, SUBJECTS } from "./mail.js";
import { login, me, reset, resetLink, verify } from "./recovery-flows.js";

const REGISTERED = { title: "User Registration Successful", detail: "Successfully registered new user" };

/** REQUIRE_VERIFIED_EMAIL=true: an account signs in only once its address is confirmed. */
export function requiredVerificationSuite(factory: HttpFactory): void {
  describe("with REQUIRE_VERIFIED_EMAIL=true", () => {
    let strict: Harness;
    beforeAll(async () => {
      strict = await Harness.start(factory, { env: { REQUIRE_VERIFIED_EMAIL: "true", REGISTER_MAX_PER_ADDRESS: "10000", LOGIN_MAX_FAILURES_PER_ADDRESS: "10000" } });
    });
    afterAll(() => strict?.stop());

    const register = async (transport?: "bearer") => {
      const email = uniqueEmail();
      const password = strict.secret(`strict ${email}`.slice(0, 60));
      const call = strict.post("/api/users/register");
      if (transport) call.set("X-Session-Transport", transport);
      const response = await call.send({ email, password });
      return { email, password, response };
    };

    it("answers register with 201 and no session: no cookie at all", async () => {
      const { response } = await register();
      expect(response.status).toBe(201);
      expect(response.body).toEqual(REGISTERED);
      expectNoCookie(response);
    });

    it("gives a bearer client no token at register either", async () => {
      const { response } = await register("bearer");
      expect(response.status).toBe(201);
      expect(response.body).toEqual(REGISTERED);
      expectNoCookie(response);
    });

    it("answers the right password on an unverified account with 403 email_not_verified, and only the right one", async () => {
      const { email, password } = await register();
      const refused = await login(strict, email, password);
      expectError(refused, 403, "email_not_verified");
      expectNoCookie(refused);
      expectError(await login(strict, email, "the wrong password"), 401, "invalid_credentials");
      expectError(await login(strict, uniqueEmail(), password), 401, "invalid_credentials");
    });

    it("signs the account in once its address is verified with the link sent at register, refused logins or not", async () => {
      const { email, password } = await register();
      const link = linkToken(strict, await nextMail(strict, email, SUBJECTS.verify), "verify");
      expectError(await login(strict, email, password), 403, "email_not_verified");
      await mailSettled(strict);
      expect((await verify(strict, link)).status).toBe(200);
      const response = await login(strict, email, password);
      expect(response.status).toBe(200);
      const session = expectSessionCookie(response, strict.cookie);
      expect((await me(strict, session)).body.user).toEqual(expect.objectContaining({ email, emailVerified: true }));
    });

    it("does not count 403 email_not_verified as a failed login", async () => {
      const { email, password } = await register();
      for (let i = 0; i < 6; i++) expectError(await login(strict, email, password), 403, "email_not_verified");
      expect((await verify(strict, linkToken(strict, await nextMail(strict, email, SUBJECTS.verify), "verify"))).status).toBe(200);
      expect((await login(strict, email, password)).status).toBe(200);
    });

    it("sends nothing on a refused login: the link from register stays the one", async () => {
      const { email, password } = await register();
      await nextMail(strict, email, SUBJECTS.verify);
      for (let i = 0; i < 3; i++) expectError(await login(strict, email, password), 403, "email_not_verified");
      await mailSettled(strict);
      expect(await mailTo(strict, email, SUBJECTS.verify)).toHaveLength(1);
    });

    it("sends nothing on a wrong password", async () => {
      const { email } = await register();
      await nextMail(strict, email, SUBJECTS.verify);
      for (let i = 0; i < 3; i++) expectError(await login(strict, email, "the wrong password"), 401, "invalid_credentials");
      await mailSettled(strict);
      expect(await mailTo(strict, email, SUBJECTS.verify)).toHaveLength(1);
    });

    it("takes a password reset as proof of the address", async () => {
      const { email } = await register();
      const { token } = await resetLink(strict, email);
      const password = strict.secret("a reset proves the mailbox");
      expect((await reset(strict, token, password)).status).toBe(200);
      expect((await login(strict, email, password)).status).toBe(200);
    });
  });
}
