#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Contract-fuzzes phota-mock against its own OpenAPI documents with schemathesis (PyPI), every check on: every
# response must match the documented status codes, headers and schemas, including the stateful links (add →
# status / picture / delete; the admin API's profiles, inboxes and faults). Two runs against one server: the
# Phota API (openapi/phota-api.json as the server serves it), then the admin API (/_mock/openapi.json), which
# mutates global state and so runs second; scripts/schemathesis.toml keeps out the operations that would break
# the server for the rest of the run, and says why.
# Usage: scripts/schemathesis.sh [MAX_EXAMPLES] [api|admin|both] (defaults 100, both).
set -euo pipefail
cd "$(dirname "$0")/.."
examples="${1:-100}"
which="${2:-both}"
case "$which" in api | admin | both) ;; *) echo "usage: $0 [MAX_EXAMPLES] [api|admin|both]" >&2; exit 2 ;; esac
command -v schemathesis >/dev/null || python3 -m pip install -q --disable-pip-version-check schemathesis \
    || python3 -m pip install -q --disable-pip-version-check --break-system-packages schemathesis
# Always built: a stale binary would serve stale embedded documents.
swift build --product phota-mock >/dev/null
work="$(mktemp -d)"
# Strict keys, so schemathesis's "invalid credentials must be refused" check applies.
.build/debug/phota-mock serve --port 0 --db :memory: --preset instant --api-key schemathesis --log-level error \
    > "$work/out" 2> "$work/err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do grep -q "listening on" "$work/out" 2>/dev/null && break; sleep 0.1; done
base="$(sed -n 's/.*listening on \(http:\/\/[^ ]*\).*/\1/p' "$work/out")"
[ -n "$base" ] || { cat "$work/err" >&2; exit 1; }
# Every check is on by default; `--checks all` is not passed because options on the command line override the
# per-operation exceptions of the configuration file. One worker and a fixed seed keep each run reproducible.
status=0
if [ "$which" != admin ]; then
    echo "== schemathesis: Phota API ($base/v1/phota/openapi.json)"
    schemathesis --config-file scripts/schemathesis.toml run "$base/v1/phota/openapi.json" --url "$base" \
        -H "X-API-Key: schemathesis" --max-examples "$examples" --seed 1 --workers 1 || status=1
fi
if [ "$which" != api ]; then
    echo "== schemathesis: admin API ($base/_mock/openapi.json)"
    schemathesis --config-file scripts/schemathesis.toml run "$base/_mock/openapi.json" --url "$base" \
        --max-examples "$examples" --seed 1 --workers 1 || status=1
fi
exit "$status"
