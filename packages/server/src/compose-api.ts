import { createCommonPasswordCheck } from "@tessera/common-passwords/common-password-list";
import { BcryptPasswordHasher } from "@tessera/crypto/bcrypt-password-hasher";
import { NodeTokenIssuer } from "@tessera/crypto/node-token-issuer";
import { createAuth } from "@tessera/domain/auth";
import type { Clock } from "@tessera/domain/ports";
import { createHttpApi, type HttpApi } from "@tessera/http/api";
import type { TesseraConfig } from "@tessera/http/config";
import type { Logger } from "@tessera/http/logger";
import type { Store } from "@tessera/domain/ports";

export interface ComposeOptions {
  readonly config: TesseraConfig;
  readonly store: Store;
  readonly logger: Logger;
  readonly clock?: Clock;
}

/**
 * The use cases on the chosen store, with the real token issuer and bcrypt, behind the HTTP policy.
 * Waits for bcrypt's stand-in hashes, so the first unknown email is as slow as every other one.
 */
export async function composeApi({ config, store, logger, clock = () => new Date() }: ComposeOptions): Promise<HttpApi> {
  const hasher = new BcryptPasswordHasher(config.bcryptCost, config.bcryptConcurrency ?? undefined);
  await hasher.prepare();
  const auth = createAuth({
    users: store.users,
    sessions: store.sessions,
    attempts: store.attempts,
    devices: store.devices,
    tokens: new NodeTokenIssuer(),
    hasher,
    isCommonPassword: createCommonPasswordCheck(),
    clock,
    policy: config.session,
    throttle: config.throttle,
  });
  return createHttpApi({ auth, policy: config.http, isReady: () => store.ping(), logger });
}
