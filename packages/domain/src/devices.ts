import type { AuthDeps } from "./deps.js";

export interface IssuedDevice {
  /** The secret the client keeps (a cookie, or a header for clients that are not browsers). */
  readonly token: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** A user keeps at most this many trusted devices: signing in from a new one forgets the oldest. */
export const MAX_DEVICES_PER_USER = 20;

/**
 * Device trust (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): a client that has
 * signed in to an account gets a device token, and with it may keep trying that account when the
 * account or its address is locked out, under a small limit of its own. Only digests are stored.
 */
export function createDeviceTrust(deps: Pick<AuthDeps, "devices" | "tokens" | "clock" | "throttle">) {
  return {
    /** The digest of the presented device token, when it names a device that signed in to this user. */
    async recognise(token: string | null, userId: string | undefined): Promise<string | null> {
      if (!token || !userId) return null;
      const digest = deps.tokens.digest(token);
      if (!digest) return null;
      const device = await deps.devices.find(digest);
      return device?.userId === userId && device.expiresAt.getTime() > deps.clock().getTime() ? digest : null;
    },

    /** A device token for a client that just proved the password, unless it already holds one for this user. */
    async enrol(userId: string, recognised: string | null): Promise<IssuedDevice | null> {
      if (recognised) return null;
      const token = deps.tokens.issue();
      const digest = deps.tokens.digest(token);
      if (digest === null) throw new Error("The token issuer refused a token it issued");
      const createdAt = deps.clock();
      const expiresAt = new Date(createdAt.getTime() + deps.throttle.deviceLifetimeMs);
      await deps.devices.create(digest, { userId, createdAt, expiresAt });
      await deps.devices.prune(userId, MAX_DEVICES_PER_USER);
      return { token, createdAt, expiresAt };
    },
  };
}
