import { errorResponse } from "../errors.js";
import { json } from "../response.js";
import { ErrorEnvelope, HealthResult, ReadyResult } from "../response-schemas.js";
import type { Route } from "../route.js";

/** Probes for orchestrators. */
export function operationsRoutes(isReady: () => Promise<boolean>): Route[] {
  return [
    {
      method: "GET",
      path: "/healthz",
      contract: {},
      doc: { summary: "The process is alive", tag: "operations", responses: { 200: { description: "Alive", body: HealthResult } } },
      handle: async () => json(200, { status: "ok" }),
    },
    {
      method: "GET",
      path: "/readyz",
      contract: {},
      doc: {
        summary: "The store answers",
        tag: "operations",
        responses: {
          200: { description: "Ready", body: ReadyResult },
          503: { description: "The store cannot be reached (store_unavailable)", body: ErrorEnvelope },
        },
      },
      handle: async () => {
        const ready = await isReady().catch(() => false);
        return ready ? json(200, { status: "ready" }) : errorResponse("store_unavailable");
      },
    },
  ];
}
