# SPDX-License-Identifier: Apache-2.0
"""Writes the request bodies of fixtures/validation*/*.json as inputs of the request-model fuzzer.

Each input is one selector byte (model in the low 3 bits, content type in bits 3-6, both as
Sources/FuzzRequestModels/FuzzRequestModels.swift numbers them) and the body.
Usage: seed-models.py FIXTURES_DIR CORPUS_DIR
"""
import base64
import glob
import hashlib
import json
import os
import sys

MODELS = ["/v1/phota/profiles/add", "/v1/phota/edit", "/v1/phota/generate", "/v1/phota/enhance", "/v1/phota/remix"]
CONTENT_TYPES = [
    "application/json", None, "application/json; charset=utf-8", "text/plain", "Application/JSON",
    "  application/json ;charset=latin-1", "application/vnd.phota+json", "application",
    "application/x-www-form-urlencoded", "", "application/json/x", "\x1fapplication/json\x85",
    "APPLICATION/PROBLEM+JSON; x=1", "application/+json", "text/json", "application/jsonp",
]

fixtures, corpus = sys.argv[1], sys.argv[2]
written = 0
for path in sorted(glob.glob(os.path.join(fixtures, "validation*", "*.json"))):
    request = json.load(open(path, encoding="utf-8"))["request"]
    if request["path"] not in MODELS:
        continue  # the tag query of GET /profiles/ids has no body
    if "body_base64" in request:
        body = base64.b64decode(request["body_base64"])
    else:
        body = request.get("body", "").encode("utf-8", "surrogatepass")
    content_type = request.get("content_type")
    selector = MODELS.index(request["path"]) | (CONTENT_TYPES.index(content_type) << 3)
    data = bytes([selector]) + body
    with open(os.path.join(corpus, "seed-" + hashlib.sha1(data).hexdigest()), "wb") as out:
        out.write(data)
    written += 1
print(f"seeded {written} inputs into {corpus}")
