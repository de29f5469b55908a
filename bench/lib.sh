#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Shared by the bench/ scripts: installs wrk and nginx-light when missing, builds phota-mock
# (release), starts phota-mock and an nginx serving given bytes, runs wrk, and cleans up on exit.
# Source it; then call start_mock ARGS…, start_nginx FILE CONTENT_TYPE, run_wrk URL [wrk args…].
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-$(nproc)}"

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v curl >/dev/null || missing+=(curl)
command -v h2load >/dev/null || missing+=(nghttp2-client)
if [ "${#missing[@]}" -gt 0 ]; then
    sudo_if_needed apt-get update -qq
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

(cd "$root" && "$root/scripts/deps.sh" && swift build -c release --static-swift-stdlib --product phota-mock >/dev/null)
mock_bin="$root/.build/release/phota-mock"

work="$(mktemp -d)"
chmod 755 "$work"
mock_pid=""
nginx_pid=""
# SIGTERM, then SIGKILL if the process has not exited within 15 s.
stop() {
    local pid="$1"
    [ -n "$pid" ] || return 0
    kill "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 150); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "pid $pid ignored SIGTERM; killing it" >&2
        kill -9 "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    stop "$mock_pid"
    stop "$nginx_pid"
    rm -rf "$work"
}
trap cleanup EXIT

# Starts phota-mock on a port the system picks (read from its first stdout line) as $mock_port.
start_mock() {
    "$mock_bin" serve --port 0 --threads "$threads" --log-level warning "$@" > "$work/mock.out" 2> "$work/mock.err" &
    mock_pid=$!
    for _ in $(seq 1 100); do
        grep -q "listening on" "$work/mock.out" 2>/dev/null && break
        sleep 0.1
    done
    mock_port="$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$work/mock.out")"
    [ -n "$mock_port" ] || { echo "phota-mock did not start:" >&2; cat "$work/mock.err" >&2; exit 1; }
}

# Starts nginx serving FILE's bytes at /static with CONTENT_TYPE, as $nginx_port; extra listen
# parameters (e.g. "http2") may follow.
start_nginx() {
    local file="$1" content_type="$2" listen_extra="${3:-}"
    mkdir -p "$work/www"
    cp "$file" "$work/www/static"
    chmod -R a+rX "$work/www"
    nginx_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    cat > "$work/nginx.conf" <<CONF
worker_processes $threads;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    open_file_cache max=64 inactive=60s;
    etag off;
    keepalive_requests 1000000;
    http2_max_requests 1000000;
    http2_max_concurrent_streams 128;
    client_body_temp_path $work/tmp-body;
    proxy_temp_path $work/tmp-proxy;
    fastcgi_temp_path $work/tmp-fastcgi;
    uwsgi_temp_path $work/tmp-uwsgi;
    scgi_temp_path $work/tmp-scgi;
    server {
        listen 127.0.0.1:$nginx_port $listen_extra;
        root $work/www;
        location / { default_type $content_type; }
    }
}
CONF
    "$nginx_bin" -c "$work/nginx.conf" -p "$work" &
    nginx_pid=$!
    for _ in $(seq 1 100); do
        curl -sf -o /dev/null ${listen_extra:+--http2-prior-knowledge} "http://127.0.0.1:$nginx_port/static" && break
        sleep 0.1
    done
}

# Latency in wrk's units (us, ms, s) to milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n *= 1; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }

# Runs wrk -t1 against URL (extra wrk arguments follow) and prints "req/s p50_ms p99_ms"; wrk's
# own report goes to stderr.
run_wrk() {
    local url="$1" out rps p50 p99
    shift
    out="$(wrk -t1 -c"$connections" -d"$duration" --latency "$@" "$url")"
    echo "$out" >&2
    if echo "$out" | grep -q "Non-2xx"; then echo "non-2xx answers from $url" >&2; exit 1; fi
    rps="$(echo "$out" | awk '/^Requests\/sec:/ { print $2 }')"
    p50="$(to_ms "$(echo "$out" | awk '$1 == "50%" { print $2 }')")"
    p99="$(to_ms "$(echo "$out" | awk '$1 == "99%" { print $2 }')")"
    echo "$rps $p50 $p99"
}

# Prints one result row.
row() { printf '%-28s %12s %10s %10s\n' "$@"; }
