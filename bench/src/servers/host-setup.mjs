// What the two host servers (express-host.mjs, koa-host.mjs) share, so that their rows differ only in
// the framework: Tessera's options, and the small answer of the host's own routes.

/** Tessera's log lines go nowhere: the rows measure the guard, not a logger (the app rows have pino). */
const SILENT_LOGGER = { debug() {}, info() {}, warn() {}, error() {} };

/** The memory store (no store option), at the bench's bcrypt cost: registration is the only hash. */
export function tesseraOptions() {
  return { bcrypt: { cost: Number(process.env.BCRYPT_COST ?? 12) }, logger: SILENT_LOGGER };
}

/** What GET /host/open and GET /host/guarded both answer (the reference app's own route answers this). */
export const HOST_BODY = { notes: [] };
