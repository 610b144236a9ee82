import type { Session } from "@tessera/domain/session";
import { errorResponse } from "../errors.js";
import { json } from "../response.js";
import { ErrorEnvelope, RevokedResult, SessionsResult } from "../response-schemas.js";
import type { Route } from "../route.js";
import { securityEvent, type RouteContext } from "./context.js";

export function sessionRoutes({ auth, endpoint, logger }: RouteContext): Route[] {
  return [
    {
      method: "GET",
      path: "/api/sessions",
      doc: {
        summary: "The user's valid sessions, newest first",
        tag: "sessions",
        responses: { 200: { description: "The sessions; never a token or digest", body: SessionsResult } },
      },
      ...endpoint({ session: true }, async ({ signedIn }) => {
        const sessions = await auth.listSessions(signedIn.user.id);
        return json(200, { sessions: sessions.map((session) => describeSession(session, signedIn.session.id)) });
      }),
    },
    {
      method: "DELETE",
      path: "/api/sessions",
      doc: {
        summary: "End all the user's other sessions",
        tag: "sessions",
        responses: { 200: { description: "How many ended", body: RevokedResult } },
      },
      ...endpoint({ session: true }, async ({ request, signedIn }) => {
        const revoked = await auth.revokeOtherSessions(signedIn.user.id, signedIn.session.id);
        securityEvent(logger, request, "sessions_revoked", { userId: signedIn.user.id, sessionId: signedIn.session.id, revoked });
        return json(200, { revoked });
      }),
    },
    {
      method: "DELETE",
      path: "/api/sessions/:id",
      doc: {
        summary: "End one of the user's sessions",
        tag: "sessions",
        responses: {
          204: { description: "Ended; a clearing cookie when it was the current session" },
          404: { description: "No such session of this user (not_found), another user's included", body: ErrorEnvelope },
        },
      },
      ...endpoint({ session: true }, async ({ request, signedIn }) => {
        const id = request.params.id ?? "";
        // Another user's session is answered exactly like a missing one.
        if (!(await auth.revokeSession(signedIn.user.id, id))) return errorResponse("not_found", { detail: "No such session" });
        securityEvent(logger, request, "session_revoked", { userId: signedIn.user.id, sessionId: id, by: signedIn.session.id });
        return { status: 204, ...(id === signedIn.session.id && { session: { ended: true } as const }) };
      }),
    },
  ];
}

/** What a user may see of a session: never its token or digest. */
function describeSession(session: Session, currentId: string) {
  const { id, createdAt, lastUsedAt, expiresAt, userAgent } = session;
  return { id, createdAt, lastUsedAt, expiresAt, userAgent, current: id === currentId };
}
