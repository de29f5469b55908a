#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# HTTP/1.1 keep-alive throughput and latency of phota-mock against nginx serving the same bytes.
#   bench/http1.sh            (env: DURATION=10s CONNECTIONS=64 THREADS=<cores>)
# Builds phota-mock (release), installs wrk and nginx-light when missing, runs
# `wrk -t1 -c64 -d10s --latency` against GET /_mock/health on each, one after the other, and prints
# req/s, p50 and p99 of both and the ratio phota-mock/nginx (target >= 0.8).
source "$(dirname "$0")/lib.sh"

start_mock --db :memory:
curl -sS -o "$work/health.json" "http://127.0.0.1:$mock_port/_mock/health"
content_type="$(curl -sS -o /dev/null -w '%{content_type}' "http://127.0.0.1:$mock_port/_mock/health")"
start_nginx "$work/health.json" "$content_type"
cmp -s <(curl -sS "http://127.0.0.1:$nginx_port/static") "$work/health.json" \
    || { echo "nginx does not serve the same body" >&2; exit 1; }

echo "== phota-mock ($threads threads) on :$mock_port" >&2
read -r mock_rps mock_p50 mock_p99 < <(run_wrk "http://127.0.0.1:$mock_port/_mock/health")
echo "== nginx ($threads workers) on :$nginx_port" >&2
read -r nginx_rps nginx_p50 nginx_p99 < <(run_wrk "http://127.0.0.1:$nginx_port/static")

printf '\n'
row server req/s p50_ms p99_ms
row phota-mock "$mock_rps" "$mock_p50" "$mock_p99"
row nginx "$nginx_rps" "$nginx_p50" "$nginx_p99"
awk -v a="$mock_rps" -v b="$nginx_rps" 'BEGIN { printf "ratio phota-mock/nginx req/s: %.2f (target >= 0.80)\n", a / b }'
