"""Prints one line per app from schemathesis's JSON report; exits 1 when it found any failure."""

import glob
import json
import sys

app, folder = sys.argv[1], sys.argv[2]
reports = sorted(glob.glob(f"{folder}/*.json"))
if not reports:
    print(f"[schemathesis] {app}: no report written")
    sys.exit(1)
report = json.load(open(reports[-1]))
cases = report["test_cases"]
failures = report.get("failures", [])
server_errors = sum(f["count"] for f in failures if f["type"] == "ServerError")
SCHEMA_VIOLATIONS = {
    "JsonSchemaError",
    "MalformedJson",
    "UndefinedStatusCode",
    "UndefinedContentType",
    "MissingContentType",
    "MalformedMediaType",
    "MissingHeaders",
    "DiscriminatorMismatch",
    "ContentDeserializationError",
    "AllowHeaderMismatch",
}
schema = sum(f["count"] for f in failures if f["type"] in SCHEMA_VIOLATIONS)
print(
    f"[schemathesis] {app}: {cases['generated']} generated requests, {server_errors} 5xx seen, "
    f"{schema} schema violations, {len(failures)} failures of any kind, {len(report.get('errors', []))} errors"
)
for failure in failures:
    print(f"  {failure['code']} {failure['title']}: {failure['count']} in {', '.join(failure['operations'])}")
sys.exit(1 if failures or report.get("errors") else 0)
