import { afterAll, beforeAll, describe } from "vitest";
import { accountsSuite } from "./http/accounts.suite.js";
import { Harness, type HttpFactory } from "./http/harness.js";
import { lifecycleSuite } from "./http/lifecycle.suite.js";
import { productionCookieSuite } from "./http/production-cookie.suite.js";
import { protocolSuite } from "./http/protocol.suite.js";

export type { HttpFactory, StoreUnderTest } from "./http/harness.js";

/**
 * The HTTP contract (shared/API.md), written once. Each app runs it on each store; passing it on
 * both apps is what "the apps answer alike" means.
 */
export function runHttpContract(name: string, factory: HttpFactory): void {
  describe(`HTTP contract: ${name}`, () => {
    let harness: Harness;
    beforeAll(async () => {
      harness = await Harness.start(factory);
    });
    afterAll(() => harness?.stop());
    const h = () => harness;

    accountsSuite(h);
    lifecycleSuite(h);
    protocolSuite(h);
    productionCookieSuite(factory);
  });
}
