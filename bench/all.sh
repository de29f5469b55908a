#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The whole benchmark suite, each figure beside nginx measured in the same run:
#   1. throughput: GET status, POST add (10 URLs, durable), GET ids?tag=, POST generate (bytes, default
#      size, same body) with wrk (HTTP/1.1), and GET status and GET /_mock/health over h2c with h2load,
#      each against nginx serving a static file of the same response bytes; phota-mock with --threads 1
#      and 2 beside nginx with worker_processes 1 and 2. ROUNDS interleaved rounds (nginx, phota-mock,
#      nginx, phota-mock, …); the median of the rounds is reported: req/s, p50, p99 and the server's CPU
#      per request (utime + stime from /proc over the run ÷ requests; nginx: master + workers);
#   2. cold start and memory: bench/startup.sh, its report included as it prints it;
#   3. scale: SCALE_KEYS × 1,000 profiles (100 tags of 10 per key) seeded through POST /_mock/profiles
#      and timed; GET status and GET ids?tag= p99 beside the same shape with one key (1,000 profiles),
#      interleaved; the database file's size; restart (exec → first 200) with RESTART_PROFILES
#      profiles in VALIDATING and QUEUING (default timings, frozen clock) beside nginx's cold start.
# Prints a table on stdout and writes it as Markdown to bench/results/latest.md (--quick: quick.md;
# RESULTS=path to change). SECTIONS="throughput startup scale" picks the parts to run.
# Usage: bench/all.sh [--quick]
#   env: DURATION=5s ROUNDS=3 CONNECTIONS=64 SCALE_KEYS=1000 RESTART_PROFILES=100000 SCALE_CONNECTIONS=8
#   --quick: DURATION=1s ROUNDS=2 SCALE_KEYS=100 RESTART_PROFILES=10000 and a short startup.sh
#   (~2 minutes; its figures are for checking the suite, not for publishing).
quick=0
if [ "${1:-}" = "--quick" ]; then quick=1; shift; fi
[ "$#" -eq 0 ] || { echo "usage: bench/all.sh [--quick]" >&2; exit 2; }
if [ "$quick" -eq 1 ]; then
    export DURATION="${DURATION:-1s}"
    rounds="${ROUNDS:-2}"
    scale_keys="${SCALE_KEYS:-100}"
    restart_profiles="${RESTART_PROFILES:-10000}"
    startup_env=(ROUNDS="${STARTUP_ROUNDS:-5}" REQUESTS="${STARTUP_REQUESTS:-100000}" PROFILES="${STARTUP_PROFILES:-10000}")
    restart_rounds="${RESTART_ROUNDS:-3}"
else
    export DURATION="${DURATION:-5s}"
    rounds="${ROUNDS:-3}"
    scale_keys="${SCALE_KEYS:-1000}"
    restart_profiles="${RESTART_PROFILES:-100000}"
    startup_env=(ROUNDS="${STARTUP_ROUNDS:-20}" REQUESTS="${STARTUP_REQUESTS:-1000000}" PROFILES="${STARTUP_PROFILES:-100000}")
    restart_rounds="${RESTART_ROUNDS:-10}"
fi
scale_connections="${SCALE_CONNECTIONS:-8}"
sections=" ${SECTIONS:-throughput startup scale} "
source "$(dirname "$0")/lib.sh"
# A quick run's figures are for checking the suite: they go elsewhere (git ignores quick.md).
if [ "$quick" -eq 1 ]; then results="${RESULTS:-$root/bench/results/quick.md}"; else results="${RESULTS:-$root/bench/results/latest.md}"; fi
raw="$work/raw.tsv"
: > "$raw"
suite_start="$(date +%s.%N)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
hz="$(getconf CLK_TCK)"

# Processes started here besides lib.sh's $mock_pid and $nginx_pid, stopped on exit.
started=()
trap 'for p in "${started[@]}"; do stop "$p"; done; cleanup' EXIT

# Starts phota-mock with THREADS event loops and the remaining arguments; sets $launched_pid and
# $launched_port (log in $work/NAME.out and .err).
launch_mock() {
    local name="$1" t="$2"
    shift 2
    "$mock_bin" serve --port 0 --threads "$t" --log-level warning "$@" > "$work/$name.out" 2> "$work/$name.err" &
    launched_pid=$!
    started+=("$launched_pid")
    for _ in $(seq 1 200); do
        grep -q "listening on" "$work/$name.out" 2>/dev/null && break
        sleep 0.05
    done
    launched_port="$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$work/$name.out")"
    [ -n "$launched_port" ] || { echo "phota-mock ($name) did not start:" >&2; cat "$work/$name.err" >&2; exit 1; }
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Starts nginx with WORKERS worker processes serving $work/www/NAME at /NAME, HTTP/1.1 on
# $nginx_port and h2c (prior knowledge) on $nginx_h2_port.
start_nginx_suite() {
    local workers="$1"
    nginx_port="$(free_port)"
    nginx_h2_port="$(free_port)"
    chmod -R a+rX "$work/www"
    cat > "$work/nginx-suite.conf" <<CONF
worker_processes $workers;
daemon off;
pid $work/nginx-suite.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    open_file_cache max=64 inactive=60s;
    etag off;
    keepalive_requests 1000000;
    http2_max_concurrent_streams 128;
    client_body_temp_path $work/tmp-body;
    proxy_temp_path $work/tmp-proxy;
    fastcgi_temp_path $work/tmp-fastcgi;
    uwsgi_temp_path $work/tmp-uwsgi;
    scgi_temp_path $work/tmp-scgi;
    types { }
    default_type application/json;
    server { listen 127.0.0.1:$nginx_port; root $work/www; }
    server { listen 127.0.0.1:$nginx_h2_port http2; root $work/www; }
}
CONF
    "$nginx_bin" -c "$work/nginx-suite.conf" -p "$work" &
    nginx_pid=$!
    for _ in $(seq 1 100); do
        curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/health.json" \
            && curl -sf -o /dev/null --http2-prior-knowledge "http://127.0.0.1:$nginx_h2_port/health.json" && return 0
        sleep 0.1
    done
    echo "nginx did not start:" >&2
    cat "$work/nginx-error.log" >&2
    exit 1
}

# CPU seconds (utime + stime) used so far by phota-mock ($mock_pid) or by nginx (master + workers).
cpu_seconds() { awk -v hz="$hz" '{ printf "%.4f", ($14 + $15) / hz }' "/proc/$1/stat"; }
server_cpu() {
    if [ "$1" = mock ]; then cpu_seconds "$mock_pid"; return; fi
    local total=0 pid
    for pid in "$nginx_pid" $(pgrep -P "$nginx_pid"); do
        total=$(awk -v a="$total" -v b="$(cpu_seconds "$pid")" 'BEGIN { print a + b }')
    done
    echo "$total"
}

# Runs wrk against URL (extra wrk arguments follow); prints "req/s p50_ms p99_ms requests".
wrk_run() {
    local url="$1" out rps p50 p99 n
    shift
    out="$(wrk -t1 -c"$connections" -d"$duration" --latency "$@" "$url")"
    echo "$out" >> "$work/clients.log"
    if echo "$out" | grep -q "Non-2xx\|Socket errors"; then echo "$out" >&2; echo "errors from $url" >&2; exit 1; fi
    rps="$(echo "$out" | awk '/^Requests\/sec:/ { print $2 }')"
    p50="$(to_ms "$(echo "$out" | awk '$1 == "50%" { print $2 }')")"
    p99="$(to_ms "$(echo "$out" | awk '$1 == "99%" { print $2 }')")"
    n="$(echo "$out" | awk '/requests in/ { print $1 }')"
    echo "$rps $p50 $p99 $n"
}

# Runs h2load (h2c, 16 clients × 32 streams) against URL for $duration (extra arguments follow);
# prints "req/s p50_ms p99_ms requests", the percentiles from its per-request log.
h2_run() {
    local url="$1" out rps p50 p99 n
    shift
    out="$(h2load -c 16 -m 32 -D "$duration" --log-file="$work/h2.log" "$@" "$url")"
    echo "$out" >> "$work/clients.log"
    n="$(echo "$out" | awk '/^requests:/ { print $8 }')"
    # Without 3xx, 4xx, 5xx, failures and errors (the 2xx count may run one ahead of "succeeded").
    echo "$out" | grep -q "^status codes: [0-9]* 2xx, 0 3xx, 0 4xx, 0 5xx" \
        && echo "$out" | grep -q "succeeded, 0 failed, 0 errored, 0 timeout" && [ "$n" -gt 0 ] \
        || { echo "$out" >&2; echo "errors from $url" >&2; exit 1; }
    rps="$(echo "$out" | awk '/^finished in/ { print $4 }')"
    read -r p50 p99 <<< "$(cut -f3 "$work/h2.log" | sort -n | awk '{ v[NR] = $1 } END {
        printf "%.3f %.3f\n", v[int(NR * 0.50) + 1] / 1000, v[int(NR * 0.99) + 1] / 1000 }')"
    rm -f "$work/h2.log"
    echo "$rps $p50 $p99 $n"
}

# measure CASE THREADS SERVER ROUND PROTO URL [client args…]: one run, its CPU per request, into $raw.
measure() {
    local name="$1" t="$2" server="$3" round="$4" proto="$5" url="$6" before after rps p50 p99 n
    shift 6
    local result
    before="$(server_cpu "$server")"
    if [ "$proto" = h1 ]; then result="$(wrk_run "$url" "$@")"; else result="$(h2_run "$url" "$@")"; fi
    after="$(server_cpu "$server")"
    read -r rps p50 p99 n <<< "$result"
    printf 'tp\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$t" "$server" "$round" "$rps" "$p50" "$p99" \
        "$(awk -v a="$before" -v b="$after" -v n="$n" 'BEGIN { printf "%.2f", (b - a) * 1e6 / n }')" >> "$raw"
    printf '  %-9s %-6s %s threads, round %s: %10s req/s  p50 %s ms  p99 %s ms\n' "$name" "$server" "$t" "$round" "$rps" "$p50" "$p99" >&2
}

urls='"https://example.com/1.jpg","https://example.com/2.jpg","https://example.com/3.jpg","https://example.com/4.jpg","https://example.com/5.jpg","https://example.com/6.jpg","https://example.com/7.jpg","https://example.com/8.jpg","https://example.com/9.jpg","https://example.com/10.jpg"'
add_body="{\"image_urls\":[$urls],\"training_tier\":\"standard\",\"tag\":\"bench\"}"
generate_body='{"prompt":"a portrait at the beach","aspect_ratio":"1:1"}'
cat > "$work/add.lua" <<LUA
wrk.method = "POST"
wrk.headers["X-API-Key"] = "bench-add"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$add_body'
LUA
cat > "$work/generate.lua" <<LUA
wrk.method = "POST"
wrk.headers["X-API-Key"] = "bench"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$generate_body'
LUA

# run_case CASE SERVER ROUND: one measured run of CASE on phota-mock or nginx (globals: $t, $api, $id, …).
run_case() {
    local name="$1" server="$2" round="$3"
    case "$name/$server" in
        status/nginx) measure "$name" "$t" nginx "$round" h1 "$n1/status.json" ;;
        status/mock) measure "$name" "$t" mock "$round" h1 "$api/$id/status" -H 'X-API-Key: bench' ;;
        add/nginx) measure "$name" "$t" nginx "$round" h1 "$n1/add.json" ;;
        add/mock) measure "$name" "$t" mock "$round" h1 "$api/add" -s "$work/add.lua" ;;
        ids/nginx) measure "$name" "$t" nginx "$round" h1 "$n1/ids.json" ;;
        ids/mock) measure "$name" "$t" mock "$round" h1 "$api/ids?tag=bench" -H 'X-API-Key: bench' ;;
        generate/nginx) measure "$name" "$t" nginx "$round" h1 "$n1/generate.json" ;;
        generate/mock) measure "$name" "$t" mock "$round" h1 "$mock/v1/phota/generate" -s "$work/generate.lua" ;;
        h2status/nginx) measure "$name" "$t" nginx "$round" h2 "$n2/status.json" ;;
        h2status/mock) measure "$name" "$t" mock "$round" h2 "$api/$id/status" -H 'X-API-Key: bench' ;;
        h2health/nginx) measure "$name" "$t" nginx "$round" h2 "$n2/health.json" ;;
        h2health/mock) measure "$name" "$t" mock "$round" h2 "$mock/_mock/health" ;;
    esac
}
# ---------------------------------------------------------------------------------------------
if [[ "$sections" == *" throughput "* ]]; then threads_list="1 2"; else threads_list=""; fi
[ -z "$threads_list" ] || echo "== 1. throughput: $rounds interleaved rounds of $duration per case" >&2
for t in $threads_list; do
    launch_mock "tp$t" "$t" --db "$work/tp$t.sqlite3" --preset instant
    mock_pid="$launched_pid"
    mock="http://127.0.0.1:$launched_port"
    api="$mock/v1/phota/profiles"
    id="$(curl -sS -H 'X-API-Key: bench' -H 'Content-Type: application/json' -d "$add_body" "$api/add" | sed 's/.*"profile_id":"\([0-9a-f]*\)".*/\1/')"
    # Nine more with the tag, so that ids?tag= lists ten.
    curl -sSf -o /dev/null "$mock/_mock/profiles" -d '{"api_key":"bench","count":9,"status":"READY","tag":"bench"}'
    sleep 0.2
    mkdir -p "$work/www"
    curl -sS -o "$work/www/status.json" -H 'X-API-Key: bench' "$api/$id/status"
    grep -q '"READY"' "$work/www/status.json" || { echo "profile not ready: $(cat "$work/www/status.json")" >&2; exit 1; }
    curl -sS -o "$work/www/ids.json" -H 'X-API-Key: bench' "$api/ids?tag=bench"
    [ "$(grep -o '"[0-9a-f]\{32\}"' "$work/www/ids.json" | wc -l)" -eq 10 ] || { echo "ids?tag=bench: $(cat "$work/www/ids.json")" >&2; exit 1; }
    curl -sS -o "$work/www/add.json" -H 'X-API-Key: bench-add' -H 'Content-Type: application/json' -d "$add_body" "$api/add"
    curl -sS -o "$work/www/generate.json" -H 'X-API-Key: bench' -H 'Content-Type: application/json' -d "$generate_body" "$mock/v1/phota/generate"
    grep -q '"images"' "$work/www/generate.json" || { echo "generate: $(head -c 300 "$work/www/generate.json")" >&2; exit 1; }
    curl -sS -o "$work/www/health.json" "$mock/_mock/health"
    start_nginx_suite "$t"
    for f in status add ids generate health; do
        cmp -s <(curl -sS "http://127.0.0.1:$nginx_port/$f.json") "$work/www/$f.json" || { echo "nginx serves another $f.json" >&2; exit 1; }
    done
    n1="http://127.0.0.1:$nginx_port"
    n2="http://127.0.0.1:$nginx_h2_port"
    echo "== phota-mock --threads $t, nginx worker_processes $t (warm-up, then rounds)" >&2
    # Warm-up: one run of 1 s of each, round 0, left out of the report.
    measured_duration="$duration"
    duration=1s
    for name in status add ids generate h2status h2health; do
        for server in nginx mock; do run_case "$name" "$server" 0; done
    done
    duration="$measured_duration"
    for round in $(seq 1 "$rounds"); do
        for name in status add ids generate h2status h2health; do
            for server in nginx mock; do run_case "$name" "$server" "$round"; done
        done
    done
    stop "$mock_pid"
    stop "$nginx_pid"
    mock_pid=""
    nginx_pid=""
    rm -f "$work/tp$t".sqlite3*
done

# ---------------------------------------------------------------------------------------------
: > "$work/startup-report.txt"
if [[ "$sections" == *" startup "* ]]; then
    echo "== 2. cold start and memory: bench/startup.sh (${startup_env[*]})" >&2
    env "${startup_env[@]}" bash "$root/bench/startup.sh" > "$work/startup-report.txt" 2>> "$work/clients.log" \
        || { echo "bench/startup.sh failed" >&2; tail -20 "$work/clients.log" >&2; exit 1; }
    cat "$work/startup-report.txt" >&2
fi

# ---------------------------------------------------------------------------------------------
scale_profiles=$((scale_keys * 1000))
metric() { curl -sS "http://127.0.0.1:$1/_mock/metrics" | awk -v m="$2" 'index($0, m) == 1 { printf "%d", $2 }'; }
size_of() { local total=0 f; for f in "$1" "$1-wal" "$1-shm"; do [ -e "$f" ] && total=$((total + $(stat -c %s "$f"))); done; echo "$total"; }
if [[ "$sections" == *" scale "* ]]; then
    echo "== 3. scale: $scale_profiles profiles over $scale_keys keys beside 1,000 profiles over one key" >&2

    # seed PORT KEYS: KEYS × 100 admin calls of 10 READY profiles (key scale-<i % KEYS>, tag t<i / KEYS>)
    # over 16 keep-alive connections; checks that the server then holds KEYS × 1,000 READY profiles and
    # prints the seconds the calls took.
    seed() {
        local port="$1" keys="$2" seconds ready
        seconds="$(python3 - "$port" "$keys" <<'PY'
import http.client, itertools, json, sys, threading, time
port, keys = int(sys.argv[1]), int(sys.argv[2])
calls = itertools.count()
failures = []
def worker():
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while not failures:
        i = next(calls)
        if i >= keys * 100:
            return
        body = json.dumps({"api_key": f"scale-{i % keys}", "count": 10, "status": "READY", "tag": f"t{i // keys}"})
        conn.request("POST", "/_mock/profiles", body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        answer = response.read()
        if response.status != 200 or len(json.loads(answer)["profile_ids"]) != 10:
            failures.append(answer)
start = time.perf_counter()
threads = [threading.Thread(target=worker) for _ in range(16)]
for t in threads:
    t.start()
for t in threads:
    t.join()
if failures:
    sys.exit(f"POST /_mock/profiles failed: {failures[0][:300]!r}")
print(f"{time.perf_counter() - start:.2f}")
PY
    )"
        ready="$(metric "$port" 'phota_mock_profiles{status="READY"}')"
        [ "${ready:-0}" -eq $((keys * 1000)) ] || { echo "seeded $keys keys but $ready profiles are READY" >&2; exit 1; }
        echo "$seconds"
    }

    # Lua scripts for random reads: status of a random sampled profile, ids?tag= of a random (key, tag).
    # sample PORT KEYS NAME: fetches the ids of one tag of up to 100 keys spread over KEYS.
    sample() {
        python3 - "$1" "$2" "$work/$3" <<'PY'
import http.client, json, sys
port, keys, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
conn = http.client.HTTPConnection("127.0.0.1", port)
pairs = []
sampled = range(0, keys, max(1, keys // 100))
tags = max(1, 100 // len(sampled))
for k in sampled:
    for tag in range(k % 100, k % 100 + tags):
        conn.request("GET", f"/v1/phota/profiles/ids?tag=t{tag % 100}", headers={"X-API-Key": f"scale-{k}"})
        ids = json.loads(conn.getresponse().read())["profiles"]
        assert len(ids) == 10, (k, tag, ids)
        pairs += [(f"scale-{k}", i) for i in ids]
with open(out + "-status.lua", "w") as f:
    f.write("local p = {\n" + "".join(f'{{"{k}","{i}"}},\n' for k, i in pairs) + "}\n")
    f.write("math.randomseed(7)\nfunction request()\n    local e = p[math.random(#p)]\n"
            "    return wrk.format(\"GET\", \"/v1/phota/profiles/\" .. e[2] .. \"/status\", { [\"X-API-Key\"] = e[1] })\nend\n")
with open(out + "-ids.lua", "w") as f:
    f.write(f"local keys = {keys}\nmath.randomseed(7)\nfunction request()\n"
            "    return wrk.format(\"GET\", \"/v1/phota/profiles/ids?tag=t\" .. math.random(0, 99),\n"
            "        { [\"X-API-Key\"] = \"scale-\" .. math.random(0, keys - 1) })\nend\n")
PY
    }

    launch_mock small 1 --db "$work/small.sqlite3" --preset instant
    small_pid="$launched_pid"
    small_port="$launched_port"
    launch_mock large 1 --db "$work/large.sqlite3" --preset instant
    large_pid="$launched_pid"
    large_port="$launched_port"
    small_seed="$(seed "$small_port" 1)"
    large_seed="$(seed "$large_port" "$scale_keys")"
    printf 'seed\tsmall\t1000\t%s\nseed\tlarge\t%s\t%s\n' "$small_seed" "$scale_profiles" "$large_seed" >> "$raw"
    echo "  seeded 1,000 profiles in $small_seed s, $scale_profiles in $large_seed s" >&2
    sample "$small_port" 1 small
    sample "$large_port" "$scale_keys" large
    saved_connections="$connections"
    connections="$scale_connections"
    for round in 0 $(seq 1 "$rounds"); do
        for what in status ids; do
            for size in small large; do
                port_var="${size}_port"
                result="$(wrk_run "http://127.0.0.1:${!port_var}" -s "$work/$size-$what.lua")"
                read -r rps p50 p99 n <<< "$result"
                [ "$round" -eq 0 ] || printf 'sc\t%s\t%s\t%s\t%s\t%s\t%s\n' "$what" "$size" "$round" "$rps" "$p50" "$p99" >> "$raw"
                printf '  %-6s %-5s round %s: %10s req/s  p50 %s ms  p99 %s ms\n' "$what" "$size" "$round" "$rps" "$p50" "$p99" >&2
            done
        done
    done
    connections="$saved_connections"
    stop "$small_pid"
    stop "$large_pid"
    printf 'dbsize\tsmall\t%s\ndbsize\tlarge\t%s\n' "$(size_of "$work/small.sqlite3")" "$(size_of "$work/large.sqlite3")" >> "$raw"
    rm -f "$work"/small.sqlite3* "$work"/large.sqlite3*

    echo "== restart with $restart_profiles unfinished profiles (VALIDATING, QUEUING; frozen clock)" >&2
    restart_db="$work/restart.sqlite3"
    launch_mock restart 1 --db "$restart_db" --preset default --frozen-clock
    restart_start="$(date +%s.%N)"
    calls=$((restart_profiles / 1000))
    for k in $(seq 0 $((calls - 1))); do
        status=VALIDATING
        [ $((k % 2)) -eq 0 ] || status=QUEUING
        curl -sSf -o /dev/null "http://127.0.0.1:$launched_port/_mock/profiles" \
            -d "{\"api_key\":\"restart-$((k / 2))\",\"count\":1000,\"status\":\"$status\",\"tag\":\"r\"}"
    done
    restart_seed="$(awk -v s="$restart_start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')"
    unfinished() {
        curl -sS "http://127.0.0.1:$1/_mock/metrics" \
            | awk '/^phota_mock_profiles\{status="(VALIDATING|QUEUING|IN_PROGRESS)"\}/ { n += $2 } END { printf "%d", n }'
    }
    before_restart="$(unfinished "$launched_port")"
    stop "$launched_pid"
    mkdir -p "$work/www"
    echo '{"profiles":[]}' > "$work/www/restart.json"
    chmod a+r "$work/www/restart.json"
    cat > "$work/nginx-restart.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx-restart-PORT.pid;
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
    python3 "$root/bench/startup.py" "$restart_rounds" \
        "nginx=/restart.json|sed s/PORT/{port}/g $work/nginx-restart.conf > $work/r{port}.conf && exec $nginx_bin -c $work/r{port}.conf -p $work" \
        "restart=/v1/phota/profiles/ids|exec $mock_bin serve --port {port} --threads 1 --log-level warning --preset default --frozen-clock --db $restart_db" \
        > "$work/restart.txt"
    launch_mock restart-check 1 --db "$restart_db" --preset default --frozen-clock
    after_restart="$(unfinished "$launched_port")"
    stop "$launched_pid"
    awk -v seed="$restart_seed" -v n="$restart_profiles" -v b="$before_restart" -v a="$after_restart" -v size="$(size_of "$restart_db")" \
        '{ printf "restart\t%s\t%s\t%s\t%s\n", $1, $2, $3, $4 } END { printf "restartinfo\t%s\t%s\t%s\t%s\t%s\n", n, seed, b, a, size }' \
        "$work/restart.txt" >> "$raw"
    cat "$work/restart.txt" >&2

fi
# ---------------------------------------------------------------------------------------------
suite_seconds="$(awk -v s="$suite_start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", e - s }')"
{
    printf 'meta\tdate\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf 'meta\tcommit\t%s\n' "$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- Sources Package.swift || echo ' (modified)')"
    printf 'meta\tmachine\t%s cores, %s\n' "$(nproc)" "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
    printf 'meta\tload\t%s before, %s after\n' "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf 'meta\tmode\t%s\n' "$([ "$quick" -eq 1 ] && echo quick || echo full)"
    printf 'meta\tsettings\tDURATION=%s ROUNDS=%s CONNECTIONS=%s SCALE_KEYS=%s SCALE_CONNECTIONS=%s RESTART_PROFILES=%s RESTART_ROUNDS=%s; startup.sh %s\n' \
        "$duration" "$rounds" "$connections" "$scale_keys" "$scale_connections" "$restart_profiles" "$restart_rounds" "${startup_env[*]}"
    printf 'meta\tseconds\t%s\n' "$suite_seconds"
} >> "$raw"
mkdir -p "$(dirname "$results")"
python3 "$root/bench/report.py" "$raw" "$work/startup-report.txt" "$results"
echo "(Markdown written to $results)" >&2
