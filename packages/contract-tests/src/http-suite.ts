import { DEFAULT_THROTTLE_POLICY } from "@tessera/domain/throttle";
import { afterAll, beforeAll, describe } from "vitest";
import { accountsSuite } from "./http/accounts.suite.js";
import { bearerSuite } from "./http/bearer.suite.js";
import { Harness, type HttpFactory } from "./http/harness.js";
import { lifecycleSuite } from "./http/lifecycle.suite.js";
import { loggingSuite } from "./http/logging.suite.js";
import { originSuite } from "./http/origin.suite.js";
import { passwordSuite } from "./http/password.suite.js";
import { productionSuite } from "./http/production.suite.js";
import { protocolSuite } from "./http/protocol.suite.js";
import { racesSuite } from "./http/races.suite.js";
import { sessionsSuite } from "./http/sessions.suite.js";
import { throttleSuite } from "./http/throttle.suite.js";

export type { HttpFactory } from "./http/harness.js";

/**
 * The HTTP contract (shared/API.md), written once. Each app runs it on each store; passing it on
 * both apps is what "the apps answer alike" means.
 */
export function runHttpContract(name: string, factory: HttpFactory): void {
  describe(`HTTP contract: ${name}`, () => {
    let harness: Harness;
    beforeAll(async () => {
      // Every request of the suite comes from 127.0.0.1: the per-address limit has its own suite.
      harness = await Harness.start(factory, {
        throttle: { ...DEFAULT_THROTTLE_POLICY, maxFailuresPerAddress: 10_000, maxRegistrationsPerAddress: 10_000 },
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
    racesSuite(h);
    loggingSuite(h);
    throttleSuite(h, factory);
    originSuite(h, factory);
    productionSuite(factory);
  });
}
