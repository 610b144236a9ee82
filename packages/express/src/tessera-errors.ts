import type { Tessera } from "@tessera/core";
import type { ErrorRequestHandler } from "express";
import { sendAnswer } from "./send-answer.js";

/**
 * For a host whose body parser runs before Tessera: a body it refuses never reaches Tessera's
 * router, and goes to the error handlers. Add this after your routes, before your own handler,
 * and the refusals on Tessera's paths are answered as Tessera answers them (400 invalid_json,
 * 413, 415); every other error goes on to yours.
 */
export function tesseraErrors(tessera: Tessera, { prefix = "" }: { prefix?: string } = {}): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (!req.path.startsWith(prefix)) return next(error);
    tessera.bodyRefusal(req, req.path.slice(prefix.length), error).then((answer) => (answer ? sendAnswer(res, answer) : next(error)), next);
  };
}
