# SPDX-License-Identifier: Apache-2.0
"""Record golden validation answers of the reference app into fixtures/validation/NNN-name.json.

Run from anywhere: `python tools/golden/generate.py` (after `pip install -r tools/golden/requirements.txt`).
Every run rewrites the whole directory's case files, so removed cases disappear too.
"""
import base64
import glob
import json
import os
import sys

from fastapi.testclient import TestClient

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_app import app  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "fixtures", "validation")
ADD = "/v1/phota/profiles/add"
IDS = "/v1/phota/profiles/ids"
JSON_CT = "application/json"


def urls(n, prefix="https://example.com/photo"):
    return [f"{prefix}{i + 1}.jpg" for i in range(n)]


def j(value):
    """Compact JSON text the way a typical client sends it."""
    return json.dumps(value)


CASES = []


def add(name, body, content_type=JSON_CT):
    if isinstance(body, str):
        body = body.encode("utf-8")
    CASES.append((name, "POST", ADD, "", content_type, body))


def ids(name, query):
    CASES.append((name, "GET", IDS, query, None, b""))


# Valid bodies.
add("valid-standard-10", j({"image_urls": urls(10)}))
add("valid-standard-50-tag", j({"image_urls": urls(50), "training_tier": "standard", "tag": "user_abc123"}))
add("valid-fast-5", j({"image_urls": urls(5), "training_tier": "fast"}))
add("valid-fast-10-tag-null", j({"image_urls": urls(10), "training_tier": "fast", "tag": None}))
add("valid-extra-fields-ignored", j({"image_urls": urls(12), "extra": [1, 2, {"x": None}], "training": "fast"}))
add("valid-unicode", j({"image_urls": urls(10, "https://例え.jp/фото"), "tag": "ユーザー🙂"}, ) )
add("valid-unicode-raw", json.dumps({"image_urls": urls(10, "https://例え.jp/фото"), "tag": "ユーザー🙂é"}, ensure_ascii=False))
add("valid-tag-128", j({"image_urls": urls(10), "tag": "t" * 128}))
add("valid-tag-128-astral", json.dumps({"image_urls": urls(10), "tag": "😀" * 128}, ensure_ascii=False))
add("valid-charset-utf8", j({"image_urls": urls(10)}), "application/json; charset=utf-8")
add("valid-vendor-json", j({"image_urls": urls(10)}), "application/vnd.phota+json")
add("valid-uppercase-content-type", j({"image_urls": urls(10)}), "Application/JSON")
add("valid-whitespace-escapes", '  \r\n\t{ "image_urls" : [ ' + ", ".join('"https://e.com/\\u00e9\\/\\n%d"' % i for i in range(10)) + ' ] , "tag" : "a\\"b\\\\c\\ud83d\\ude00" }  \n')
add("valid-duplicate-key-last-wins", '{"image_urls": ["x"], "tag": "first", "image_urls": ' + j(urls(10)) + ', "tag": "second"}')
add("valid-utf8-bom", b"\xef\xbb\xbf" + j({"image_urls": urls(10)}).encode())
add("valid-nan-extra-field", '{"image_urls": ' + j(urls(10)) + ', "x": NaN, "y": -Infinity, "z": Infinity}')

# image_urls problems.
add("missing-image-urls", j({"training_tier": "fast", "tag": "a"}))
add("empty-object", "{}")
add("too-few-items", j({"image_urls": urls(3)}))
add("empty-list", j({"image_urls": []}))
add("too-many-items", j({"image_urls": urls(51)}))
add("far-too-many-items", j({"image_urls": urls(80)}))
add("item-types-mixed", '{"image_urls": ["a", 1, null, {"u": "x"}, ["y"], true, 2.5, "b"]}')
add("item-types-too-few", '{"image_urls": [1, "a"]}')
add("item-types-too-many", j({"image_urls": urls(49) + [1, None]}))
add("image-urls-string", j({"image_urls": "https://example.com/a.jpg"}))
add("image-urls-object", j({"image_urls": {"0": "https://example.com/a.jpg"}}))
add("image-urls-null", j({"image_urls": None}))
add("image-urls-number", '{"image_urls": 12}')
add("image-urls-bool", '{"image_urls": false}')

# training_tier problems.
add("tier-invalid", j({"image_urls": urls(10), "training_tier": "premium"}))
add("tier-uppercase", j({"image_urls": urls(10), "training_tier": "STANDARD"}))
add("tier-capitalized", j({"image_urls": urls(10), "training_tier": "Fast"}))
add("tier-padded", j({"image_urls": urls(10), "training_tier": " fast"}))
add("tier-int", j({"image_urls": urls(10), "training_tier": 1}))
add("tier-null", j({"image_urls": urls(10), "training_tier": None}))
add("tier-list", j({"image_urls": urls(10), "training_tier": ["fast"]}))
add("tier-empty", j({"image_urls": urls(10), "training_tier": ""}))

# tag problems.
add("tag-empty", j({"image_urls": urls(10), "tag": ""}))
add("tag-129", j({"image_urls": urls(10), "tag": "t" * 129}))
add("tag-129-astral", json.dumps({"image_urls": urls(10), "tag": "😀" * 129}, ensure_ascii=False))
add("tag-int", j({"image_urls": urls(10), "tag": 42}))
add("tag-float", j({"image_urls": urls(10), "tag": 4.0}))
add("tag-bool", j({"image_urls": urls(10), "tag": True}))
add("tag-list", j({"image_urls": urls(10), "tag": ["a"]}))
add("tag-object", j({"image_urls": urls(10), "tag": {"a": 1}}))

# Per-tier counts (only reached when the base schema passes).
add("tier-standard-9", j({"image_urls": urls(9)}))
add("tier-standard-5-explicit", j({"image_urls": urls(5), "training_tier": "standard", "tag": "x", "extra": 1}))
add("tier-fast-11", j({"image_urls": urls(11), "training_tier": "fast"}))
add("tier-fast-50", j({"image_urls": urls(50), "training_tier": "fast"}))
add("tier-fast-11-tag-invalid", j({"image_urls": urls(11), "training_tier": "fast", "tag": ""}))
add("tier-standard-9-duplicate-keys", '{"image_urls": [], "tag": "a", "image_urls": ' + j(urls(9)) + ', "x": 1.50, "x": 2}')

# Several errors at once.
add("all-fields-wrong", j({"tag": "", "training_tier": "slow", "image_urls": [1, 2]}))
add("all-fields-wrong-missing", j({"tag": 5, "training_tier": None}))
add("items-and-tag-wrong", j({"image_urls": [None] * 3 + urls(3), "training_tier": "fast", "tag": "t" * 200}))

# Numbers echoed back in `input`.
add("huge-int-item", '{"image_urls": [123456789012345678901234567890123, "a", "b", "c", "d"]}')
add("float-forms", '{"image_urls": [1.0, 1e5, -0.0, 1E+2, 2.50, 123456789.123456789, 5e-324, 0.1, 100000000000000000000.0, 1e16, 1e15, 0.0001, 0.00001, 1.7976931348623157e308, 2.2250738585072014e-308, 123e-7, 0.5e-4, 9007199254740993.0, 1e22, 1.23456789012345678e-10]}')
add("float-overflow-echo", '{"image_urls": [1e400, "a", "b", "c", "d"]}')
add("nan-echo", '{"image_urls": ' + j(urls(10)) + ', "tag": NaN}')
add("infinity-in-value-error-input", '{"image_urls": ' + j(urls(9)) + ', "x": -Infinity}')
add("int-too-many-digits", '{"image_urls": [' + "7" * 4301 + ']}')
add("int-4300-digits", '{"image_urls": [' + "7" * 4300 + ']}')
add("int-forms", '{"image_urls": [-0, 0, -12, 9007199254740993, 10, 11, 12, 13, 14, 15]}')
add("tier-huge-negative-int", j({"image_urls": urls(10), "training_tier": -10**30}))
add("tag-float-exponent", '{"image_urls": ' + j(urls(10)) + ', "tag": 1.5e300}')

add("escapes-in-echo", '{"image_urls": [["\\u0000\\u0001\\u001f\\u007f \\"q\\" \\\\ \\/ \\b\\f\\n\\r\\t \\ud83d\\ude00 \\u00e9 \\u2028"], 5]}')
add("duplicate-keys-echo-order", '{"tag": "a", "x": 1, "tag": "", "x": [2]}')
add("duplicate-image-urls-last-wins", '{"image_urls": [1], "image_urls": [2, "b"]}')
add("nested-echo", '{"image_urls": {"a": [1, {"b": null, "c": [true, false, 1.5, "s"]}], "": {}}}')

# Other encodings Python's json accepts for bytes.
add("utf16-le-bom", ('{"image_urls": ' + j(urls(10)) + ', "tag": "é😀"}').encode("utf-16"))
add("utf16-be-no-bom-invalid", '{"image_urls": ["😀", 1'.encode("utf-16-be"))
add("utf32-le-no-bom", '{"image_urls": 7}'.encode("utf-32-le"))
add("utf16-odd-length", '{"image_urls": 7}'.encode("utf-16-le") + b"x")
add("utf8-bom-twice", b"\xef\xbb\xbf\xef\xbb\xbf{}")

# Lone surrogates: Python keeps them in str, but cannot UTF-8-encode an answer that echoes one (500).
add("surrogate-escape-echoed", '{"tag": "\\ud800"}')
add("surrogate-escape-not-echoed", '{"image_urls": 5, "tag": "\\udc00\\ud800"}')
add("surrogate-in-urls-value-error", '{"image_urls": ["\\ud800", "b", "c", "d", "e"]}')
add("surrogate-in-key", '{"\\udfff": 1}')
add("surrogate-tag-too-long", '{"image_urls": ' + j(urls(10)) + ', "tag": "' + "\\udbff" * 129 + '"}')
add("surrogatepass-bytes-echoed", b'{"tag": "\xed\xa0\x80"}')
add("surrogatepass-bytes-not-echoed", b'{"image_urls": [1, "\xed\xb0\x80"]}')
add("surrogate-tag-otherwise-valid", '{"image_urls": ' + j(urls(10)) + ', "tag": "ok\\udc00"}')
add("surrogate-tier-otherwise-valid", '{"image_urls": ' + j(urls(10)) + ', "training_tier": "fast\\ud800"}')
add("surrogate-urls-otherwise-valid-fast", '{"image_urls": ' + j(urls(11)) + ', "training_tier": "fast", "x": "\\ud800"}')
add("utf16-lone-surrogate", '{"tag": "'.encode("utf-16-le") + b"\x00\xd8" + '"}'.encode("utf-16-le"))

# Non-object bodies.
add("body-array", j(urls(10)))
add("body-number", "42")
add("body-string", '"image_urls"')
add("body-null", "null")
add("body-true", "true")
add("body-float", "-1.25e3")

# Invalid JSON.
add("json-truncated", '{"image_urls": ["a", "b"')
add("json-truncated-in-key", '{"image_u')
add("json-trailing-comma-list", '{"image_urls": ["a", "b",]}')
add("json-trailing-comma-object", '{"image_urls": ["a"],}')
add("json-single-quotes", "{'image_urls': ['a']}")
add("json-extra-data", '{"image_urls": []} {}')
add("json-extra-data-after-space", '[]  x')
add("json-bare-word", "image_urls")
add("json-bare-true-prefix", "tru")
add("json-unterminated-string", '{"image_urls": ["abc')
add("json-invalid-escape", '{"image_urls": ["a\\qb"]}')
add("json-invalid-unicode-escape", '{"image_urls": ["a\\u12G4"]}')
add("json-short-unicode-escape", '{"image_urls": ["a\\u12')
add("json-control-character", '{"image_urls": ["a\tb"]}')
add("json-control-newline-after-unicode", '{"tag": "éé\n"}')
add("json-missing-colon", '{"image_urls" ["a"]}')
add("json-missing-comma-object", '{"image_urls": [] "tag": null}')
add("json-missing-comma-list", '{"image_urls": ["a" "b"]}')
add("json-unquoted-key", '{image_urls: []}')
add("json-empty-key-position", '{"image_urls": ["a"], }')
add("json-whitespace-only", "   \n ")
add("json-leading-zero", '{"image_urls": [01]}')
add("json-minus-alone", '{"image_urls": [-]}')
add("json-dot-number", '{"image_urls": [.5]}')
add("json-nan-lowercase", '{"image_urls": nan}')
add("json-position-after-astral", '{"tag": "😀😀", "x": }')
add("json-lone-close", "}")
add("json-comment", '{"image_urls": [] // c\n}')

# Content types and body encodings.
add("empty-body", b"")
add("empty-body-no-content-type", b"", None)
add("no-content-type", j({"image_urls": urls(10)}), None)
add("text-plain", j({"image_urls": urls(10)}), "text/plain")
add("form-urlencoded", "image_urls=a&image_urls=b", "application/x-www-form-urlencoded")
add("text-plain-invalid-json", "{not json", "text/plain")
add("content-type-json-with-spaces", j({"image_urls": urls(3)}), "  application/json ;charset=latin-1")
add("content-type-no-subtype", j({"image_urls": urls(10)}), "application")
add("non-utf8-bytes", b'{"image_urls": ["\xff\xfe"]}')
add("non-utf8-bytes-text-plain", b'{"image_urls": ["\xff"]}', "text/plain")
add("latin1-in-string", '{"tag": "caf\u00e9"}'.encode("latin-1"))

# Query parameter `tag` on the listing operation.
ids("ids-no-tag", "")
ids("ids-tag-valid", "tag=user_abc123")
ids("ids-tag-empty", "tag=")
ids("ids-tag-bare", "tag")
ids("ids-tag-129", "tag=" + "a" * 129)
ids("ids-tag-128", "tag=" + "a" * 128)
ids("ids-tag-repeated", "tag=first&tag=second")
ids("ids-tag-repeated-last-empty", "tag=first&tag=")
ids("ids-tag-repeated-last-long", "tag=ok&tag=" + "b" * 130)
ids("ids-tag-percent-encoded", "tag=%E2%9C%93%20ok+x")
ids("ids-tag-129-encoded-astral", "tag=" + "%F0%9F%98%80" * 129)
ids("ids-other-param", "x=1&tag=y")
# Malformed escapes are kept as literal text (Python's parse_qsl), not refused.
ids("ids-tag-escape-non-hex", "tag=%ZZ")
ids("ids-tag-escape-lone-percent", "tag=%")
ids("ids-tag-escape-truncated", "tag=%2")
ids("ids-tag-escape-truncated-utf8", "tag=%E2%9C")
ids("ids-tag-semicolon-kept", "tag=a;b")
ids("ids-tag-malformed-name-other-param", "%x=1&tag=ok")

# Member names are compared by code points, never by canonical equivalence (NFC/NFD, the Kelvin sign).
add("keys-canonically-equivalent", '{"\\u00e9": 1, "e\\u0301": 2}')
add("keys-canonically-equivalent-raw", json.dumps({"\u00e9": 1, "e\u0301": 2}, ensure_ascii=False))
add("keys-kelvin-sign-and-k", '{"\\u212a": 1, "K": 2, "k": 3}')
add("keys-nfd-field-name-ignored", '{"image_urls": ' + j(urls(10)) + ', "ta\\u0067": "x", "t\\u0061g\\u0301": "y"}')
# A lone surrogate in an otherwise valid image URL passes Pydantic, but the answer cannot be UTF-8-encoded.
add("surrogate-url-otherwise-valid", '{"image_urls": ' + j(urls(9))[:-1] + ', "https://example.com/\\ud800.jpg"]}')


def request_record(method, path, query, content_type, body):
    record = {"method": method, "path": path, "query": query, "content_type": content_type}
    try:
        record["body"] = body.decode("utf-8")
    except UnicodeDecodeError:
        record["body_base64"] = base64.b64encode(body).decode("ascii")
    return record


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in glob.glob(os.path.join(OUT, "*.json")):
        os.remove(old)
    client = TestClient(app, raise_server_exceptions=False)
    for number, (name, method, path, query, content_type, body) in enumerate(CASES, start=1):
        headers = {} if content_type is None else {"content-type": content_type}
        url = path + ("?" + query if query else "")
        response = client.request(method, url, headers=headers, content=body)
        answer = {"status": response.status_code, "content_type": response.headers.get("content-type")}
        try:
            answer["body"] = json.loads(response.content)
            # The exact bytes too: parsing alone could hide a difference (two keys Python keeps apart, say).
            answer["body_raw"] = response.content.decode("utf-8")
        except ValueError:
            answer["body_text"] = response.text
        case = {"name": name, "request": request_record(method, path, query, content_type, body), "response": answer}
        file_name = os.path.join(OUT, f"{number:03d}-{name}.json")
        with open(file_name, "w", encoding="utf-8") as handle:
            json.dump(case, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
    print(f"wrote {len(CASES)} cases to {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
