#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Contract-fuzzes phota-mock against its own OpenAPI document with schemathesis (PyPI): every
# response must match the documented status codes, headers and schemas, including the stateful
# add → status / picture / delete links. Usage: scripts/schemathesis.sh [MAX_EXAMPLES] (default 100).
set -euo pipefail
cd "$(dirname "$0")/.."
examples="${1:-100}"
command -v schemathesis >/dev/null || python3 -m pip install -q --disable-pip-version-check schemathesis \
    || python3 -m pip install -q --disable-pip-version-check --break-system-packages schemathesis
[ -x .build/debug/phota-mock ] || swift build --product phota-mock
work="$(mktemp -d)"
# Strict keys, so schemathesis's "invalid credentials must be refused" check applies.
.build/debug/phota-mock serve --port 0 --db :memory: --preset instant --api-key schemathesis --log-level error \
    > "$work/out" 2> "$work/err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do grep -q "listening on" "$work/out" 2>/dev/null && break; sleep 0.1; done
base="$(sed -n 's/.*listening on \(http:\/\/[^ ]*\).*/\1/p' "$work/out")"
[ -n "$base" ] || { cat "$work/err" >&2; exit 1; }
schemathesis --config-file scripts/schemathesis.toml run "$base/v1/phota/openapi.json" --url "$base" -H "X-API-Key: schemathesis" \
    --checks all --max-examples "$examples" --seed 1
