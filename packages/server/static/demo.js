// The demo page: every button is one call of the API, and every answer is shown as the API gave it.
"use strict";

const $ = (id) => document.getElementById(id);
const when = (iso) => (iso ? new Date(iso).toLocaleString() : "");

async function call(method, path, body) {
  const response = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  show(method, path, response.status, data);
  return { ok: response.ok, status: response.status, data };
}

function show(method, path, status, data) {
  const answer = $("answer");
  answer.dataset.status = String(status);
  const errors = data && Array.isArray(data.errors) ? data.errors.map((e) => `${e.title}: ${e.detail} (${e.code})`).join("\n") : "";
  answer.textContent = `${method} ${path} → ${status}\n${errors || JSON.stringify(data, null, 2) || ""}`;
}

function signedIn(user) {
  $("signed-out").hidden = Boolean(user);
  $("signed-in").hidden = !user;
  $("status").textContent = user ? `Signed in as ${user.email}` : "Not signed in";
  const me = $("me");
  me.replaceChildren();
  if (!user) return;
  for (const [term, value] of [["Email", user.email], ["Id", user.id], ["Since", when(user.createdAt)]]) {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = value;
    me.append(dt, dd);
  }
}

async function refresh() {
  const me = await call("GET", "/api/users/me");
  signedIn(me.ok ? me.data.user : null);
  if (me.ok) await listSessions();
}

async function listSessions() {
  const { ok, data } = await call("GET", "/api/sessions");
  const body = $("sessions").querySelector("tbody");
  body.replaceChildren();
  if (!ok) return;
  for (const session of data.sessions) {
    const row = document.createElement("tr");
    if (session.current) row.className = "current";
    for (const value of [when(session.createdAt), when(session.lastUsedAt), when(session.expiresAt), session.userAgent ?? "unknown"]) {
      const cell = document.createElement("td");
      cell.textContent = value;
      row.append(cell);
    }
    const cell = document.createElement("td");
    const revoke = document.createElement("button");
    revoke.type = "button";
    revoke.textContent = session.current ? "End this one" : "End";
    revoke.addEventListener("click", async () => {
      const result = await call("DELETE", `/api/sessions/${encodeURIComponent(session.id)}`);
      if (result.status === 204 && session.current) signedIn(null);
      else await listSessions();
    });
    cell.append(revoke);
    row.append(cell);
    body.append(row);
  }
}

$("account-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const action = event.submitter?.dataset.action === "register" ? "register" : "login";
  const result = await call("POST", `/api/users/${action}`, { email: $("email").value, password: $("password").value });
  if (result.ok) {
    $("password").value = "";
    await refresh();
    show("POST", `/api/users/${action}`, result.status, result.data);
  }
});

$("refresh").addEventListener("click", refresh);

$("logout").addEventListener("click", async () => {
  const result = await call("POST", "/api/users/logout");
  if (result.ok) signedIn(null);
});

$("revoke-others").addEventListener("click", async () => {
  const result = await call("DELETE", "/api/sessions");
  if (result.ok) {
    await listSessions();
    show("DELETE", "/api/sessions", result.status, result.data);
  }
});

$("password-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const result = await call("POST", "/api/users/password", { currentPassword: $("current-password").value, newPassword: $("new-password").value });
  if (result.ok) {
    $("current-password").value = "";
    $("new-password").value = "";
    await listSessions();
    show("POST", "/api/users/password", result.status, result.data);
  }
});

refresh();
