// @tessera/koa: Tessera in a Koa 3 app. Everything a host needs comes from here.
export { openTessera, TesseraOptionsError, type Auth, type Logger, type Tessera, type TesseraOptions } from "@tessera/core";
export { readSession, requireSession } from "./session-middleware.js";
export { sendAnswer } from "./send-answer.js";
export { tesseraErrors } from "./tessera-errors.js";
export { tesseraRoutes } from "./tessera-routes.js";
