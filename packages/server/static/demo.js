// The demo page: every button is one call of the API, and every answer is shown as the API gave it.
"use strict";

const $ = (id) => document.getElementById(id);
const when = (iso) => (iso ? new Date(iso).toLocaleString() : "");
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const errorCode = (data) => (data && Array.isArray(data.errors) ? data.errors[0]?.code : undefined);

/** Whether this page was signed in: a 401 then means the session ended elsewhere, not that nobody signed in. */
let hadSession = false;
/** The token of a reset link this page was opened with, until it is used. */
let resetToken = null;

/**
 * One call of the API. Its answer goes to the answer panel unless `silent` (a read that follows an
 * action, whose own answer stays in view); `calm` shows a 401 without the error mark (the first
 * look for a session, before anyone did anything).
 */
async function call(method, path, body, { silent = false, calm = false } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch {
    showText(`${method} ${path} → no answer\nThe app did not answer: is it still running?`, "0", true);
    return { ok: false, status: 0, data: null };
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  if (!silent) show(method, path, response.status, data, calm && response.status === 401);
  if (response.status === 401 && errorCode(data) === "unauthorized" && hadSession) sessionEnded();
  return { ok: response.ok, status: response.status, data };
}

function show(method, path, status, data, calm) {
  const errors = errorCode(data) ? data.errors.map((e) => `${e.title}: ${e.detail} (${e.code})`).join("\n") : "";
  const body = typeof data === "string" ? data : JSON.stringify(data, null, 2);
  showText(`${method} ${path} → ${status}\n${errors || body || ""}`, String(status), status >= 400 && !calm);
}

function showText(text, status, isError) {
  const answer = $("answer");
  answer.dataset.status = status;
  answer.toggleAttribute("data-error", isError);
  answer.textContent = text;
}

/** A sentence for the person at the page, above everything else; empty hides it. */
function notify(text, tone = "info") {
  const notice = $("notice");
  notice.textContent = text;
  notice.dataset.tone = tone;
  notice.hidden = !text;
}

function sessionEnded() {
  signedIn(null);
  notify("Your session ended: signed out elsewhere, or it expired. Log in again.", "warning");
}

function signedIn(user) {
  hadSession = Boolean(user);
  $("signed-out").hidden = Boolean(user);
  $("signed-in").hidden = !user;
  $("status").textContent = user ? `Signed in as ${user.email}` : "Not signed in";
  const me = $("me");
  me.replaceChildren();
  $("resend-verification").hidden = !user || user.emailVerified;
  if (!user) {
    $("sessions").querySelector("tbody").replaceChildren();
    return;
  }
  const verified = user.emailVerified ? "Yes" : "Not yet: use the link sent to it";
  for (const [term, value, id] of [["Email", user.email], ["Verified", verified, "verified"], ["Id", user.id], ["Since", when(user.createdAt)]]) {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = value;
    if (id) dd.id = id;
    me.append(dt, dd);
  }
}

async function refresh(options) {
  const me = await call("GET", "/api/users/me", undefined, options);
  signedIn(me.ok ? me.data.user : null);
  if (me.ok) await listSessions(options);
}

// Sessions -----------------------------------------------------------------------------------

const BROWSERS = [
  ["Edge", /\bEdg(?:e|A|iOS)?\/(\d+)/],
  ["Opera", /\b(?:OPR|OPT)\/(\d+)/],
  ["Samsung Internet", /\bSamsungBrowser\/(\d+)/],
  ["Firefox", /\b(?:Firefox|FxiOS)\/(\d+)/],
  ["Headless Chrome", /\bHeadlessChrome\/(\d+)/],
  ["Chromium", /\bChromium\/(\d+)/],
  ["Chrome", /\b(?:Chrome|CriOS)\/(\d+)/],
  // Last: every browser above says "Safari" too.
  ["Safari", /\bVersion\/(\d+)[^ ]*(?: Mobile\/\S+)? Safari\//],
];
const SYSTEMS = [
  // Before macOS and Linux: an iPad says "like Mac OS X", Android says "Linux".
  ["iOS", /\b(?:iPhone|iPad|iPod)\b/],
  ["Android", /\bAndroid\b/],
  ["ChromeOS", /\bCrOS\b/],
  ["Windows", /\bWindows\b/],
  ["macOS", /\bMacintosh\b|\bMac OS X\b/],
  ["Linux", /\bLinux\b/],
];

/** "Chrome 131 on Linux", "Safari 17 on iOS": the browser and system a User-Agent names, else the string shortened. */
function describeDevice(userAgent) {
  if (!userAgent) return "unknown";
  const browser = BROWSERS.map(([name, pattern]) => [name, userAgent.match(pattern)]).find(([, match]) => match);
  const system = SYSTEMS.find(([, pattern]) => pattern.test(userAgent));
  if (!browser) return userAgent.length > 40 ? `${userAgent.slice(0, 39)}…` : userAgent;
  const [name, match] = browser;
  return `${name} ${match[1]}${system ? ` on ${system[0]}` : ""}`;
}

function cell(label, text) {
  const td = document.createElement("td");
  td.dataset.label = label;
  td.textContent = text;
  return td;
}

async function listSessions(options) {
  const { ok, data } = await call("GET", "/api/sessions", undefined, options);
  const body = $("sessions").querySelector("tbody");
  body.replaceChildren();
  if (!ok) return;
  for (const session of data.sessions) {
    const row = document.createElement("tr");
    const device = cell("Device", describeDevice(session.userAgent));
    // The raw string stays at hand, for whoever wants the whole of it.
    if (session.userAgent) device.title = session.userAgent;
    if (session.current) {
      row.className = "current";
      const marker = document.createElement("span");
      marker.className = "marker";
      marker.setAttribute("aria-hidden", "true");
      marker.textContent = "● ";
      const words = document.createElement("span");
      words.className = "visually-hidden";
      words.textContent = "(this browser) ";
      device.prepend(marker, words);
    }
    row.append(device, cell("Started", when(session.createdAt)), cell("Last used", when(session.lastUsedAt)), cell("Expires", when(session.expiresAt)));
    const end = document.createElement("td");
    const revoke = document.createElement("button");
    revoke.type = "button";
    revoke.className = "secondary";
    revoke.textContent = session.current ? "End this one" : "End";
    revoke.addEventListener("click", async () => {
      notify("");
      const result = await call("DELETE", `/api/sessions/${encodeURIComponent(session.id)}`);
      if (result.status === 204 && session.current) {
        signedIn(null);
        notify("This browser's session is ended: you are signed out.");
      } else if (hadSession) await listSessions({ silent: true });
    });
    end.append(revoke);
    row.append(end);
    body.append(row);
  }
}

// Mail -----------------------------------------------------------------------------------------

/** The ids of the messages on show, newest first: the list is drawn again only when they change. */
let shownMail = null;
/** Each watch of the outbox has a number: a newer watch ends an older one. */
let outboxWatch = 0;

/** The development outbox, drawn; answers its messages, or null when there is none to read. */
async function loadOutbox() {
  const state = $("outbox-state");
  let response;
  try {
    response = await fetch("/dev/outbox", { credentials: "same-origin" });
  } catch {
    state.textContent = "The app did not answer: is it still running?";
    return null;
  }
  if (response.status === 404) {
    state.textContent = "This app has no development outbox (it runs in production, or sends over SMTP): mail goes out by email instead.";
    drawOutbox([]);
    return null;
  }
  if (!response.ok) {
    state.textContent = `The outbox could not be read (${response.status}).`;
    return null;
  }
  const { messages } = await response.json();
  state.textContent = messages.length
    ? `What the app "sent", newest first (${messages.length}). Nothing leaves this machine: open the links from here.`
    : "No mail yet. What the app sends (verification, reset links, notices) shows here.";
  drawOutbox(messages);
  return messages;
}

function drawOutbox(messages) {
  const ids = messages.map((message) => message.id).join(" ");
  if (ids === shownMail) return;
  shownMail = ids;
  $("outbox").replaceChildren(...messages.map(mailItem));
}

function mailItem(message) {
  const item = document.createElement("li");
  item.className = "mail";
  const subject = document.createElement("h3");
  subject.textContent = message.subject;
  const meta = document.createElement("p");
  meta.className = "meta";
  meta.textContent = `To ${message.to} · ${when(message.createdAt)}`;
  const text = document.createElement("p");
  text.className = "mail-text";
  // Links become links; everything else stays text.
  for (const [i, part] of message.text.split(/(https?:\/\/[^\s<>"]+)/).entries()) {
    if (i % 2 === 0) {
      text.append(part);
      continue;
    }
    const link = document.createElement("a");
    link.href = part;
    link.textContent = part;
    text.append(link);
  }
  item.append(subject, meta, text);
  return item;
}

/** Reads the outbox now, then again a few times: the courier sends a moment after the answer. */
async function watchOutbox() {
  const watch = ++outboxWatch;
  let newest = shownMail?.split(" ")[0] ?? "";
  let changed = false;
  for (let round = 0; round < 16 && watch === outboxWatch; round++) {
    const messages = await loadOutbox();
    if (!messages) return;
    const now = messages[0]?.id ?? "";
    // Once something arrived, one quiet round more catches the letter sent beside it.
    if (changed && now === newest) return;
    if (now !== newest) [changed, newest] = [true, now];
    await pause(500);
  }
}

// Links from mail: #reset=<token>, #verify=<token> -------------------------------------------------

function clearFragment() {
  history.replaceState(null, "", `${location.pathname}${location.search}`);
}

async function readFragment() {
  const match = /^#(reset|verify)=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (!match) return;
  const [, action, token] = match;
  if (action === "reset") {
    resetToken = token;
    $("reset").hidden = false;
    $("reset-password").focus();
    return;
  }
  const result = await call("POST", "/api/users/email/verify", { token });
  clearFragment();
  if (result.ok) notify(`${result.data.title}: ${result.data.detail}.`, "success");
  else notify(`This link did not work: ${result.data?.errors?.[0]?.detail ?? `answer ${result.status}`}.`, "error");
  if (hadSession) await refresh({ silent: true });
  watchOutbox();
}

function closeReset() {
  resetToken = null;
  $("reset").hidden = true;
  $("reset-password").value = "";
  clearFragment();
}

$("reset-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  notify("");
  const result = await call("POST", "/api/users/password/reset", { token: resetToken, newPassword: $("reset-password").value });
  if (result.ok) {
    closeReset();
    // Every session of the account ended, this browser's too when it was signed in to it.
    if (hadSession) await refresh({ silent: true });
    notify("Your password is reset and every session of the account was signed out: log in with the new password.", "success");
    watchOutbox();
  } else if (errorCode(result.data) === "invalid_token") {
    closeReset();
    notify("This reset link does not work (expired, used, or replaced by a newer one): ask for a new one.", "error");
  }
});

$("reset-cancel").addEventListener("click", closeReset);

// Account ----------------------------------------------------------------------------------------

$("account-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  notify("");
  const action = event.submitter?.dataset.action === "register" ? "register" : "login";
  const email = $("email").value;
  const result = await call("POST", `/api/users/${action}`, { email, password: $("password").value });
  const code = errorCode(result.data);
  if (result.ok) {
    $("password").value = "";
    await refresh({ silent: true });
    if (action === "register") {
      notify(
        hadSession
          ? `Registered. A verification link was sent to ${email}: open it from the outbox below.`
          : `Registered. Confirm the address with the link sent to ${email} (see the outbox below), then log in.`,
        "success",
      );
      watchOutbox();
    }
  } else if (action === "register" && result.status === 503 && code === "store_unavailable") {
    notify("The store did not answer; the account may have been created: try logging in.", "error");
  } else if (code === "email_not_verified") {
    notify("Confirm the address first, with the link sent to it at sign-up (see the outbox below), then log in. Lost it? Forgot password sends a link that confirms the address too.", "warning");
  }
});

$("forgot-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  notify("");
  const result = await call("POST", "/api/users/password/forgot", { email: $("forgot-email").value });
  if (result.ok) {
    notify(`${result.data.detail}.`, "success");
    watchOutbox();
  }
});

$("refresh").addEventListener("click", () => {
  notify("");
  refresh();
});

$("logout").addEventListener("click", async () => {
  notify("");
  const result = await call("POST", "/api/users/logout");
  if (result.ok) signedIn(null);
});

$("resend-verification").addEventListener("click", async () => {
  notify("");
  const result = await call("POST", "/api/users/email/verification");
  if (result.ok) {
    notify(`${result.data.detail}.`, "success");
    watchOutbox();
  }
});

$("revoke-others").addEventListener("click", async () => {
  notify("");
  const result = await call("DELETE", "/api/sessions");
  if (result.ok) await listSessions({ silent: true });
});

$("password-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  notify("");
  const result = await call("POST", "/api/users/password", { currentPassword: $("current-password").value, newPassword: $("new-password").value });
  if (result.ok) {
    $("current-password").value = "";
    $("new-password").value = "";
    await listSessions({ silent: true });
    watchOutbox();
  }
});

$("email-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  notify("");
  const newEmail = $("new-email").value;
  const result = await call("POST", "/api/users/email", { newEmail, currentPassword: $("email-password").value });
  if (result.ok) {
    $("new-email").value = "";
    $("email-password").value = "";
    notify(`A confirmation link went to ${newEmail}: the address changes once it is used (see the outbox below).`, "success");
    watchOutbox();
  }
});

$("delete-form").addEventListener("submit", (event) => {
  event.preventDefault();
  notify("");
  $("delete-confirm").hidden = false;
  $("delete-yes").focus();
});

$("delete-no").addEventListener("click", () => {
  $("delete-confirm").hidden = true;
});

$("delete-yes").addEventListener("click", async () => {
  $("delete-confirm").hidden = true;
  const result = await call("DELETE", "/api/users/me", { currentPassword: $("delete-password").value });
  if (result.ok) {
    $("delete-password").value = "";
    signedIn(null);
    notify("The account is deleted, with its sessions and its mail: you are signed out.", "success");
    watchOutbox();
  }
});

$("outbox-refresh").addEventListener("click", () => watchOutbox());

// The store --------------------------------------------------------------------------------------

const STORES = {
  memory: "Store: memory. Everything (accounts, sessions, mail) is forgotten when the app stops.",
  sqlite: "Store: sqlite, a database file on the server: accounts and sessions survive a restart.",
  mongodb: "Store: mongodb: accounts and sessions survive a restart, shared by every app instance on the database.",
};

function showStore() {
  const store = $("store");
  const name = store.dataset.store;
  if (!name) return;
  store.textContent = STORES[name] ?? `Store: ${name}.`;
  store.classList.toggle("warning", name === "memory");
  store.hidden = false;
}

window.addEventListener("hashchange", readFragment);

showStore();
(async () => {
  await refresh({ calm: true });
  await readFragment();
  await loadOutbox();
})();
