import type { DocumentedRoute } from "@tessera/http/openapi";
import { z } from "zod";

/** The reference hosts' own protected route: what a team adds beside Tessera, guarded by requireSession. */
export const NotesResult = z.object({ notes: z.array(z.never()).meta({ description: "The signed-in user's notes (none yet)" }) }).strict();

export const OpenApiResult = z.object({ openapi: z.string() }).loose();

/** The reference hosts' own routes, documented beside Tessera's in their OpenAPI document. */
export const HOST_ROUTES: readonly DocumentedRoute[] = [
  {
    method: "GET",
    path: "/api/notes",
    contract: { session: true },
    doc: {
      summary: "The signed-in user's notes: a route of the host's own, guarded by requireSession",
      tag: "notes",
      responses: { 200: { description: "The notes", body: NotesResult } },
    },
  },
  {
    method: "GET",
    path: "/openapi.json",
    contract: {},
    doc: { summary: "This document (OpenAPI 3.1)", tag: "operations", responses: { 200: { description: "The document", body: OpenApiResult } } },
  },
];
