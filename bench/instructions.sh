#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Where a request's user-space CPU goes, counted rather than timed: the release server runs under callgrind
# (valgrind), instrumentation is switched on only around N requests of a case (after 2,000 of warm-up), and the
# instructions executed by every thread of the server (the event loop, the writer, SQLite, the Swift runtime)
# are divided by N. Unlike req/s and CPU time this does not move with the machine's load, so it is the figure
# to compare commits by. Prints, per case, instructions per request and the functions that take the most of
# them (inclusive), and writes the callgrind files to $work (kept with KEEP=1).
# Kernel time (the socket calls) is not counted: see bench/all.sh's CPU per request for the whole.
# Usage: bench/instructions.sh [CASES…]   (cases: status add ids generate; all by default; env: N=5000 TOP=15)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
n="${N:-5000}"
top="${TOP:-15}"
cases=("$@")
[ "${#cases[@]}" -gt 0 ] || cases=(status add ids generate)
command -v valgrind > /dev/null || sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind
# valgrind 3.19 cannot read the DWARF 5 the toolchain writes: a copy without debug sections keeps the symbols.
cp "$mock_bin" "$work/phota-mock-symbols"
if command -v swift-demangle > /dev/null; then demangle="swift-demangle --simplified"; else demangle="swift demangle --simplified"; fi
strip -g "$work/phota-mock-symbols"

urls=""
for i in $(seq 1 10); do urls="$urls\"https://example.com/$i.jpg\","; done
add_body="{\"image_urls\":[${urls%,}],\"training_tier\":\"standard\",\"tag\":\"bench\"}"
echo "$add_body" > "$work/add.json"
echo '{"prompt":"a portrait at the beach","aspect_ratio":"1:1"}' > "$work/generate.json"

for name in "${cases[@]}"; do
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    rm -f "$work"/cg.sqlite3* "$work"/callgrind.out.*
    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$work/callgrind.out.%p" \
        "$work/phota-mock-symbols" serve --port "$port" --threads 1 --log-level warning \
        --db "$work/cg.sqlite3" --preset instant > "$work/valgrind.log" 2>&1 &
    vpid=$!
    base="http://127.0.0.1:$port"
    for _ in $(seq 1 150); do curl -sf -o /dev/null "$base/_mock/health" && break; sleep 0.2; done
    id="$(curl -sS -H 'X-API-Key: bench' -H 'Content-Type: application/json' -d "$add_body" "$base/v1/phota/profiles/add" \
        | sed 's/.*"profile_id":"\([0-9a-f]*\)".*/\1/')"
    curl -sSf -o /dev/null "$base/_mock/profiles" -d '{"api_key":"bench","count":9,"status":"READY","tag":"bench"}'
    sleep 0.5
    case "$name" in
        status) args=(-H 'X-API-Key: bench' "$base/v1/phota/profiles/$id/status") ;;
        ids) args=(-H 'X-API-Key: bench' "$base/v1/phota/profiles/ids?tag=bench") ;;
        add) args=(-H 'X-API-Key: bench-add' -H 'Content-Type: application/json' -d "$work/add.json" "$base/v1/phota/profiles/add") ;;
        generate) args=(-H 'X-API-Key: bench' -H 'Content-Type: application/json' -d "$work/generate.json" "$base/v1/phota/generate") ;;
        *) echo "unknown case: $name" >&2; exit 2 ;;
    esac
    h2load --h1 -n 2000 -c 8 "${args[@]}" > /dev/null
    callgrind_control -i on "$vpid" > /dev/null 2>&1
    result="$(h2load --h1 -n "$n" -c 8 "${args[@]}")"
    callgrind_control -i off "$vpid" > /dev/null 2>&1
    callgrind_control -d "$vpid" > /dev/null 2>&1
    kill "$vpid"
    wait "$vpid" 2> /dev/null || true
    echo "$result" | grep -q "^status codes: $n 2xx" || { echo "$result" >&2; echo "errors in $name" >&2; exit 1; }
    dump="$(ls -t "$work"/callgrind.out.*.1 | head -n 1)"
    total="$(sed -n 's/^totals: \([0-9]*\).*/\1/p' "$dump")"
    echo "== $name: $((total / n)) instructions per request (user space, all threads; $n requests)"
    # The functions that execute the most instructions themselves (exclusive), per request, names demangled.
    callgrind_annotate "$dump" 2> /dev/null | grep -E '^ *[0-9,]+ \(' | sed -n "2,$((top + 1))p" \
        | awk -v n="$n" '{ count = $1; gsub(",", "", count); name = $0
            sub(/^ *[0-9,]+ +\( *[0-9.]+%\) +/, "", name); sub(/ \[[^]]*\]$/, "", name)
            if (substr(name, 1, 4) == "???:") name = substr(name, 5); else sub(/^[^ :]*:/, "", name)
            printf "  %8d  %s\n", count / n, name }' \
        | $demangle | cut -c1-150
    if [ "${KEEP:-0}" = 1 ]; then cp "$dump" "$root/bench/results/callgrind-$name.out"; fi
done
