#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs both libFuzzer targets of Tests/Fuzz one after the other for SECONDS_EACH (default 1800, half an hour
# each): the HTTP/1.1 request parser (Tests/Fuzz/run.sh) and the request models' JSON validation
# (Tests/Fuzz/run-models.sh). Prints, per target, the executions, the coverage (edges and features) and the
# corpus at the end, and the inputs that failed (written to Tests/Fuzz/FailCases/); exits 1 when any target
# crashed, failed an invariant, leaked, timed out or ran out of memory. Logs: Tests/Fuzz/.build/logs/.
#   scripts/fuzz.sh          # 30 minutes each
#   scripts/fuzz.sh 600      # 10 minutes each
#   FUZZ_JOBS=2 scripts/fuzz.sh   # both targets at the same time (one core each): half the wall time
set -uo pipefail
seconds="${1:-1800}"
cd "$(dirname "$0")/.."
fuzz=Tests/Fuzz
logs="$fuzz/.build/logs"
mkdir -p "$logs" "$fuzz/FailCases"

jobs="${FUZZ_JOBS:-1}"
status=0

# Runs one target and writes its one-line result to $logs/<target>.result; returns 1 when it failed.
run_target() {
    local target="$1" script log before started code elapsed last runs cov ft corp rate new line
    case "$target" in
        parser) script="$fuzz/run.sh" ;;
        models) script="$fuzz/run-models.sh" ;;
    esac
    log="$logs/$target.log"
    before="$(ls "$fuzz/FailCases")"
    started="$(date +%s)"
    echo "== $target: $script $seconds (log: $log)"
    "$script" "$seconds" > "$log" 2>&1
    code=$?
    elapsed=$(($(date +%s) - started))
    # libFuzzer's last status line: "#RUNS DONE cov: EDGES ft: FEATURES corp: N/SIZE … exec/s: R rss: M".
    last="$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -n 1)"
    runs="$(sed -n 's/^Done \([0-9]*\) runs in.*/\1/p' "$log" | tail -n 1)"
    [ -n "$runs" ] || runs="$(sed -n 's/^#\([0-9]*\).*/\1/p' <<< "$last")"
    cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$last")"
    ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$last")"
    corp="$(sed -n 's/.* corp: \([^ ]*\).*/\1/p' <<< "$last")"
    rate="$(sed -n 's/.* exec\/s: \([0-9]*\).*/\1/p' <<< "$last")"
    # Both targets write to FailCases, each under its own prefix (parser-, models-): with FUZZ_JOBS=2 the other
    # target's new files are not this one's failures.
    new="$(comm -13 <(echo "$before") <(ls "$fuzz/FailCases") | grep "^$target-" | tr '\n' ' ')"
    line="$target: ${elapsed}s, ${runs:-0} executions (${rate:-?}/s), cov ${cov:-?} edges, ft ${ft:-?}, corpus ${corp:-?}"
    if [ "$code" -ne 0 ] || [ -n "$new" ]; then
        line+=", FAILED (exit $code) ${new:+new inputs in FailCases: $new}"
        grep -E '^(==[0-9]+==ERROR|SUMMARY|Fatal error|.*Fatal error:|    #[0-9]+ 0x)' "$log" | head -n 40
        echo "$line" > "$logs/$target.result"
        return 1
    fi
    line+=", no crash"
    echo "$line" > "$logs/$target.result"
}

rm -f "$logs"/*.result
if [ "$jobs" -ge 2 ]; then
    run_target parser & parser_pid=$!
    run_target models & models_pid=$!
    wait "$parser_pid" || status=1
    wait "$models_pid" || status=1
else
    run_target parser || status=1
    run_target models || status=1
fi
echo "== summary ($(date -u +%Y-%m-%dT%H:%MZ), $seconds s each, $jobs at a time)"
cat "$logs/parser.result" "$logs/models.result"
exit "$status"
