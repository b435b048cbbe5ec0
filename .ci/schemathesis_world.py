"""Makes the demo app's data worth fuzzing, then prints the tokens schemathesis runs with.

Through the API, as the demo's people would: the manager imports a training roster, uploads
evidence, answers and submits two assessments; the auditor approves one (a certificate) and
raises a finding on the other. The ids of what was made are written to the file named by
SCHEMATHESIS_IDS, for the hooks in schemathesis_hooks.py to put in generated paths.

Usage: schemathesis_world.py PORT PASSWORD IDS_FILE
Prints one line per role: "<role> <bearer token>".
"""

import json
import sys
import time
import urllib.error
import urllib.request

port, password, ids_file = sys.argv[1], sys.argv[2], sys.argv[3]
base = f"http://127.0.0.1:{port}"


def call(method, path, token=None, body=None, content_type="application/json"):
    data = None
    headers = {}
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        headers["Content-Type"] = content_type
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req) as res:
            raw = res.read()
    except urllib.error.HTTPError as e:
        sys.exit(f"{method} {path}: {e.code} {e.read()[:300]!r}")
    return json.loads(raw) if raw[:1] in (b"{", b"[") else raw


for _ in range(600):
    try:
        urllib.request.urlopen(base + "/readyz", timeout=1)
        break
    except Exception:
        time.sleep(0.1)

tokens = {
    role: call("POST", "/api/v1/auth/login", body={"email": f"{role}@demo.test", "password": password})["token"]
    for role in ("admin", "company", "manager", "auditor")
}
manager, auditor = tokens["manager"], tokens["auditor"]

site = call("GET", "/api/v1/sites", manager)["sites"][0]
site_id = site["id"]
roster = (
    "employee_ref;job_role;start_date;module;completed_on;delivery\n"
    "R1;reception;2020-01-01;ecpat_basic;2026-01-15;elearning\n"
    "R2;housekeeping;2021-03-01;ecpat_basic;2026-02-01;classroom\n"
).encode()
call("POST", f"/api/v1/sites/{site_id}/training-records/import", manager, roster, "text/csv")

boundary = "schemathesis-world"
upload = (
    f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"policy.pdf\"\r\n"
    "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n%%EOF\n\r\n"
    f"--{boundary}--\r\n"
).encode()
evidence = call(
    "POST", f"/api/v1/sites/{site_id}/evidence", manager, upload,
    f"multipart/form-data; boundary={boundary}",
)

items = [
    item["key"]
    for criterion in call("GET", "/api/v1/criteria", manager)["criteria"]
    for item in criterion["items"]
]
criterion = call("GET", "/api/v1/criteria", manager)["criteria"][0]["id"]


def submitted(year):
    a = call("POST", f"/api/v1/sites/{site_id}/assessments", manager, {"year": year})
    for key in items:
        call("PUT", f"/api/v1/assessments/{a['id']}/answers/{key}", manager, {"answer": "yes"})
    call("POST", f"/api/v1/assessments/{a['id']}/submit", manager)
    return a["id"]


approved = submitted(2025)
call("POST", f"/api/v1/assessments/{approved}/approve", auditor)
serial = call("GET", f"/api/v1/assessments/{approved}", auditor)["certificate_serial"]
in_review = submitted(2026)
finding = call(
    "POST", f"/api/v1/assessments/{in_review}/findings", auditor,
    {"item_key": items[0], "severity": "minor", "action": "Sign the policy", "due_date": "2030-01-31"},
)
notification = call("GET", "/api/v1/notifications", manager)["notifications"][0]["id"]

with open(ids_file, "w") as f:
    json.dump(
        {
            "site": site_id,
            "unit": site["unit_id"],
            "company": site["company_id"],
            "assessment": [approved, in_review],
            "finding": finding["id"],
            "evidence": evidence["id"],
            "notification": notification,
            "serial": serial,
            "year": 2025,
            "employee_ref": "R1",
            "item": items[0],
            "criterion": criterion,
        },
        f,
    )
for role, token in tokens.items():
    print(role, token)
