#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The studio against nginx, in one run:
#   POST /v1/phota/generate (bytes mode, default size: one 256 × 256 PNG, base64 in JSON)
#     vs nginx GET of that same PNG file (target ≥ 0.5×), with server CPU per request for both:
#     the same body every time (after the first, answered from the render cache, as nginx answers from its
#     open-file cache), and a new prompt every time (each request rendered);
#   then the time to render one full-size 4K image (4096 × 4096, --full-size-images), PNG and JPEG,
#   through the API (median of 3 requests, curl's total time, on an idle server).
# Usage: bench/studio.sh   (env: DURATION=10s CONNECTIONS=64 THREADS=<cores>)
source "$(dirname "$0")/lib.sh"

# CPU seconds (utime + stime) a process has used so far.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.4f", ($14 + $15) / hz }' "/proc/$1/stat"; }
# CPU of every nginx process (master and workers).
nginx_cpu() {
    local total=0 pid
    for pid in "$nginx_pid" $(pgrep -P "$nginx_pid"); do
        total=$(awk -v a="$total" -v b="$(cpu_seconds "$pid")" 'BEGIN { print a + b }')
    done
    echo "$total"
}

start_mock --db "$work/bench.sqlite3" --preset instant
body='{"prompt":"a portrait at the beach","aspect_ratio":"1:1"}'
url="http://127.0.0.1:$mock_port/v1/phota/generate"
curl -sS -H 'X-API-Key: bench' -H 'Content-Type: application/json' -d "$body" "$url" > "$work/generate.json"
python3 -c 'import base64, json, sys; open(sys.argv[2], "wb").write(base64.b64decode(json.load(open(sys.argv[1]))["images"][0]))' \
    "$work/generate.json" "$work/picture.png"
start_nginx "$work/picture.png" image/png

cat > "$work/generate.lua" <<LUA
wrk.method = "POST"
wrk.headers["X-API-Key"] = "bench"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$body'
LUA

cat > "$work/generate-new.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["X-API-Key"] = "bench"
wrk.headers["Content-Type"] = "application/json"
local counter = 0
request = function()
    counter = counter + 1
    return wrk.format(nil, nil, nil, '{"prompt":"a portrait at the beach ' .. counter .. '","aspect_ratio":"1:1"}')
end
LUA

# Runs wrk and prints "req/s p50 p99 cpu_us_per_request" for the process group measured by $1 (a function).
measure() {
    local cpu_of="$1" url="$2" before after result requests
    shift 2
    before="$($cpu_of)"
    result="$(run_wrk "$url" "$@" 2> "$work/wrk.err")"
    after="$($cpu_of)"
    cat "$work/wrk.err" >&2
    requests="$(awk '/requests in/ { print $1 }' "$work/wrk.err")"
    echo "$result $(awk -v a="$before" -v b="$after" -v n="$requests" 'BEGIN { printf "%.1f", (b - a) * 1e6 / n }')"
}
mock_cpu() { cpu_seconds "$mock_pid"; }

echo "== nginx static PNG ($(stat -c %s "$work/picture.png") bytes, $threads workers)" >&2
read -r n_rps n_p50 n_p99 n_cpu < <(measure nginx_cpu "http://127.0.0.1:$nginx_port/static")
echo "== phota-mock generate ($threads threads)" >&2
read -r g_rps g_p50 g_p99 g_cpu < <(measure mock_cpu "$url" -s "$work/generate.lua")
echo "== phota-mock generate, a new prompt each time" >&2
read -r u_rps u_p50 u_p99 u_cpu < <(measure mock_cpu "$url" -s "$work/generate-new.lua")

stop "$mock_pid"
start_mock --db "$work/full.sqlite3" --preset instant --full-size-images
full="http://127.0.0.1:$mock_port/v1/phota/generate"
render_time() {
    local format="$1" times=()
    for run in 1 2 3; do
        # A new prompt each time: every request is rendered, none served from the cache.
        times+=("$(curl -sS -o "$work/4k.json" -w '%{time_total}' -H 'X-API-Key: bench' -H 'Content-Type: application/json' \
            -d "{\"prompt\":\"4K $format $run\",\"resolution\":\"4K\",\"aspect_ratio\":\"1:1\",\"output_format\":\"$format\"}" "$full")")
    done
    python3 - "$work/4k.json" "${times[@]}" <<'PY'
import base64, io, json, statistics, sys
from PIL import Image
image = Image.open(io.BytesIO(base64.b64decode(json.load(open(sys.argv[1]))["images"][0])))
assert image.size == (4096, 4096), image.size
print(f"{statistics.median(float(t) for t in sys.argv[2:]) * 1000:.0f}")
PY
}
png_ms="$(render_time png)"
jpg_ms="$(render_time jpg)"

printf '\n'
row endpoint req/s p50_ms p99_ms
row "nginx static PNG" "$n_rps" "$n_p50" "$n_p99"
row "POST generate (same body)" "$g_rps" "$g_p50" "$g_p99"
row "POST generate (new prompts)" "$u_rps" "$u_p50" "$u_p99"
printf 'server CPU per request: nginx %s us, generate %s us (same body), %s us (new prompts)\n' "$n_cpu" "$g_cpu" "$u_cpu"
awk -v g="$g_rps" -v u="$u_rps" -v n="$n_rps" 'BEGIN {
    printf "ratio generate/nginx: %.2f same body (target >= 0.50), %.2f new prompts\n", g / n, u / n }'
printf 'one 4096 x 4096 image through the API: PNG %s ms, JPEG %s ms (median of 3)\n' "$png_ms" "$jpg_ms"
