# SPDX-License-Identifier: Apache-2.0
"""Record how the reference app, served by uvicorn (httptools), routes raw requests: into
fixtures/routing/NNN-name.json (see fixtures/routing/README.md).

Run: `python tools/golden/record_routing.py` (after `pip install -r tools/golden/requirements.txt`;
uvicorn and httptools come from the same file). Rewrites every case file.
"""
import glob
import json
import os
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "fixtures", "routing")
PORT = 18977

CASES = []


def case(name, raw, mock=None):
    """`mock`: (status, why) where phota-mock answers otherwise on purpose."""
    CASES.append((name, raw, mock))


def get(target, extra=""):
    return f"GET {target} HTTP/1.1\r\nHost: api.example:8443\r\n{extra}\r\n"


# Query escapes: Python keeps a malformed escape as literal text.
for name, query in [
    ("query-tag-non-hex", "tag=%ZZ"), ("query-tag-lone-percent", "tag=%"), ("query-tag-truncated", "tag=%2"),
    ("query-tag-plus-and-escape", "tag=a+b%2B"), ("query-semicolon-not-separator", "tag=a;tag=b"),
    ("query-malformed-name-ignored", "%x=1&tag=q"), ("query-empty-name", "=x&tag=q"),
    ("query-encoded-name", "%74ag=enc"), ("query-truncated-utf8", "tag=%E2%9C"), ("query-equals-in-value", "tag=a=b"),
    ("query-nul-escape", "tag=%00"), ("query-empty-pairs", "&&tag=x&&"), ("query-repeated-last-wins", "tag=one&tag=%ZZtwo"),
]:
    case(name, get("/v1/phota/profiles/ids?" + query))

# Path escapes: decoded with unquote, malformed ones kept.
for name, path in [
    ("path-non-hex", "/v1/phota/profiles/%ZZ/status"), ("path-lone-percent", "/v1/phota/profiles/a%/status"),
    ("path-truncated-utf8", "/v1/phota/profiles/%E2%9C/status"), ("path-plus-is-plus", "/v1/phota/profiles/a+b/status"),
    ("path-encoded-literal", "/v1/phota/profiles/%70%31/profile_pictur%65"),
]:
    case(name, get(path))
case("path-encoded-slash-in-id", get("/v1/phota/profiles/a%2Fb/status"),
     (200, "phota-mock splits the raw path before decoding: the id is `a/b`, which no profile has (live: 404 PROFILE_NOT_FOUND)"))
case("path-encoded-slash-between-literals", get("/v1/phota/profiles%2Fids"),
     (404, "phota-mock splits the raw path before decoding, so %2F stays inside its segment"))

# Trailing slashes: 307 to the path without them.
body = '{"image_urls":[]}'
case("slash-post-add", f"POST /v1/phota/profiles/add/ HTTP/1.1\r\nHost: api.example:8443\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n{body}")
case("slash-query-kept-raw", "POST /v1/phota/profiles/add/?x=1&y=%ZZ HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")
case("slash-empty-query", "POST /v1/phota/profiles/add/? HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")
case("slash-absolute-form-uses-host", "POST http://other.example/v1/phota/profiles/add/ HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")
case("slash-get-ids", get("/v1/phota/profiles/ids/?tag=a"))
case("slash-status", get("/v1/phota/profiles/p1/status/"))
case("slash-picture", get("/v1/phota/profiles/p1/profile_picture/"))
case("slash-delete", "DELETE /v1/phota/profiles/p1/ HTTP/1.1\r\nHost: h\r\n\r\n")
case("slash-several", "POST /v1/phota/profiles/add// HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")
case("slash-other-method-still-redirects", get("/v1/phota/profiles/add/"))
case("slash-head", "HEAD /v1/phota/profiles/ids/ HTTP/1.1\r\nHost: h\r\n\r\n")
case("slash-decoded-path-requoted", get("/v1/phota/profiles/%70%31/status/"))
case("slash-space-and-question-mark", get("/v1/phota/profiles/a%20b%3F/status/"))
case("slash-unknown-path", get("/v1/phota/nothing/"))
case("slash-openapi", get("/v1/phota/openapi.json/"))
case("no-slash-no-route", get("/v1/phota/profiles//status"))

# Methods: HEAD is not GET on API routes; the OpenAPI route (a plain Starlette route) takes HEAD.
for name, method, path in [
    ("head-ids", "HEAD", "/v1/phota/profiles/ids"), ("head-status", "HEAD", "/v1/phota/profiles/p1/status"),
    ("head-picture", "HEAD", "/v1/phota/profiles/p1/profile_picture"), ("head-add", "HEAD", "/v1/phota/profiles/add"),
    ("head-delete", "HEAD", "/v1/phota/profiles/p1"), ("get-add", "GET", "/v1/phota/profiles/add"),
    ("options-ids", "OPTIONS", "/v1/phota/profiles/ids"),
]:
    case(name, f"{method} {path} HTTP/1.1\r\nHost: h\r\n\r\n")
case("head-openapi", "HEAD /v1/phota/openapi.json HTTP/1.1\r\nHost: h\r\n\r\n")
case("post-openapi", "POST /v1/phota/openapi.json HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")

case("fragment-in-target", get("/v1/phota/profiles/ids?tag=x#frag"),
     (400, "RFC 9112 §3.2: a request target has no fragment; httptools drops it"))


def exchange(raw):
    with socket.create_connection(("127.0.0.1", PORT)) as sock:
        sock.sendall(raw.encode("utf-8"))
        data = b""
        while b"\r\n\r\n" not in data:
            data += sock.recv(65536)
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        length = next((int(line.split(":")[1]) for line in lines if line.lower().startswith("content-length:")), 0)
        # HEAD announces the length of the body it does not send.
        if not raw.startswith("HEAD "):
            while len(body) < length:
                body += sock.recv(65536)
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.lower() in ("location", "allow", "content-type", "content-length"):
            headers[name.lower()] = value.strip()
    answer = {"status": status, "headers": headers}
    if body:
        answer["body"] = json.loads(body) if "json" in headers.get("content-type", "") else body.decode("utf-8")
    return answer


def main():
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--app-dir", HERE, "reference_app:app", "--port", str(PORT),
         "--http", "httptools", "--log-level", "warning"]
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", PORT)).close()
                break
            except OSError:
                time.sleep(0.1)
        os.makedirs(OUT, exist_ok=True)
        for old in glob.glob(os.path.join(OUT, "*.json")):
            os.remove(old)
        for number, (name, raw, mock) in enumerate(CASES, start=1):
            record = {"name": name, "request": raw, "response": exchange(raw)}
            if mock:
                record["phota_mock"] = {"status": mock[0], "why": mock[1]}
            with open(os.path.join(OUT, f"{number:03d}-{name}.json"), "w", encoding="utf-8") as handle:
                json.dump(record, handle, ensure_ascii=False, indent=2)
                handle.write("\n")
        print(f"wrote {len(CASES)} cases to {os.path.relpath(OUT, ROOT)}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
