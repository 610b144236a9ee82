// @tessera/express: Tessera in an Express 5 app. Everything a host needs comes from here.
export { openTessera, TesseraOptionsError, type Auth, type Logger, type Tessera, type TesseraOptions } from "@tessera/core";
export { readSession, requireSession } from "./session-middleware.js";
export { sendAnswer } from "./send-answer.js";
export { tesseraErrors } from "./tessera-errors.js";
export { tesseraRouter } from "./tessera-router.js";
