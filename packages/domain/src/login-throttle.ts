import { addressKey } from "./client-address.js";
import type { AuthDeps } from "./deps.js";
import { createDeviceTrust } from "./devices.js";
import { createReserve, type Limit } from "./throttle.js";

export interface PasswordAttemptInput {
  /** The account tried, by its normalised email: unknown emails are throttled exactly like known ones. */
  readonly email: string;
  /** The account's id when it exists: a device is trusted only for an account it signed in to. */
  readonly userId: string | undefined;
  readonly clientAddress: string | null;
  readonly deviceToken: string | null;
}

export type PasswordAttempt =
  | {
      readonly ok: true;
      /** The digest of the trusted device the attempt came from, if any. */
      readonly device: string | null;
      /** The password was right: the attempt does not count, and the account's (or device's) failures are forgotten. */
      succeeded(): Promise<void>;
    }
  | { readonly ok: false; readonly retryAfterSeconds: number };

/**
 * Every check of a password (login, the current password at a change) goes through here, before
 * the password is verified: it reserves one failure under the account and the client address (or,
 * for a trusted device, under that device alone). A wrong password keeps the reservation, and that
 * is the failure counted; a right one gives it back. However parallel a burst is, no more wrong
 * passwords are verified than the limits allow.
 */
export function createPasswordAttempts(deps: Pick<AuthDeps, "attempts" | "devices" | "tokens" | "clock" | "throttle">) {
  const reserve = createReserve(deps);
  const devices = createDeviceTrust(deps);
  const { throttle } = deps;
  return async ({ email, userId, clientAddress, deviceToken }: PasswordAttemptInput): Promise<PasswordAttempt> => {
    const device = await devices.recognise(deviceToken, userId);
    const limits: Limit[] = device
      ? [{ key: `device:${device}`, max: throttle.maxFailuresPerDevice, windowMs: throttle.windowMs }]
      : [
          { key: `account:${email}`, max: throttle.maxFailuresPerAccount, windowMs: throttle.windowMs },
          ...(clientAddress
            ? [{ key: `address:${addressKey(clientAddress)}`, max: throttle.maxFailuresPerAddress, windowMs: throttle.windowMs }]
            : []),
        ];
    const reservation = await reserve(limits);
    if (!reservation.ok) return reservation;
    return {
      ok: true,
      device,
      succeeded: async () => {
        await reservation.release();
        // The first limit is the account's (or the device's): a right password clears it. The
        // address keeps its count: one right password says nothing of the others tried from there.
        await deps.attempts.clear((limits[0] as Limit).key);
      },
    };
  };
}

/** Registrations per client address: each costs a bcrypt hash, and every call counts. */
export function createRegistrationThrottle(deps: Pick<AuthDeps, "attempts" | "tokens" | "clock" | "throttle">) {
  const reserve = createReserve(deps);
  const { throttle } = deps;
  return async (clientAddress: string | null): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> => {
    if (!clientAddress) return { ok: true };
    const reservation = await reserve([
      { key: `register:${addressKey(clientAddress)}`, max: throttle.maxRegistrationsPerAddress, windowMs: throttle.registrationWindowMs },
    ]);
    return reservation.ok ? { ok: true } : reservation;
  };
}
