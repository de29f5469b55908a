#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# HTTP/2 cleartext throughput: h2load against phota-mock (release build) and against nginx serving
# the same body as `GET /_mock/health` over h2c with prior knowledge, in the same run (target >= 1.0x).
# Usage: bench/http2.sh [requests] [clients] [streams-per-client]   (env: THREADS=<cores>)
source "$(dirname "$0")/lib.sh"
requests="${1:-200000}"
clients="${2:-16}"
streams="${3:-32}"

start_mock --db :memory:
curl -sS -o "$work/health.json" "http://127.0.0.1:$mock_port/_mock/health"
start_nginx "$work/health.json" application/json http2
mock_url="http://127.0.0.1:$mock_port/_mock/health"
nginx_url="http://127.0.0.1:$nginx_port/static"
cmp -s <(curl -sS --http2-prior-knowledge "$nginx_url") <(curl -sS --http2-prior-knowledge "$mock_url") \
    || { echo "nginx does not serve the same body" >&2; exit 1; }

# Warm-up, then the measured run; prints req/s (status codes go to stderr).
run_h2load() {
    h2load -n 5000 -c "$clients" -m "$streams" "$1" >/dev/null
    h2load -n "$requests" -c "$clients" -m "$streams" "$1" \
        | awk '/^finished in/ { gsub(",", "", $4); print $4 } /^status codes:/ { codes = $0 } END { print codes > "/dev/stderr" }'
}

echo "h2load -n $requests -c $clients -m $streams GET /_mock/health" >&2
mock_rps="$(run_h2load "$mock_url")"
nginx_rps="$(run_h2load "$nginx_url")"
row server req/s
row phota-mock "$mock_rps"
row nginx "$nginx_rps"
awk -v a="$mock_rps" -v b="$nginx_rps" 'BEGIN { printf "ratio phota-mock/nginx: %.2f (target >= 1.00)\n", a / b }'
