import { afterAll, beforeAll, describe } from "vitest";
import { accountsSuite } from "./http/accounts.suite.js";
import { bearerSuite } from "./http/bearer.suite.js";
import { Harness, type HttpFactory } from "./http/harness.js";
import { guardSuite } from "./http/guard.suite.js";
import { hostSuite } from "./http/host.suite.js";
import { lifecycleSuite } from "./http/lifecycle.suite.js";
import { loggingSuite } from "./http/logging.suite.js";
import { originSuite } from "./http/origin.suite.js";
import { outageSuite } from "./http/outage.suite.js";
import { passwordSuite } from "./http/password.suite.js";
import { productionSuite } from "./http/production.suite.js";
import { protocolSuite } from "./http/protocol.suite.js";
import { racesSuite } from "./http/races.suite.js";
import { recoverySuite } from "./http/recovery.suite.js";
import { settingsSuite } from "./http/settings.suite.js";
import { storeSuite } from "./http/store.suite.js";
import { sessionsSuite } from "./http/sessions.suite.js";
import { throttleSuite } from "./http/throttle.suite.js";

export type { HttpFactory } from "./http/harness.js";

export interface ContractOptions {
  /**
   * The races suite (true unless said): many rounds of concurrent requests, half the suite's time.
   * Mutation testing leaves it out: it holds the stores and use cases under concurrency, which their
   * own suites and mutation run cover, and would double the time of every surviving HTTP mutant.
   */
  readonly races?: boolean;
}

/**
 * The HTTP contract (shared/API.md), written once. Each reference app runs it on each store, and
 * so does a host that mounts Tessera under a prefix beside its own middleware; passing it on both
 * apps is what "the apps answer alike" means.
 */
export function runHttpContract(name: string, factory: HttpFactory, options: ContractOptions = {}): void {
  describe(`HTTP contract: ${name}`, () => {
    let harness: Harness;
    beforeAll(async () => {
      // Every request of the suite comes from 127.0.0.1: the per-address limit has its own suite.
      harness = await Harness.start(factory, {
        env: { LOGIN_MAX_FAILURES_PER_ADDRESS: "10000", REGISTER_MAX_PER_ADDRESS: "10000", FORGOT_PASSWORD_MAX_PER_ADDRESS: "10000" },
      });
    });
    afterAll(() => harness?.stop());
    const h = () => harness;

    accountsSuite(h);
    lifecycleSuite(h);
    protocolSuite(h);
    sessionsSuite(h);
    passwordSuite(h);
    bearerSuite(h);
    recoverySuite(h, factory);
    if (options.races !== false) racesSuite(h);
    throttleSuite(h, factory);
    originSuite(h, factory);
    productionSuite(factory);
    outageSuite(factory);
    storeSuite(h);
    // Settings are the host's and Tessera's, whatever the store: read once, on the memory store.
    if (!factory.store) settingsSuite(factory);
    if (factory.guardedPaths) guardSuite(h, factory.guardedPaths);
    if (factory.referenceHost !== false) {
      hostSuite(h);
      loggingSuite(h);
    }
  });
}
