# SPDX-License-Identifier: Apache-2.0
"""Offline checks of openapi/phota-api.json (no server needed).

- the document is valid OpenAPI 3.1 (openapi-spec-validator);
- schemathesis loads every operation; each studio response documents the required X-Phota-Deprecation-Date header;
- the studio request schemas are the reference FastAPI app's (tools/golden/reference_app.py), give or take the
  descriptions and the `async` → `response_mode: urls` rule the document adds;
- sample answers of the studio and job operations validate against their documented responses;
- request bodies schemathesis generates from the document are ones the reference app accepts.

Usage (a venv with tools/golden/requirements.txt, openapi-spec-validator and schemathesis):
    python tools/check_openapi.py
"""
import copy
import datetime
import json
import sys
from pathlib import Path

import httpx
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from openapi_spec_validator.validation import OpenAPIV31SpecValidator

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "openapi/phota-api.json"
sys.path.insert(0, str(ROOT / "tools/golden"))
import reference_app  # noqa: E402

STUDIO = ["edit", "generate", "enhance", "remix"]
REQUESTS = ["EditRequest", "GenerateRequest", "EnhanceRequest", "RemixRequest"]
ENUMS = ["AspectRatio", "Resolution", "BaseModelName", "Quality", "OutputFormat", "ResponseMode"]
HEADER = "X-Phota-Deprecation-Date"
failures: list[str] = []


def check(condition: bool, message: str) -> None:
    if not condition:
        failures.append(message)


def without_additions(schema: dict) -> dict:
    schema = copy.deepcopy(schema)
    for key in ("if", "then", "else"):
        schema.pop(key, None)
    properties = schema.get("properties", {})
    for name, prop in list(properties.items()):
        prop.pop("description", None)
        # The lax forms Pydantic also accepts (0/1 and words for a bool, numeric strings for an int) are listed
        # after the strict type FastAPI documents; the strict type alone is the reference's.
        alternatives = prop.get("anyOf", [])
        if alternatives and alternatives[0].get("type") in ("boolean", "integer"):
            strict = {key: value for key, value in prop.items() if key != "anyOf"}
            strict.update(alternatives[0])
            properties[name] = strict
    return schema


def main() -> int:
    raw = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    validate(raw, cls=OpenAPIV31SpecValidator)
    print("openapi-spec-validator: valid OpenAPI 3.1")

    fastapi = reference_app.app.openapi()["components"]["schemas"]
    for name in REQUESTS:
        check(without_additions(raw["components"]["schemas"][name]) == without_additions(fastapi[name]),
              f"{name} differs from the reference app's schema")
    for name in ENUMS:
        check(raw["components"]["schemas"][name] == fastapi[name], f"{name} differs from the reference app's")

    schema = schemathesis.openapi.from_path(str(DOCUMENT))
    operations = {}
    for result in schema.get_all_operations():
        operation = result.ok()  # raises if an operation cannot be loaded
        operations[operation.label] = operation
    print(f"schemathesis: {len(operations)} operations loaded")

    client = TestClient(reference_app.app)
    for name in STUDIO:
        label = f"POST /v1/phota/{name}"
        operation = operations.get(label)
        check(operation is not None, f"{label} missing")
        if operation is None:
            continue
        statuses = sorted(operation.definition.raw["responses"])
        check(statuses == ["200", "202", "400", "401", "402", "404", "409", "422", "429", "500", "503", "504"],
              f"{label}: statuses {statuses}")
        for status in statuses:
            headers = dict(operation.responses.find_by_status_code(int(status)).headers.items())
            check(HEADER in headers and headers[HEADER].is_required and headers[HEADER].schema == {"type": "string"},
                  f"{label} {status}: no required {HEADER}")

        def answers(status: int, body, *, valid: bool = True, content_type: str | None = None) -> None:
            request = httpx.Request("POST", f"http://127.0.0.1:8040/v1/phota/{name}")
            if content_type is None:
                response = httpx.Response(status, json=body, request=request, headers={HEADER: "2026-05-08"})
            else:
                response = httpx.Response(status, content=body, request=request,
                                          headers={HEADER: "2026-05-08", "content-type": content_type})
            response.elapsed = datetime.timedelta(0)
            check(operation.is_valid_response(response) == valid,
                  f"{label}: {status} {body!r} should be {'valid' if valid else 'invalid'}")

        error = {"detail": "x", "request_id": "r"}
        answers(200, {"known_subjects": {"counts": {}}, "images": ["iVBORw0KGgo="], "download_urls": []})
        answers(200, {"known_subjects": {"counts": {"p1": 2}}, "images": [],
                      "download_urls": ["https://example.com/a.png?sig=1"]})
        answers(200, {"known_subjects": {"counts": None}, "images": [], "download_urls": []}, valid=False)
        answers(200, {"known_subjects": {"counts": {"p1": -1}}, "images": [], "download_urls": []}, valid=False)
        job_id = "0123456789abcdef0123456789abcdef"
        job = {"job_id": job_id, "status": "QUEUED", "endpoint": name,
               "poll_url": f"http://127.0.0.1:8040/v1/phota/jobs/{job_id}", "client_request_id": None,
               "created_at": "2026-05-01T12:00:00.000Z", "started_at": None, "finished_at": None,
               "result": None, "error": None}
        done = {"started_at": "2026-05-01T12:00:00.000Z", "finished_at": "2026-05-01T12:00:02.500Z"}
        result = {"known_subjects": {"counts": {}}, "images": [],
                  "download_urls": ["http://127.0.0.1:8040/downloads/x/0.png?expires=1&signature=s"]}
        failed = {"status": 504, "detail": "x", "code": "GATEWAY_TIMEOUT", "request_id": "r"}
        answers(202, job)
        answers(202, {**job, "status": "RUNNING", "client_request_id": "retry-1",
                      "started_at": "2026-05-01T12:00:00.000Z"})
        answers(202, {**job, **done, "status": "SUCCEEDED", "result": result})
        answers(202, {**job, **done, "status": "FAILED", "error": failed})
        answers(202, {**job, "job_id": job_id.upper()}, valid=False)
        answers(202, {**job, "endpoint": "profiles"}, valid=False)
        answers(202, {key: value for key, value in job.items() if key != "error"}, valid=False)
        answers(202, {**job, "status": "QUEUED", "result": result}, valid=False)
        answers(202, {**job, **done, "status": "FAILED", "error": None}, valid=False)
        answers(202, {**job, **done, "status": "SUCCEEDED", "result": result, "error": failed}, valid=False)
        answers(202, {"job_id": job_id, "status": "QUEUED", "poll_url": "x"}, valid=False)
        answers(400, {**error, "code": "BAD_REQUEST"})
        answers(400, {**error, "code": "CONTENT_MODERATION"})
        answers(400, {"detail": "There was an error parsing the body"})
        answers(400, {"request_id": "r"}, valid=False)
        answers(404, {**error, "code": "PROFILE_NOT_READY"})
        answers(409, {**error, "code": "IDEMPOTENCY_CONFLICT"})
        answers(409, {**error, "code": "BAD_REQUEST"}, valid=False)
        answers(500, b"Internal Server Error", content_type="text/plain; charset=utf-8")
        answers(504, {**error, "code": "GATEWAY_TIMEOUT"})
        answers(504, {**error, "code": "BAD_REQUEST"}, valid=False)

        # Bodies valid per the document must pass the reference app's validation too.
        rejected: list = []

        @settings(max_examples=60, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def accepted(case) -> None:
            reply = client.post(f"/v1/phota/{name}", json=case.body)
            if reply.status_code != 200:
                rejected.append((case.body, reply.json()))

        accepted()
        check(not rejected, f"{label}: the reference app rejects a documented body: {rejected[:1]}")

    # The jobs operations: a poll answers the job (as the 202 of a submit does), the secret its fixed shape.
    def answers_get(path: str, status: int, body, *, valid: bool = True) -> None:
        label = f"GET {path}"
        operation = operations.get(label)
        check(operation is not None, f"{label} missing")
        if operation is None:
            return
        response = httpx.Response(status, json=body, request=httpx.Request("GET", f"http://127.0.0.1:8040{path}"))
        response.elapsed = datetime.timedelta(0)
        check(operation.is_valid_response(response) == valid,
              f"{label}: {status} {body!r} should be {'valid' if valid else 'invalid'}")

    job_id = "0123456789abcdef0123456789abcdef"
    job = {"job_id": job_id, "status": "RUNNING", "endpoint": "remix",
           "poll_url": f"http://127.0.0.1:8040/v1/phota/jobs/{job_id}", "client_request_id": "c-1",
           "created_at": "2026-05-01T12:00:00.000Z", "started_at": "2026-05-01T12:00:00.000Z", "finished_at": None,
           "result": None, "error": None}
    jobs = "/v1/phota/jobs/{job_id}"
    answers_get(jobs, 200, job)
    answers_get(jobs, 200, {**job, "status": "DONE"}, valid=False)
    answers_get(jobs, 404, {"detail": "Job not found.", "code": "JOB_NOT_FOUND", "request_id": "r"})
    answers_get(jobs, 404, {"detail": "x", "code": "PROFILE_NOT_FOUND", "request_id": "r"}, valid=False)
    secret = {"secret": "whsec_" + "0a" * 32, "algorithm": "HMAC-SHA256", "header": "X-Phota-Signature"}
    answers_get("/v1/phota/webhook-secret", 200, secret)
    answers_get("/v1/phota/webhook-secret", 200, {**secret, "secret": "0a" * 32}, valid=False)

    for failure in failures:
        print("FAIL:", failure)
    print("all checks passed" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
