#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The simulated training under load, in two parts:
#  1. PhotaSchedulerBench (release): PROFILES profiles (default 100000) over ACCOUNTS API keys (default
#     5000; slots are per account), half fast, half standard, trained to READY through the real
#     scheduler, its one Dispatch timer and the running clock, under the `instant` and `default`
#     presets. Reports transition lag (applied minus due, measured in the sink; target p99 <= 10 ms) and
#     the CPU the process used in the stretches where profiles only waited for their next deadline
#     (expected near zero: what is left is the sampler's own wake-ups, shown as quiet_second_cpu_ms).
#  2. Two phota-mock servers (release, default preset) side by side: PROFILES profiles are added over
#     HTTP to one (over LOAD_KEYS keys, fast tier: few keys, so that nearly all are still queued or
#     training while measured); then GET /v1/phota/profiles/{id}/status is measured with wrk on the idle
#     one and on the loaded one, alternately for ROUNDS rounds so that both see the same machine load;
#     prints the medians and their ratio (target ~1.0), and the loaded server's CPU while its profiles
#     train with no request coming in.
# Usage: bench/scheduler.sh   (env: PROFILES=100000 ACCOUNTS=5000 LOAD_KEYS=50 ROUNDS=3 DURATION=5s CONNECTIONS=64)
source "$(dirname "$0")/lib.sh"
profiles="${PROFILES:-100000}"
accounts="${ACCOUNTS:-5000}"
load_keys="${LOAD_KEYS:-50}"
rounds="${ROUNDS:-3}"
duration="${DURATION:-5s}"

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

# Two servers side by side, so that both are measured under the same machine load, alternately: one
# stays idle, the other gets the $profiles profiles.
start_mock --db "$work/idle.sqlite3" --preset default
idle_pid="$mock_pid"
idle_port="$mock_port"
trap 'kill "$idle_pid" 2>/dev/null || true; cleanup' EXIT
start_mock --db "$work/load.sqlite3" --preset default
load_port="$mock_port"
urls='"https://example.com/1.jpg","https://example.com/2.jpg","https://example.com/3.jpg","https://example.com/4.jpg","https://example.com/5.jpg"'
body="{\"image_urls\":[$urls],\"training_tier\":\"fast\"}"

metric() { curl -sS "http://127.0.0.1:$1/_mock/metrics" | awk -v m="$2" 'index($0, m) == 1 { printf "%d", $2 }'; }
# Stored profiles in VALIDATING, QUEUING and IN_PROGRESS on the server at port $1.
in_flight() {
    curl -sS "http://127.0.0.1:$1/_mock/metrics" \
        | awk '/^phota_mock_profiles\{status="(VALIDATING|QUEUING|IN_PROGRESS)"\}/ { n += $2 } END { printf "%d", n }'
}
# Adds a fast profile for key "reader" on the server at port $1, waits until it is READY (2.5 s on the
# default preset) and prints its id. Final and stored, it is then read from SQLite on both servers alike.
make_reader() {
    local base="http://127.0.0.1:$1/v1/phota/profiles" id
    id="$(curl -sS -H 'X-API-Key: reader' -H 'Content-Type: application/json' -d "$body" "$base/add" | sed 's/.*"profile_id":"\([0-9a-f]*\)".*/\1/')"
    for _ in $(seq 1 100); do
        curl -sS -H 'X-API-Key: reader' "$base/$id/status" | grep -q '"READY"' && sleep 0.2 && echo "$id" && return 0
        sleep 0.1
    done
    echo "reader profile not READY" >&2
    exit 1
}
idle_reader="$(make_reader "$idle_port")"
load_reader="$(make_reader "$load_port")"

# Exactly $profiles adds, keys round-robin, then cheap reads until the script sees every add answered
# and interrupts wrk (its own duration is only an upper bound).
cat > "$work/load.lua" <<LUA
local n, keys, sent = $profiles, $load_keys, 0
local body = '$body'
function request()
    sent = sent + 1
    if sent <= n then
        return wrk.format("POST", "/v1/phota/profiles/add",
            { ["X-API-Key"] = "load-" .. (sent % keys), ["Content-Type"] = "application/json" }, body)
    end
    return wrk.format("GET", "/v1/phota/profiles/ids?tag=none", { ["X-API-Key"] = "load-0" })
end
LUA
echo "== adding $profiles profiles over $load_keys keys" >&2
add_start="$(date +%s.%N)"
wrk -t1 -c"$connections" -d600s -s "$work/load.lua" "http://127.0.0.1:$load_port" > "$work/add.out" &
wrk_pid=$!
trap 'kill "$wrk_pid" "$idle_pid" 2>/dev/null || true; cleanup' EXIT
added=0
while [ "$added" -lt "$profiles" ]; do
    sleep 0.5
    added="$(metric "$load_port" 'phota_mock_requests_total{route="/v1/phota/profiles/add",method="POST",status="200"}')"
    added="${added:-0}"
done
add_seconds="$(awk -v s="$add_start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')"
kill -INT "$wrk_pid"
wait "$wrk_pid" || true
cat "$work/add.out" >&2
if grep -q "Non-2xx" "$work/add.out"; then echo "non-2xx answers while adding" >&2; exit 1; fi

flight_before="$(in_flight "$load_port")"
idle_runs=()
load_runs=()
for round in $(seq 1 "$rounds"); do
    echo "== status round $round: idle server" >&2
    idle_runs+=("$(run_wrk "http://127.0.0.1:$idle_port/v1/phota/profiles/$idle_reader/status" -H 'X-API-Key: reader')")
    echo "== status round $round: server with the profiles in flight" >&2
    load_runs+=("$(run_wrk "http://127.0.0.1:$load_port/v1/phota/profiles/$load_reader/status" -H 'X-API-Key: reader')")
done
flight_after="$(in_flight "$load_port")"

ticks_per_s="$(getconf CLK_TCK)"
ready_before="$(metric "$load_port" 'phota_mock_profiles{status="READY"}')"
t0="$(awk '{ print $14 + $15 }' "/proc/$mock_pid/stat")"
sleep 5
t1="$(awk '{ print $14 + $15 }' "/proc/$mock_pid/stat")"
ready_after="$(metric "$load_port" 'phota_mock_profiles{status="READY"}')"
# The median of one column (1 req/s, 2 p50, 3 p99) of a list of run_wrk results.
median() { local column="$1"; shift; printf '%s\n' "$@" | awk -v c="$column" '{ print $c }' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

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
row "GET status (median of $rounds)" req/s p50_ms p99_ms
row "idle server" "$(median 1 "${idle_runs[@]}")" "$(median 2 "${idle_runs[@]}")" "$(median 3 "${idle_runs[@]}")"
row "$flight_before→$flight_after in flight" "$(median 1 "${load_runs[@]}")" "$(median 2 "${load_runs[@]}")" "$(median 3 "${load_runs[@]}")"
echo "req/s per round, idle: $(printf '%s ' "${idle_runs[@]}" | awk '{ for (i = 1; i <= NF; i += 3) printf "%s ", $i }')"
echo "req/s per round, load: $(printf '%s ' "${load_runs[@]}" | awk '{ for (i = 1; i <= NF; i += 3) printf "%s ", $i }')"
awk -v l="$(median 1 "${load_runs[@]}")" -v i="$(median 1 "${idle_runs[@]}")" 'BEGIN { printf "ratio in flight/idle: %.2f (target ~1.00)\n", l / i }'
echo "adding $profiles profiles over HTTP took ${add_seconds} s"
awk -v t="$((t1 - t0))" -v hz="$ticks_per_s" -v r0="$ready_before" -v r1="$ready_after" 'BEGIN {
    printf "server CPU over 5 s of training with no requests: %.1f%% of a core, %d profiles reached READY meanwhile\n", t / hz / 5 * 100, r1 - r0 }'
