"""Schemathesis hooks for Tessera: signed-in operations get a fresh bearer session.

Operations that need a session get the token of a freshly registered account, renewed every couple
of seconds, so a logout or password change that one case makes never leaves the rest without one.
"""

import json
import secrets
import urllib.request

import schemathesis

SESSION_PATHS = r"^/api/(sessions|users/(me|logout|password|email))"


# A token lives a couple of seconds, so a stateful chain (list sessions, then revoke one) runs as one user.
@schemathesis.auth(refresh_interval=2).apply_to(path_regex=SESSION_PATHS)
class FreshBearerSession:
    def get(self, case, context):
        base = case.operation.base_url.rstrip("/")
        body = json.dumps({"email": f"st-{secrets.token_hex(8)}@example.org", "password": "schemathesis-" + secrets.token_hex(8)})
        request = urllib.request.Request(
            f"{base}/api/users/register",
            data=body.encode(),
            headers={"Content-Type": "application/json", "X-Session-Transport": "bearer"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)["token"]

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"
