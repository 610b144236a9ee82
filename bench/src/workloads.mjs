// What a row's load is: set-up over HTTP first (a user registered or logged in, its session cookie
// kept, the answer checked once), then the load generator's jobs for the row (row.jobs, and
// row.aloneJobs for the mixed rows). A row whose set-up answer is wrong never gets measured.
import { cookieHeader, httpRequest } from "./lib/proc.mjs";

/** Every user's password; the baselines' bcrypt-login hashes the same one (BENCH_PASSWORD). */
export const PASSWORD = "bench: correct horse battery staple";
const JSON_HEADERS = { "content-type": "application/json" };

async function post(url, body, headers = {}) {
  return httpRequest(url, { method: "POST", headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) });
}

/** Registers a user on a server that serves Tessera's routes and returns its session cookie. */
async function register(row, email) {
  const response = await post(`${row.base}/api/users/register`, { email, password: PASSWORD });
  if (response.status !== 201) throw new Error(`${row.id}: register answered ${response.status} ${response.body.slice(0, 200)}`);
  const cookie = cookieHeader(response);
  if (!cookie) throw new Error(`${row.id}: register set no cookie`);
  return cookie;
}

async function expectStatus(row, url, headers, status, check = () => true) {
  const response = await httpRequest(url, { headers });
  if (response.status !== status || !check(response.body)) {
    throw new Error(`${row.id}: GET ${url} answered ${response.status} ${response.body.slice(0, 200)}`);
  }
}

const expectOk = (row, url, headers, check) => expectStatus(row, url, headers, 200, check);

const parsesTo = (test) => (body) => {
  try {
    return test(JSON.parse(body));
  } catch {
    return false;
  }
};

/**
 * Rows whose requests each cost a bcrypt hash (logins, registrations): a few per second, so they
 * run a fixed number of requests sized from their warm-up, on fewer connections.
 */
export function isHashing(row) {
  return row.workload === "login" || row.workload === "register";
}

/** Sets row.jobs (and row.aloneJobs) for `row`, whose server answers at row.base. */
export async function setUp(bench, row) {
  const { settings, runId } = bench;
  const email = `${row.id}-${runId}@example.org`;
  const readJob = (cookie, path = "/api/users/me") => ({
    name: "reads",
    url: `${row.base}${path}`,
    headers: { cookie },
    connections: settings.connections,
    timeout: 10,
  });
  // Logins go round many accounts, as real ones do: each account has 5 throttle slots, and a storm
  // of parallel logins to one account would be (rightly) throttled, not measured.
  const loginJob = (emails) => ({
    name: "logins",
    url: `${row.base}/api/users/login`,
    method: "POST",
    headers: JSON_HEADERS,
    bodies: emails.map((userEmail) => JSON.stringify({ email: userEmail, password: PASSWORD })),
    connections: settings.loginConnections,
    timeout: 60,
  });
  const registerMany = async (prefix) => {
    const emails = Array.from({ length: settings.loginConnections * 2 }, (_, i) => `${prefix}-${i}-${email}`);
    for (const each of emails) await register(row, each);
    return emails;
  };
  const hasUser = (expected) => parsesTo((body) => body.user?.email === expected);

  switch (row.workload) {
    case "hello": {
      await expectOk(row, `${row.base}/`, {}, (body) => JSON.parse(body).hello === "world");
      row.jobs = [{ name: "hello", url: `${row.base}/`, connections: settings.connections, timeout: 10 }];
      break;
    }
    case "me": {
      let cookie;
      if (row.server.app) cookie = await register(row, email);
      else {
        const response = await post(`${row.base}/login`, { email });
        if (response.status !== 200) throw new Error(`${row.id}: POST /login answered ${response.status}`);
        cookie = cookieHeader(response);
      }
      await expectOk(row, `${row.base}/api/users/me`, { cookie }, hasUser(email));
      row.jobs = [readJob(cookie)];
      break;
    }
    case "host": {
      // A host's own route, guarded or not, on a server built from the public package: the user is
      // registered through Tessera's routes it mounts, and both rows of a pair send the same cookie.
      const cookie = await register(row, email);
      const url = `${row.base}${row.path}`;
      await expectOk(row, url, { cookie }, parsesTo((body) => Array.isArray(body.notes)));
      // The pair measures what it says only if the guard is there on one route and not on the other.
      await expectStatus(row, url, {}, row.guarded ? 401 : 200);
      row.jobs = [readJob(cookie, row.path)];
      break;
    }
    case "login": {
      const emails = row.server.app ? await registerMany("login") : [email];
      const response = await post(`${row.base}/api/users/login`, { email: emails[0], password: PASSWORD });
      if (response.status !== 200) throw new Error(`${row.id}: login answered ${response.status} ${response.body.slice(0, 200)}`);
      row.jobs = [loginJob(emails)];
      break;
    }
    case "register": {
      // Every request a new address: one bcrypt hash and one insert each, as a real sign-up. The
      // generator runs in a process of its own: it is told how to make the bodies, not given a function.
      await register(row, `register-first-${email}`);
      const newAccounts = { prefix: `register-${row.id}`, domain: "example.org", password: PASSWORD };
      row.jobs = [{ ...loginJob([]), name: "registrations", url: `${row.base}/api/users/register`, bodies: undefined, newAccounts }];
      break;
    }
    case "mixed": {
      const cookie = await register(row, email);
      const stormEmails = await registerMany("storm");
      await expectOk(row, `${row.base}/api/users/me`, { cookie }, hasUser(email));
      row.aloneJobs = [readJob(cookie)];
      row.jobs = [readJob(cookie), { ...loginJob(stormEmails), background: true }];
      break;
    }
    default:
      throw new Error(`unknown workload ${row.workload}`);
  }
}
