#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The profile endpoints against nginx's static file, in one run:
#   GET /v1/phota/profiles/{id}/status   vs nginx GET of a file with the same bytes (target ≥ 0.7×)
#   POST /v1/phota/profiles/add (10 URLs, durable: WAL + group commit)   vs nginx static GET (target ≥ 0.3×)
# Usage: bench/profiles.sh   (env: DURATION=10s CONNECTIONS=64 THREADS=<cores>)
source "$(dirname "$0")/lib.sh"

start_mock --db "$work/bench.sqlite3" --preset instant
base="http://127.0.0.1:$mock_port/v1/phota/profiles"
urls='"https://example.com/1.jpg","https://example.com/2.jpg","https://example.com/3.jpg","https://example.com/4.jpg","https://example.com/5.jpg","https://example.com/6.jpg","https://example.com/7.jpg","https://example.com/8.jpg","https://example.com/9.jpg","https://example.com/10.jpg"'
body="{\"image_urls\":[$urls],\"training_tier\":\"standard\",\"tag\":\"bench\"}"
id="$(curl -sS -H 'X-API-Key: bench' -H 'Content-Type: application/json' -d "$body" "$base/add" | sed 's/.*"profile_id":"\([0-9a-f]*\)".*/\1/')"
sleep 0.2
curl -sS -o "$work/status.json" -H 'X-API-Key: bench' "$base/$id/status"
grep -q '"READY"' "$work/status.json" || { echo "profile not ready: $(cat "$work/status.json")" >&2; exit 1; }
start_nginx "$work/status.json" application/json

cat > "$work/add.lua" <<LUA
wrk.method = "POST"
wrk.headers["X-API-Key"] = "bench-add"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$body'
LUA

echo "== nginx static ($threads workers)" >&2
read -r n_rps n_p50 n_p99 < <(run_wrk "http://127.0.0.1:$nginx_port/static")
echo "== phota-mock status ($threads threads)" >&2
read -r s_rps s_p50 s_p99 < <(run_wrk "$base/$id/status" -H 'X-API-Key: bench')
echo "== phota-mock add" >&2
read -r a_rps a_p50 a_p99 < <(run_wrk "$base/add" -s "$work/add.lua")
stored="$(curl -sS -H 'X-API-Key: bench-add' "$base/ids" | grep -o '"[0-9a-f]\{32\}"' | wc -l)"

printf '\n'
row endpoint req/s p50_ms p99_ms
row "nginx static file" "$n_rps" "$n_p50" "$n_p99"
row "GET status" "$s_rps" "$s_p50" "$s_p99"
row "POST add (10 URLs)" "$a_rps" "$a_p50" "$a_p99"
awk -v s="$s_rps" -v a="$a_rps" -v n="$n_rps" 'BEGIN {
    printf "ratio status/nginx: %.2f (target >= 0.70)\nratio add/nginx:    %.2f (target >= 0.30)\n", s / n, a / n }'
echo "profiles stored by the add run: $stored"
