import type { OutboxEntry } from "@tessera/domain/mail";
import type { createEndpoint } from "../endpoint.js";
import { json } from "../response.js";
import { OutboxResult } from "../response-schemas.js";
import type { Route } from "../route.js";

/** How many messages the development outbox lists. */
export const DEV_OUTBOX_LIMIT = 100;

/**
 * The development outbox: what would have been mailed, for the demo page and tests. Never served in
 * production (the composition leaves it out), where the links in these texts would be live secrets.
 */
export function devOutboxRoutes(kept: (limit: number) => Promise<OutboxEntry[]>, endpoint: ReturnType<typeof createEndpoint>): Route[] {
  return [
    {
      method: "GET",
      path: "/dev/outbox",
      doc: {
        summary: "Development only: the messages the app would have mailed, newest first",
        tag: "development",
        responses: { 200: { description: "The messages", body: OutboxResult } },
      },
      ...endpoint({}, async () => {
        const entries = await kept(DEV_OUTBOX_LIMIT);
        return json(200, {
          messages: entries.flatMap(({ id, createdAt, message }) =>
            message ? [{ id, to: message.to, subject: message.subject, text: message.text, createdAt }] : [],
          ),
        });
      }),
    },
  ];
}
