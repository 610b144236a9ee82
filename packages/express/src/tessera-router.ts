import type { Tessera } from "@tessera/core";
import { allowedMethods, groupByPath, hasUndecodablePath, routerMethod } from "@tessera/http/route";
import express, { type ErrorRequestHandler, type Router } from "express";
import { apiRequest } from "./api-request.js";
import { sendAnswer } from "./send-answer.js";

/**
 * The contract's routes as an express.Router, to mount at the root or under a prefix
 * (`app.use("/auth", tesseraRouter(tessera))`). It answers only its own paths: anything else goes on
 * to the host's routes, and anything thrown but a store outage goes on to the host's error handling.
 */
export function tesseraRouter(tessera: Tessera): Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  for (const { path, routes } of groupByPath(tessera.routes)) {
    for (const route of routes) {
      router[routerMethod(route)](path, (req, res, next) => {
        if (hasUndecodablePath(req.originalUrl)) return sendAnswer(res, tessera.error("not_found"));
        route.handle(apiRequest(req)).then((response) => sendAnswer(res, response), next);
      });
    }
    const allow = allowedMethods(routes);
    router.all(path, (req, res) =>
      sendAnswer(res, hasUndecodablePath(req.originalUrl) ? tessera.error("not_found") : tessera.error("method_not_allowed", { headers: { Allow: allow } })),
    );
  }
  // A path parameter that does not decode: Express refuses it before any route of ours runs. On
  // one of our paths it names nothing, as in every host.
  const undecodable: ErrorRequestHandler = (error, _req, res, next) => {
    if (error instanceof URIError) sendAnswer(res, tessera.error("not_found"));
    else next(error);
  };
  router.use(undecodable);
  return router;
}
