#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# HTTP/2 cleartext throughput: h2load against phota-mock (release build) and against nginx serving
# the same body as `GET /_mock/health` over h2c with prior knowledge, in the same run.
# Usage: bench/http2.sh [requests] [clients] [streams-per-client]
set -euo pipefail
cd "$(dirname "$0")/.."

requests="${1:-200000}"
clients="${2:-16}"
streams="${3:-32}"
mock_port=18481
nginx_port=18482

command -v h2load >/dev/null || { echo "h2load missing: apt-get install nghttp2-client" >&2; exit 1; }
command -v nginx >/dev/null || { echo "nginx missing: apt-get install nginx-light" >&2; exit 1; }

swift build -c release --product phota-mock >&2

work="$(mktemp -d)"
mock_pid=""
nginx_started=""
cleanup() {
    [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null || true
    [ -n "$nginx_started" ] && nginx -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# nginx: one worker per core, logging off, the health body as a static JSON file.
mkdir -p "$work/html/_mock" "$work/logs"
printf '{"status":"ok"}' > "$work/html/_mock/health"
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    open_file_cache max=64 inactive=60s;
    etag off;
    keepalive_requests 1000000;
    http2_max_requests 1000000;
    http2_max_concurrent_streams 128;
    types { application/json json; }
    default_type application/json;
    server {
        listen 127.0.0.1:$nginx_port http2;
        root $work/html;
    }
}
CONF
chmod -R a+rX "$work"  # nginx workers run as an unprivileged user
nginx -p "$work" -c "$work/nginx.conf"
nginx_started=1

.build/release/phota-mock serve --port "$mock_port" --log-level error >/dev/null 2>&1 &
mock_pid=$!

for port in "$mock_port" "$nginx_port"; do
    for _ in $(seq 1 100); do
        curl -sf --http2-prior-knowledge "http://127.0.0.1:$port/_mock/health" >/dev/null && break
        sleep 0.05
    done
done
echo "mock:  $(curl -s --http2-prior-knowledge "http://127.0.0.1:$mock_port/_mock/health")"
echo "nginx: $(curl -s --http2-prior-knowledge "http://127.0.0.1:$nginx_port/_mock/health")"

run() {
    local port="$1"
    # Warm-up, then the measured run.
    h2load -n 5000 -c "$clients" -m "$streams" "http://127.0.0.1:$port/_mock/health" >/dev/null
    h2load -n "$requests" -c "$clients" -m "$streams" "http://127.0.0.1:$port/_mock/health" \
        | awk '/^finished in/ { gsub(",", "", $4); print $4 } /^status codes:/ { codes = $0 } END { print codes > "/dev/stderr" }'
}

echo "h2load -n $requests -c $clients -m $streams GET /_mock/health"
mock_rps="$(run "$mock_port")"
nginx_rps="$(run "$nginx_port")"
echo "phota-mock: $mock_rps req/s"
echo "nginx:      $nginx_rps req/s"
awk -v a="$mock_rps" -v b="$nginx_rps" 'BEGIN { printf "ratio phota-mock/nginx: %.2fx\n", a / b }'
