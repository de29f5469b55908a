#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The simulated training under load, in two parts:
#  1. PhotaSchedulerBench (release): PROFILES profiles (default 100000) over ACCOUNTS API keys (default
#     5000; slots are per account), half fast, half standard, trained to READY through the real
#     scheduler, its one Dispatch timer and the running clock, under the `instant` and `default`
#     presets. Reports transition lag (applied minus due, measured in the sink; target p99 <= 10 ms) and
#     the CPU the process used in the stretches where profiles only waited for their next deadline
#     (expected near zero: what is left is the sampler's own wake-ups, shown as quiet_second_cpu_ms).
#  2. phota-mock (release, default preset): GET /v1/phota/profiles/{id}/status req/s with an idle
#     scheduler, then again right after PROFILES profiles were added over HTTP (over LOAD_KEYS keys, fast
#     tier) and are in flight; prints both and the ratio (target ~1.0), and the server's CPU while the
#     load trains with no request coming in.
# Usage: bench/scheduler.sh   (env: PROFILES=100000 ACCOUNTS=5000 LOAD_KEYS=500 DURATION=10s CONNECTIONS=64)
source "$(dirname "$0")/lib.sh"
profiles="${PROFILES:-100000}"
accounts="${ACCOUNTS:-5000}"
load_keys="${LOAD_KEYS:-500}"

(cd "$root" && swift build -c release --product PhotaSchedulerBench >/dev/null)
harness="$root/.build/release/PhotaSchedulerBench"

# Prints the value of KEY from a harness result line.
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

echo "== scheduler harness: $profiles profiles over $accounts accounts" >&2
results=()
for preset in instant default; do
    line="$("$harness" "$preset" "$profiles" "$accounts")"
    echo "$line" >&2
    results+=("$line")
done

# Sum of stored profiles in VALIDATING, QUEUING and IN_PROGRESS, from the metrics.
in_flight() {
    curl -sS "http://127.0.0.1:$mock_port/_mock/metrics" \
        | awk '/^phota_mock_profiles\{status="(VALIDATING|QUEUING|IN_PROGRESS)"\}/ { n += $2 } END { printf "%d", n }'
}
# utime + stime of the server, in clock ticks.
server_ticks() { awk '{ print $14 + $15 }' "/proc/$mock_pid/stat"; }

start_mock --db "$work/scheduler.sqlite3" --preset default
base="http://127.0.0.1:$mock_port/v1/phota/profiles"
urls='"https://example.com/1.jpg","https://example.com/2.jpg","https://example.com/3.jpg","https://example.com/4.jpg","https://example.com/5.jpg"'
body="{\"image_urls\":[$urls],\"training_tier\":\"fast\"}"
reader="$(curl -sS -H 'X-API-Key: reader' -H 'Content-Type: application/json' -d "$body" "$base/add" | sed 's/.*"profile_id":"\([0-9a-f]*\)".*/\1/')"
for _ in $(seq 1 100); do
    curl -sS -H 'X-API-Key: reader' "$base/$reader/status" | grep -q '"READY"' && break
    sleep 0.1
done
curl -sS -H 'X-API-Key: reader' "$base/$reader/status" | grep -q '"READY"' || { echo "reader profile not READY" >&2; exit 1; }

echo "== status, idle scheduler" >&2
idle_flight="$(in_flight)"
read -r i_rps i_p50 i_p99 < <(run_wrk "$base/$reader/status" -H 'X-API-Key: reader')

# Exactly $profiles adds, keys round-robin; once they are all sent, cheap reads until every add has
# been answered, then the thread stops.
cat > "$work/load.lua" <<LUA
local n, keys, sent, answered = $profiles, $load_keys, 0, 0
local body = '$body'
function request()
    sent = sent + 1
    if sent <= n then
        return wrk.format("POST", "/v1/phota/profiles/add",
            { ["X-API-Key"] = "load-" .. (sent % keys), ["Content-Type"] = "application/json" }, body)
    end
    return wrk.format("GET", "/v1/phota/profiles/ids?tag=none", { ["X-API-Key"] = "load-0" })
end
function response(status, headers, body)
    answered = answered + 1
    if answered >= n + 2 * $connections then wrk.thread:stop() end
end
LUA
echo "== adding $profiles profiles over $load_keys keys" >&2
add_start="$(date +%s.%N)"
add_out="$(wrk -t1 -c"$connections" -d600s -s "$work/load.lua" "http://127.0.0.1:$mock_port")"
add_seconds="$(awk -v s="$add_start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')"
echo "$add_out" >&2
if echo "$add_out" | grep -q "Non-2xx"; then echo "non-2xx answers while adding" >&2; exit 1; fi

echo "== status, $profiles profiles in flight" >&2
load_flight_before="$(in_flight)"
read -r l_rps l_p50 l_p99 < <(run_wrk "$base/$reader/status" -H 'X-API-Key: reader')
load_flight_after="$(in_flight)"

ticks_per_s="$(getconf CLK_TCK)"
ready_before="$(curl -sS "http://127.0.0.1:$mock_port/_mock/metrics" | awk '/^phota_mock_profiles\{status="READY"\}/ { print $2 }')"
t0="$(server_ticks)"
sleep 5
t1="$(server_ticks)"
ready_after="$(curl -sS "http://127.0.0.1:$mock_port/_mock/metrics" | awk '/^phota_mock_profiles\{status="READY"\}/ { print $2 }')"

printf '\n'
printf '%-9s %9s %11s %10s %10s %10s %11s %11s %11s\n' preset profiles transitions create_s lag_p50 lag_p99 lag_max idle_cpu_% sampler_ms/s
for line in "${results[@]}"; do
    printf '%-9s %9s %11s %10s %10s %10s %11s %11s %11s\n' "$(field "$line" preset)" "$(field "$line" profiles)" \
        "$(field "$line" transitions)" "$(field "$line" submit_s)" "$(field "$line" lag_p50_ms)" \
        "$(field "$line" lag_p99_ms)" "$(field "$line" lag_max_ms)" "$(field "$line" idle_cpu_pct)" \
        "$(field "$line" quiet_second_cpu_ms)"
done
printf '(lag in ms; idle_cpu_%% over %s s and %s s of stretches with profiles waiting for their next deadline)\n\n' \
    "$(field "${results[0]}" idle_s)" "$(field "${results[1]}" idle_s)"
row "GET status" req/s p50_ms p99_ms
row "idle scheduler ($idle_flight in flight)" "$i_rps" "$i_p50" "$i_p99"
row "$load_flight_before→$load_flight_after in flight" "$l_rps" "$l_p50" "$l_p99"
awk -v l="$l_rps" -v i="$i_rps" 'BEGIN { printf "ratio loaded/idle: %.2f (target ~1.00)\n", l / i }'
echo "adding $profiles profiles over HTTP took ${add_seconds} s"
awk -v t="$((t1 - t0))" -v hz="$ticks_per_s" -v r0="$ready_before" -v r1="$ready_after" 'BEGIN {
    printf "server CPU over 5 s of training with no requests: %.1f%% of a core, %d profiles reached READY meanwhile\n", t / hz / 5 * 100, r1 - r0 }'
