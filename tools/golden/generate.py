# SPDX-License-Identifier: Apache-2.0
"""Record golden validation answers of the reference app into fixtures/validation/NNN-name.json (profiles) and
fixtures/validation-studio/NNN-name.json (the studio endpoints).

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
OUT_STUDIO = os.path.join(ROOT, "fixtures", "validation-studio")
ADD = "/v1/phota/profiles/add"
IDS = "/v1/phota/profiles/ids"
JSON_CT = "application/json"


def urls(n, prefix="https://example.com/photo"):
    return [f"{prefix}{i + 1}.jpg" for i in range(n)]


def j(value):
    """Compact JSON text the way a typical client sends it."""
    return json.dumps(value)


CASES = []
STUDIO_CASES = []


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


# --- Studio endpoints: fixtures/validation-studio/ ---------------------------------------------------------------

STUDIO = "/v1/phota/"
IMAGE = "https://example.com/in.jpg"
# A minimal valid body per endpoint; field cases are merged into it.
STUDIO_BASE = {
    "edit": {"prompt": "make the sky purple", "images": [IMAGE]},
    "generate": {"prompt": "a portrait of [[p1]] at the beach"},
    "enhance": {"image": IMAGE},
    "remix": {"input_image": IMAGE, "reference_image": "https://example.com/style.jpg"},
}


def studio(endpoint, name, body, content_type=JSON_CT):
    """A raw body (str or bytes) or a dict merged into the endpoint's minimal valid body."""
    if isinstance(body, dict):
        body = j({**STUDIO_BASE[endpoint], **body})
    if isinstance(body, str):
        body = body.encode("utf-8")
    STUDIO_CASES.append((f"{endpoint}-{name}", "POST", STUDIO + endpoint, "", content_type, body))


def raw_with(endpoint, members):
    """The endpoint's minimal body plus members written as raw JSON text (NaN, huge numbers, surrogates)."""
    text = j(STUDIO_BASE[endpoint])
    extra = ", ".join(f'"{key}": {value}' for key, value in members)
    return text[:-1] + (", " if text != "{}" else "") + extra + "}"


# Valid bodies.
studio("edit", "valid-empty-object", "{}")
studio("edit", "valid-minimal", {})
studio("edit", "valid-full", {
    "prompt": "put [[p1]] and [[p2]] on a boat", "images": [IMAGE, "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="],
    "profile_ids": ["p1", "p2"], "num_output_images": 4, "aspect_ratio": "16:9", "resolution": "4K",
    "base_model": "gpt-image-2", "quality": "high", "output_format": "jpg", "response_mode": "urls", "async": True,
    "callback_url": "https://hooks.example.com/phota", "client_request_id": "req-0001"})
studio("generate", "valid-empty-object", "{}")
studio("generate", "valid-minimal", {})
studio("generate", "valid-full", {
    "prompt": "[[p1]] as an astronaut", "num_output_images": 2, "aspect_ratio": "9:16", "resolution": "2K",
    "base_model": "qwen-image-2", "quality": None, "output_format": "png", "response_mode": "urls", "async": True,
    "callback_url": None, "client_request_id": "gen-42"})
studio("enhance", "valid-minimal", {})
studio("enhance", "valid-full", {
    "image": "data-is-not-checked-here", "profile_ids": ["p1"], "prompt": "sharper eyes", "num_output_images": 3,
    "output_format": "jpg", "response_mode": "urls", "async": True, "callback_url": "https://h.example/x",
    "client_request_id": "enh-1"})
studio("remix", "valid-minimal", {})
studio("remix", "valid-full", {
    "profile_ids": ["p1", "p2", "p3"], "prompt": "in the style of the reference", "num_output_images": 1,
    "output_format": "png", "response_mode": "urls", "async": False, "callback_url": None, "client_request_id": None})

# Each aspect ratio, resolution, base model and quality; the combinations the handler answers with 400 (quality
# with a model other than gpt-image-2, a resolution the model does not offer) pass the schema.
for ratio in ["auto", "1:1", "3:4", "4:3", "9:16", "16:9"]:
    studio("edit", f"aspect-{ratio.replace(':', 'x')}", {"aspect_ratio": ratio})
for model in ["nb2", "gpt-image-2", "qwen-image-2", "flux-2", "reve"]:
    studio("generate", f"base-model-{model}", {"base_model": model})
for quality in ["auto", "low", "medium", "high"]:
    studio("edit", f"quality-{quality}", {"quality": quality, "base_model": "gpt-image-2"})
studio("edit", "quality-with-nb2-passes-schema", {"quality": "low"})
studio("generate", "quality-with-flux-passes-schema", {"quality": "medium", "base_model": "flux-2"})
studio("edit", "resolution-4k-reve-passes-schema", {"resolution": "4K", "base_model": "reve"})
studio("generate", "resolution-4k-qwen-passes-schema", {"resolution": "4K", "base_model": "qwen-image-2"})
studio("edit", "resolution-2k", {"resolution": "2K"})

# Enum refusals.
for name, value in [("unknown", "gpt-image-1"), ("uppercase", "NB2"), ("padded", " nb2"), ("null", None),
                    ("int", 2), ("list", ["nb2"]), ("empty", "")]:
    studio("edit", f"base-model-{name}", {"base_model": value})
for name, value in [("unknown", "2:3"), ("swapped-separator", "16x9"), ("int", 1), ("null", None)]:
    studio("generate", f"aspect-{name}", {"aspect_ratio": value})
for name, value in [("lowercase", "1k"), ("unknown", "8K"), ("int", 1), ("null", None)]:
    studio("edit", f"resolution-{name}", {"resolution": value})
for name, value in [("unknown", "ultra"), ("uppercase", "HIGH"), ("int", 3)]:
    studio("edit", f"quality-{name}", {"quality": value})
studio("generate", "quality-null", {"quality": None})

# The fields every studio endpoint shares.
for endpoint in ["edit", "generate", "enhance", "remix"]:
    studio(endpoint, "num-outputs-4", {"num_output_images": 4})
    studio(endpoint, "num-outputs-0", {"num_output_images": 0})
    studio(endpoint, "num-outputs-5", {"num_output_images": 5})
    studio(endpoint, "num-outputs-string", {"num_output_images": "3"})
    studio(endpoint, "num-outputs-null", {"num_output_images": None})
    studio(endpoint, "output-format-jpeg", {"output_format": "jpeg"})
    studio(endpoint, "output-format-jpg", {"output_format": "jpg"})
    studio(endpoint, "response-mode-stream", {"response_mode": "stream"})
    studio(endpoint, "response-mode-urls", {"response_mode": "urls"})
    studio(endpoint, "async-without-urls", {"async": True})
    studio(endpoint, "async-with-urls", {"async": True, "response_mode": "urls"})
    studio(endpoint, "callback-url-int", {"callback_url": 5})
    studio(endpoint, "client-request-id-list", {"client_request_id": ["a"]})
    studio(endpoint, "extra-fields-ignored", {"Idempotency-Key": "k", "pro_mode": True, "async_": True, "x": [None]})
    studio(endpoint, "body-array", "[]")
    studio(endpoint, "body-empty", b"")
    studio(endpoint, "json-invalid", '{"prompt": ')
    studio(endpoint, "text-plain", j(STUDIO_BASE[endpoint]), "text/plain")
    studio(endpoint, "duplicate-key-last-wins", raw_with(endpoint, [("num_output_images", 9), ("num_output_images", 2)]))

# Integers: Pydantic's lax conversions and refusals (on edit; the validator is the same everywhere).
for name, value in [("1", "1"), ("float-whole", "2.0"), ("float-fraction", "2.5"), ("float-5", "5.0"),
                    ("negative", "-1"), ("true", "true"), ("false", "false"), ("huge", "1" + "0" * 30),
                    ("huge-negative", "-" + "1" * 25), ("float-huge", "1e300"), ("float-2-63", "9.3e18"),
                    ("float-below-2-63", "9.2233720368547748e18"), ("float-negative-zero", "-0.0"),
                    ("nan", "NaN"), ("infinity", "Infinity"), ("list", "[2]"), ("object", '{"n": 2}'),
                    ("float-tiny-fraction", "3.0000000000000004")]:
    studio("edit", f"num-outputs-{name}", raw_with("edit", [("num_output_images", value)]))
for name, value in [("padded", " 3 "), ("plus", "+2"), ("leading-zeros", "0004"), ("decimal-zeros", "4.000"),
                    ("decimal-fraction", "2.5"), ("underscore", "1_0"), ("underscore-small", "0_3"),
                    ("double-underscore", "1__0"), ("trailing-underscore", "3_"), ("exponent", "1e0"),
                    ("hex", "0x2"), ("empty", ""), ("space", " "), ("word", "two"), ("nan-word", "nan"),
                    ("arabic-digit", "\u0663"), ("fullwidth-digit", "\uff13"), ("nbsp-padded", "\u00a03"),
                    ("ideographic-space", "\u30003"), ("file-separator", "\x1c3"), ("zero-width-space", "\u200b3"),
                    ("minus-zero", "-0"), ("plus-minus", "+-1"), ("zero-minus", "0-1"), ("point-only", "3."),
                    ("leading-point", ".0"), ("big", "9" * 30), ("4300-digits", "1" * 4300),
                    ("4301-digits", "1" * 4301), ("4301-digits-plus", "+" + "1" * 4301),
                    ("negative-4300-digits", "-" + "1" * 4300), ("4301-digits-decimal", "1" * 4301 + ".0"),
                    ("zeros-then-4300", "0" * 10 + "1" * 4300)]:
    studio("edit", f"num-outputs-str-{name}", {"num_output_images": value})

# Booleans: the strings, numbers and others lax mode takes for `async` (with urls, so the model check passes).
for name, value in [("true", "true"), ("True", "True"), ("TRUE", "TRUE"), ("tRuE", "tRuE"), ("false", "false"),
                    ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("y", "y"), ("n", "n"), ("t", "t"),
                    ("f", "f"), ("1", "1"), ("0", "0"), ("empty", ""), ("leading-space", " true"),
                    ("trailing-space", "true "), ("2", "2"), ("1.0", "1.0"), ("tru", "tru"),
                    ("dotless-i", "\u0131"), ("yes-fullwidth", "\uff59es")]:
    studio("generate", f"async-str-{name}", {"async": value, "response_mode": "urls"})
for name, value in [("0", "0"), ("1", "1"), ("2", "2"), ("minus-1", "-1"), ("float-0", "0.0"), ("float-1", "1.0"),
                    ("float-half", "0.5"), ("float-2", "2.0"), ("float-minus-0", "-0.0"), ("null", "null"),
                    ("list", "[]"), ("object", "{}"), ("int-2-63", "9223372036854775808"),
                    ("int-2-63-minus-1", "9223372036854775807"), ("float-huge", "1e300"), ("nan", "NaN"),
                    ("float-1e18", "1e18")]:
    studio("generate", f"async-{name}", raw_with("generate", [("async", value), ("response_mode", '"urls"')]))
studio("generate", "async-yes-bytes-model-check", {"async": "yes"})
studio("generate", "async-false-bytes", {"async": False, "response_mode": "bytes"})
studio("generate", "async-string-false-bytes", {"async": "off"})

# The async model check runs only when every field is valid.
studio("edit", "async-invalid-mode-enum-only", {"async": True, "response_mode": "URLS"})
studio("edit", "async-with-field-error", {"async": True, "num_output_images": 7})
studio("edit", "async-invalid-bool", {"async": "maybe"})
studio("enhance", "async-explicit-bytes", {"async": 1, "response_mode": "bytes"})
studio("remix", "async-missing-required", j({"async": True}))

# Strings.
studio("edit", "prompt-empty", {"prompt": ""})
studio("edit", "prompt-long", {"prompt": "x" * 20000})
studio("edit", "prompt-null", {"prompt": None})
studio("edit", "prompt-int", {"prompt": 5})
studio("generate", "prompt-list", {"prompt": ["a"]})
studio("generate", "prompt-bool", {"prompt": False})
studio("generate", "prompt-unicode", json.dumps({"prompt": "ユーザー🙂 é [[p1]]"}, ensure_ascii=False))
studio("enhance", "prompt-null", {"prompt": None})
studio("enhance", "prompt-int", {"prompt": 1.5})
studio("remix", "prompt-null", {"prompt": None})
studio("remix", "prompt-object", {"prompt": {}})
studio("edit", "callback-url-null", {"callback_url": None})
studio("edit", "callback-url-empty", {"callback_url": ""})
studio("edit", "client-request-id-int", {"client_request_id": 1})

# Lists.
studio("edit", "images-10", {"images": [IMAGE] * 10})
studio("edit", "images-11", {"images": [IMAGE] * 11})
studio("edit", "images-11-bad-items", {"images": [1] * 11})
studio("edit", "images-empty", {"images": []})
studio("edit", "images-string", {"images": IMAGE})
studio("edit", "images-null", {"images": None})
studio("edit", "images-item-types", {"images": ["a", 1, None, {"u": 1}, ["b"], True]})
studio("edit", "profile-ids-many", {"profile_ids": [f"p{i}" for i in range(100)]})
studio("edit", "profile-ids-string", {"profile_ids": "p1"})
studio("edit", "profile-ids-items", {"profile_ids": ["p1", 2]})
studio("enhance", "profile-ids-null", {"profile_ids": None})
studio("remix", "profile-ids-object", {"profile_ids": {"p1": 1}})
studio("generate", "images-ignored", {"images": [1, 2], "profile_ids": 5})

# Required images.
studio("enhance", "missing-image", "{}")
studio("enhance", "image-null", {"image": None})
studio("enhance", "image-int", {"image": 7})
studio("enhance", "image-list", {"image": [IMAGE]})
studio("enhance", "extra-ignored-aspect", {"aspect_ratio": "bogus", "resolution": 9, "base_model": "x"})
studio("remix", "missing-both", "{}")
studio("remix", "missing-reference", j({"input_image": IMAGE}))
studio("remix", "missing-input-with-errors", j({"reference_image": 1, "num_output_images": 0}))
studio("remix", "resolution-ignored", {"resolution": "4K", "aspect_ratio": 3})

# Several errors at once, in field order.
studio("edit", "all-fields-wrong", j({
    "client_request_id": [], "callback_url": 1, "async": "maybe", "response_mode": "stream", "output_format": "gif",
    "quality": "ultra", "base_model": "x", "resolution": "8K", "aspect_ratio": "2:3", "num_output_images": 0,
    "profile_ids": [1], "images": "x", "prompt": 1}))
studio("generate", "all-fields-wrong", j({
    "prompt": None, "num_output_images": "many", "aspect_ratio": None, "resolution": None, "base_model": None,
    "quality": 1, "output_format": None, "response_mode": None, "async": None, "callback_url": [],
    "client_request_id": {}}))
studio("enhance", "all-fields-wrong", j({
    "profile_ids": [None, "a", 3], "prompt": [], "num_output_images": 2.5, "output_format": "PNG",
    "response_mode": 0, "async": 2, "callback_url": False, "client_request_id": 0.5}))
studio("remix", "all-fields-wrong", j({
    "input_image": None, "reference_image": 3, "profile_ids": "p", "prompt": 4, "num_output_images": -3,
    "output_format": [], "response_mode": {}, "async": [], "callback_url": 2, "client_request_id": True}))

# Echoes Python cannot render: NaN in an error's input, lone surrogates in a valid or invalid body (500).
studio("edit", "nan-echo", raw_with("edit", [("num_output_images", "NaN")]))
studio("edit", "surrogate-prompt-valid", raw_with("edit", [("prompt", '"ok \\ud800"')]))
studio("edit", "surrogate-image-item-valid", raw_with("edit", [("images", '["\\udc00"]')]))
studio("enhance", "surrogate-image-valid", raw_with("enhance", [("image", '"\\ud800"')]))
studio("remix", "surrogate-client-id-valid", raw_with("remix", [("client_request_id", '"\\ud800"')]))
studio("generate", "surrogate-enum", raw_with("generate", [("base_model", '"nb2\\ud800"')]))
studio("generate", "surrogate-int-string", raw_with("generate", [("num_output_images", '"\\ud800"')]))
studio("generate", "surrogate-bool-string", raw_with("generate", [("async", '"\\ud800"')]))
studio("generate", "surrogate-extra-field", raw_with("generate", [("x", '"\\ud800"')]))
studio("edit", "surrogate-with-other-error", raw_with("edit", [("prompt", '"\\ud800"'), ("num_output_images", "0")]))


def request_record(method, path, query, content_type, body):
    record = {"method": method, "path": path, "query": query, "content_type": content_type}
    try:
        record["body"] = body.decode("utf-8")
    except UnicodeDecodeError:
        record["body_base64"] = base64.b64encode(body).decode("ascii")
    return record


def main():
    client = TestClient(app, raise_server_exceptions=False)
    record(client, CASES, OUT)
    record(client, STUDIO_CASES, OUT_STUDIO)


def record(client, cases, out):
    os.makedirs(out, exist_ok=True)
    for old in glob.glob(os.path.join(out, "*.json")):
        os.remove(old)
    for number, (name, method, path, query, content_type, body) in enumerate(cases, start=1):
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
        file_name = os.path.join(out, f"{number:03d}-{name}.json")
        with open(file_name, "w", encoding="utf-8") as handle:
            json.dump(case, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.relpath(out, ROOT)}")


if __name__ == "__main__":
    main()
