// Every row the bench can run. A row is one server process (its own) under one workload; rows of a
// group run side by side, their measured runs interleaved, so that each ratio compares figures
// taken at the same time on the same machine.
//
// server: { app, store: "memory" | "sqlite" | "mongo", env? }   a reference app: `app` is a name in
//                                              tests/apps/apps.json; SQLite rows get a new file each
//       | { script, mode }                     a server in src/servers/ (a baseline, or a host built
//                                              from @tessera/express or @tessera/koa)
// workload: hello (GET /), me (GET /api/users/me with a session cookie), login (POST /api/users/login),
//           register (POST /api/users/register, a new address each time),
//           mixed (reads of /api/users/me, alone and then during a login storm, on the same server),
//           host (GET `path` with a session cookie, on a host's own route; `guarded` says whether
//           requireSession is in front of it)
// baseline + target: the row's ratio is its req/s over the baseline's (mixed: read p99 with the storm
//           over read p99 without it), and the target, when given, is checked on that ratio.
// alsoVs:   a second row to show the req/s ratio to, for reference only (no target).

export const GROUPS = [
  "reference",
  "express-memory",
  "express-host",
  "koa-memory",
  "koa-host",
  "express-mongo",
  "koa-mongo",
  "login",
  "mixed",
];

export const ROWS = [
  {
    id: "node-hello",
    group: "reference",
    title: "bare node:http hello JSON (what the generator reaches)",
    server: { script: "node-baseline.mjs", mode: "hello" },
    workload: "hello",
  },

  {
    id: "express-hello",
    group: "express-memory",
    title: "Express 5 bare hello JSON (ceiling)",
    server: { script: "express-baseline.mjs", mode: "hello" },
    workload: "hello",
  },
  {
    id: "express-session-memory",
    group: "express-memory",
    title: "Express 5 + express-session, MemoryStore",
    server: { script: "express-baseline.mjs", mode: "session-memory" },
    workload: "me",
    baseline: "express-hello",
  },
  {
    id: "express-same-answer",
    group: "express-memory",
    title: "Express 5 + a router, the app's /api/users/me answer (body and headers) without a session",
    server: { script: "express-baseline.mjs", mode: "same-answer" },
    workload: "me",
  },
  {
    id: "express-app-memory",
    group: "express-memory",
    title: "Tessera Express app, in-memory store",
    server: { app: "express", store: "memory" },
    workload: "me",
    // What Tessera and the app cost over Express answering the same bytes; the bare hello (a
    // shorter answer, no headers of the app's) stays beside it for reference.
    baseline: "express-same-answer",
    target: { op: ">=", value: 0.9 },
    alsoVs: "express-hello",
  },
  {
    id: "express-app-sqlite",
    group: "express-memory",
    title: "Tessera Express app, SQLite store (a file, WAL)",
    server: { app: "express", store: "sqlite" },
    workload: "me",
    baseline: "express-app-memory",
  },

  {
    id: "express-host-open",
    group: "express-host",
    title: "Express host built from @tessera/express, its own route, no guard",
    server: { script: "express-host.mjs" },
    workload: "host",
    path: "/host/open",
    guarded: false,
  },
  {
    id: "express-host-guarded",
    group: "express-host",
    title: "Express host built from @tessera/express, its own route behind requireSession",
    server: { script: "express-host.mjs" },
    workload: "host",
    path: "/host/guarded",
    guarded: true,
    baseline: "express-host-open",
    target: { op: ">=", value: 0.9 },
  },

  {
    id: "koa-hello",
    group: "koa-memory",
    title: "Koa 3 bare hello JSON (ceiling)",
    server: { script: "koa-baseline.mjs", mode: "hello" },
    workload: "hello",
  },
  {
    id: "koa-session-cookie",
    group: "koa-memory",
    title: "Koa 3 + @koa/router + koa-session, cookie only",
    server: { script: "koa-baseline.mjs", mode: "session-cookie" },
    workload: "me",
    baseline: "koa-hello",
  },
  {
    id: "koa-same-answer",
    group: "koa-memory",
    title: "Koa 3 + @koa/router, the app's /api/users/me answer (body and headers) without a session",
    server: { script: "koa-baseline.mjs", mode: "same-answer" },
    workload: "me",
  },
  {
    id: "koa-app-memory",
    group: "koa-memory",
    title: "Tessera Koa app, in-memory store",
    server: { app: "koa", store: "memory" },
    workload: "me",
    baseline: "koa-same-answer",
    target: { op: ">=", value: 0.8 },
    alsoVs: "koa-hello",
  },
  {
    id: "koa-app-sqlite",
    group: "koa-memory",
    title: "Tessera Koa app, SQLite store (a file, WAL)",
    server: { app: "koa", store: "sqlite" },
    workload: "me",
    baseline: "koa-app-memory",
  },

  {
    id: "koa-host-open",
    group: "koa-host",
    title: "Koa host built from @tessera/koa, its own route, no guard",
    server: { script: "koa-host.mjs" },
    workload: "host",
    path: "/host/open",
    guarded: false,
  },
  {
    id: "koa-host-guarded",
    group: "koa-host",
    title: "Koa host built from @tessera/koa, its own route behind requireSession",
    server: { script: "koa-host.mjs" },
    workload: "host",
    path: "/host/guarded",
    guarded: true,
    baseline: "koa-host-open",
    target: { op: ">=", value: 0.8 },
  },

  {
    id: "express-session-mongo",
    group: "express-mongo",
    title: "Express 5 + express-session + connect-mongo, as configured out of the box (a touch write per read)",
    server: { script: "express-baseline.mjs", mode: "session-mongo", env: { BENCH_TOUCH_AFTER: "0" } },
    workload: "me",
    mongo: true,
  },
  {
    id: "express-session-mongo-tuned",
    group: "express-mongo",
    title: "Express 5 + express-session + connect-mongo with touchAfter: 60 (at most a write a minute)",
    server: { script: "express-baseline.mjs", mode: "session-mongo", env: { BENCH_TOUCH_AFTER: "60" } },
    workload: "me",
    mongo: true,
  },
  {
    id: "express-app-mongo",
    group: "express-mongo",
    title: "Tessera Express app, Mongo store",
    server: { app: "express", store: "mongo" },
    workload: "me",
    mongo: true,
    baseline: "express-session-mongo",
    target: { op: ">=", value: 1.5 },
  },

  {
    id: "koa-session-mongo",
    group: "koa-mongo",
    title: "Koa 3 + @koa/router + koa-session, mongodb-driver store",
    server: { script: "koa-baseline.mjs", mode: "session-mongo" },
    workload: "me",
    mongo: true,
  },
  {
    id: "koa-app-mongo",
    group: "koa-mongo",
    title: "Tessera Koa app, Mongo store",
    server: { app: "koa", store: "mongo" },
    workload: "me",
    mongo: true,
    baseline: "koa-session-mongo",
    target: { op: ">=", value: 1.5 },
  },

  {
    id: "bcrypt-login",
    group: "login",
    title: "bare node:http + one bcrypt.compare per login (ceiling)",
    server: { script: "node-baseline.mjs", mode: "bcrypt-login" },
    workload: "login",
  },
  {
    id: "express-app-login",
    group: "login",
    title: "Tessera Express app, POST /api/users/login, in-memory store",
    server: { app: "express", store: "memory" },
    workload: "login",
    baseline: "bcrypt-login",
  },
  {
    id: "koa-app-login",
    group: "login",
    title: "Tessera Koa app, POST /api/users/login, in-memory store",
    server: { app: "koa", store: "memory" },
    workload: "login",
    baseline: "bcrypt-login",
  },

  {
    id: "express-app-login-sqlite",
    group: "login",
    title: "Tessera Express app, POST /api/users/login, SQLite store",
    server: { app: "express", store: "sqlite" },
    workload: "login",
    baseline: "express-app-login",
  },
  {
    id: "koa-app-login-sqlite",
    group: "login",
    title: "Tessera Koa app, POST /api/users/login, SQLite store",
    server: { app: "koa", store: "sqlite" },
    workload: "login",
    baseline: "koa-app-login",
  },
  {
    id: "express-app-register-sqlite",
    group: "login",
    title: "Tessera Express app, POST /api/users/register (a new address each), SQLite store",
    server: { app: "express", store: "sqlite", env: { REGISTER_MAX_PER_ADDRESS: "10000" } },
    workload: "register",
  },
  {
    id: "koa-app-register-sqlite",
    group: "login",
    title: "Tessera Koa app, POST /api/users/register (a new address each), SQLite store",
    server: { app: "koa", store: "sqlite", env: { REGISTER_MAX_PER_ADDRESS: "10000" } },
    workload: "register",
  },

  {
    id: "express-app-mixed",
    group: "mixed",
    title: "Tessera Express app, reads during a login storm, in-memory store",
    server: { app: "express", store: "memory" },
    workload: "mixed",
    target: { op: "<=", value: 2 },
  },
  {
    id: "koa-app-mixed",
    group: "mixed",
    title: "Tessera Koa app, reads during a login storm, in-memory store",
    server: { app: "koa", store: "memory" },
    workload: "mixed",
    target: { op: "<=", value: 2 },
  },
];

/**
 * The rows the filters name (an id, a part of one, or a glob with *), plus the rows those rows are
 * compared with (baseline and alsoVs), in table order. No filter: every row.
 */
export function selectRows(filters) {
  if (!filters.length) return [...ROWS];
  const wanted = new Set();
  for (const filter of filters) {
    const pattern = filter.includes("*")
      ? new RegExp(`^${filter.split("*").map(escapeRegExp).join(".*")}$`)
      : null;
    const matches = ROWS.filter((row) => (pattern ? pattern.test(row.id) : row.id.includes(filter)));
    if (!matches.length) throw new Error(`no row matches "${filter}"; rows: ${ROWS.map((row) => row.id).join(", ")}`);
    for (const row of matches) wanted.add(row.id);
  }
  for (const row of ROWS) {
    if (!wanted.has(row.id)) continue;
    if (row.baseline) wanted.add(row.baseline);
    if (row.alsoVs) wanted.add(row.alsoVs);
  }
  return ROWS.filter((row) => wanted.has(row.id));
}

function escapeRegExp(text) {
  return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}
