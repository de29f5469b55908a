#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# HTTP/1.1 keep-alive throughput and latency of phota-mock against nginx serving the same bytes.
#   bench/http1.sh            (env: DURATION=10s CONNECTIONS=64 THREADS=<cores>)
# Builds phota-mock (release), installs wrk and nginx-light when missing, runs
# `wrk -t1 -c64 -d10s --latency` against GET /_mock/health on each, one after the other, and prints
# req/s, p50 and p99 of both and the ratio phota-mock/nginx.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-$(nproc)}"

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ "${#missing[@]}" -gt 0 ]; then
    sudo_if_needed apt-get update -qq
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

(cd "$root" && swift build -c release --product phota-mock >/dev/null)
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

# phota-mock on a port the system picks; the first stdout line names it.
"$mock_bin" serve --port 0 --threads "$threads" --log-level warning > "$work/mock.out" 2> "$work/mock.err" &
mock_pid=$!
for _ in $(seq 1 100); do
    grep -q "listening on" "$work/mock.out" 2>/dev/null && break
    sleep 0.1
done
mock_port="$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$work/mock.out")"
[ -n "$mock_port" ] || { echo "phota-mock did not start:" >&2; cat "$work/mock.err" >&2; exit 1; }

# nginx serving a file with exactly the bytes and Content-Type phota-mock answers with.
mkdir -p "$work/www/_mock"
curl -sS -o "$work/www/_mock/health" "http://127.0.0.1:$mock_port/_mock/health"
content_type="$(curl -sS -o /dev/null -w '%{content_type}' "http://127.0.0.1:$mock_port/_mock/health")"
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
    keepalive_requests 1000000;
    client_body_temp_path $work/tmp-body;
    proxy_temp_path $work/tmp-proxy;
    fastcgi_temp_path $work/tmp-fastcgi;
    uwsgi_temp_path $work/tmp-uwsgi;
    scgi_temp_path $work/tmp-scgi;
    server {
        listen 127.0.0.1:$nginx_port;
        root $work/www;
        location / { default_type $content_type; }
    }
}
CONF
"$nginx_bin" -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
for _ in $(seq 1 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/_mock/health" && break
    sleep 0.1
done
cmp -s <(curl -sS "http://127.0.0.1:$nginx_port/_mock/health") "$work/www/_mock/health" \
    || { echo "nginx does not serve the same body" >&2; exit 1; }

# Latency in wrk's units (us, ms, s) to milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n *= 1; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }

bench() {
    local port="$1" out
    out="$(wrk -t1 -c"$connections" -d"$duration" --latency "http://127.0.0.1:$port/_mock/health")"
    echo "$out" >&2
    local rps p50 p99
    rps="$(echo "$out" | awk '/^Requests\/sec:/ { print $2 }')"
    p50="$(to_ms "$(echo "$out" | awk '$1 == "50%" { print $2 }')")"
    p99="$(to_ms "$(echo "$out" | awk '$1 == "99%" { print $2 }')")"
    echo "$rps $p50 $p99"
}

echo "== phota-mock ($threads threads) on :$mock_port" >&2
read -r mock_rps mock_p50 mock_p99 < <(bench "$mock_port")
echo "== nginx ($threads workers) on :$nginx_port" >&2
read -r nginx_rps nginx_p50 nginx_p99 < <(bench "$nginx_port")

printf '\n%-12s %12s %10s %10s\n' server req/s p50_ms p99_ms
printf '%-12s %12s %10s %10s\n' phota-mock "$mock_rps" "$mock_p50" "$mock_p99"
printf '%-12s %12s %10s %10s\n' nginx "$nginx_rps" "$nginx_p50" "$nginx_p99"
awk -v a="$mock_rps" -v b="$nginx_rps" 'BEGIN { printf "ratio phota-mock/nginx req/s: %.2f\n", a / b }'
