#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Cold start and memory, phota-mock beside nginx in one run:
#   exec → first 200 (median of ROUNDS, interleaved): nginx GET of a static file; phota-mock GET
#   /v1/phota/profiles/ids with --db :memory:, with a new database file, and with a file holding
#   100,000 profiles (targets: ≤ 1.0× nginx in memory, ≤ 1.5× with a file);
#   idle RSS (target ≤ 12 MB) and RSS after REQUESTS keep-alive requests (target growth ≤ 2 MB),
#   nginx's master and worker summed. phota-mock's request journal (10,000 entries by default) fills
#   within the first 10,000 requests, so the growth is also shown from a warm point (after 20,000), and
#   once more for a server with the journal off (--journal-size 0).
# Usage: bench/startup.sh   (env: ROUNDS=20 REQUESTS=1000000 PROFILES=100000)
source "$(dirname "$0")/lib.sh"
rounds="${ROUNDS:-20}"
requests="${REQUESTS:-1000000}"
profiles="${PROFILES:-100000}"

echo '{"profiles":[]}' > "$work/ids.json"
mkdir -p "$work/www" "$work/db"
cp "$work/ids.json" "$work/www/static"
chmod -R a+rX "$work/www"
# One worker, as phota-mock runs with one event loop here: the same work at start for both.
cat > "$work/nginx-startup.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx-startup-PORT.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/tmp-body;
    proxy_temp_path $work/tmp-proxy;
    fastcgi_temp_path $work/tmp-fastcgi;
    uwsgi_temp_path $work/tmp-uwsgi;
    scgi_temp_path $work/tmp-scgi;
    server { listen 127.0.0.1:PORT; root $work/www; location / { default_type application/json; } }
}
CONF

echo "== filling a database with $profiles profiles" >&2
start_mock --db "$work/full.sqlite3"
for _ in $(seq 1 $((profiles / 1000))); do
    curl -sf -o /dev/null -XPOST "http://127.0.0.1:$mock_port/_mock/profiles" \
        -d '{"api_key":"bench","count":1000,"status":"READY","tag":"t"}'
done
stop "$mock_pid"
mock_pid=""

echo "== cold starts, $rounds interleaved rounds" >&2
ids="/v1/phota/profiles/ids"
mock="exec $mock_bin serve --port {port} --threads 1 --log-level warning"
python3 "$root/bench/startup.py" "$rounds" \
    "nginx=/static|sed s/PORT/{port}/g $work/nginx-startup.conf > $work/n{port}.conf && exec $nginx_bin -c $work/n{port}.conf -p $work" \
    "memory=$ids|$mock --db :memory:" \
    "new-file=$ids|$mock --db $work/db/new-{port}.sqlite3" \
    "100k-file=$ids|$mock --db $work/full.sqlite3" > "$work/startup.txt"
cat "$work/startup.txt" >&2

# Resident memory of a process (KiB), nginx's master and its workers summed.
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
nginx_rss() {
    local total master
    master="$(rss "$1")"
    total="$master"
    for child in $(pgrep -P "$1"); do total=$((total + $(rss "$child"))); done
    echo "$total"
}

echo "== memory: idle, then after $requests requests" >&2
threads=1
# Starts phota-mock in memory with ARGS, prints its RSS "idle warm after" (after 20,000 requests, then after
# $requests more), and stops it.
mock_memory() {
    local idle warm after
    start_mock --db :memory: "$@"
    sleep 1
    idle="$(rss "$mock_pid")"
    h2load --h1 -n 20000 -c 16 -H 'X-API-Key: bench' "http://127.0.0.1:$mock_port$ids" >/dev/null
    warm="$(rss "$mock_pid")"
    h2load --h1 -n "$requests" -c 16 -H 'X-API-Key: bench' "http://127.0.0.1:$mock_port$ids" \
        | grep -E "^requests:|^status codes:" >&2
    sleep 1
    after="$(rss "$mock_pid")"
    stop "$mock_pid"
    mock_pid=""
    echo "$idle $warm $after"
}
read -r mock_idle mock_warm mock_after <<< "$(mock_memory)"
# The same without the request journal (--journal-size 0): what the bounded journal accounts for.
read -r bare_idle bare_warm bare_after <<< "$(mock_memory --journal-size 0)"
start_nginx "$work/ids.json" application/json
sleep 1
nginx_idle="$(nginx_rss "$nginx_pid")"
h2load --h1 -n 20000 -c 16 "http://127.0.0.1:$nginx_port/static" >/dev/null
nginx_warm="$(nginx_rss "$nginx_pid")"
h2load --h1 -n "$requests" -c 16 "http://127.0.0.1:$nginx_port/static" | grep -E "^requests:|^status codes:" >&2
sleep 1
nginx_after="$(nginx_rss "$nginx_pid")"

printf '\n'
row "cold start (ms)" median p10 p90
awk '{ printf "%-28s %12s %10s %10s\n", $1, $2, $3, $4 }' "$work/startup.txt"
awk '$1 == "nginx" { n = $2 } $1 != "nginx" { printf "ratio %s/nginx: %.2f\n", $1, $2 / n }' "$work/startup.txt"
printf '%-28s %10s %10s %10s %10s %10s\n' "RSS (KiB)" idle "20k" "after" growth "from 20k"
printf '%-28s %10s %10s %10s %10s %10s\n' "phota-mock" "$mock_idle" "$mock_warm" "$mock_after" "$((mock_after - mock_idle))" "$((mock_after - mock_warm))"
printf '%-28s %10s %10s %10s %10s %10s\n' "phota-mock --journal-size 0" "$bare_idle" "$bare_warm" "$bare_after" "$((bare_after - bare_idle))" "$((bare_after - bare_warm))"
printf '%-28s %10s %10s %10s %10s %10s\n' "nginx (master + worker)" "$nginx_idle" "$nginx_warm" "$nginx_after" "$((nginx_after - nginx_idle))" "$((nginx_after - nginx_warm))"
echo "targets: memory ≤ 1.00×, files ≤ 1.50×, idle RSS ≤ 12288 KiB, growth ≤ 2048 KiB"
