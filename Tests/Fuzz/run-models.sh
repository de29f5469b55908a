#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the request-model fuzzer (JSON parser, serializer, Schema and validation errors through the five request
# models) with libFuzzer and AddressSanitizer and runs it for SECONDS (default 60). Crashes are written to
# FailCases/ as models-crash-…; the corpus grows in .corpus-models/ (not committed), seeded from the request
# bodies of fixtures/validation and fixtures/validation-studio.
#   Tests/Fuzz/run-models.sh 300
set -euo pipefail
seconds="${1:-60}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$here/.build/models"
corpus="$here/.corpus-models"
mkdir -p "$build/modules" "$corpus" "$here/FailCases"

# The same modules as the main package, each compiled from only the files the models need, in dependency order:
# PhotaHTTP (HTTPStatus), PhotaAPIKit (JSON, Schema, Text, Validation; not the routing, keys or error bodies,
# which need the whole HTTP server), then the models of PhotaProfiles and PhotaStudio with the entry point as one
# module (each of their files imports only PhotaAPIKit). gold warns once per AddressSanitizer helper symbol when
# linking static archives; those lines are dropped.
flags=(-sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 -package-name phota
    -enable-upcoming-feature ExistentialAny -I "$build/modules" -L "$build")
swiftc "${flags[@]}" -module-name PhotaHTTP -emit-module -emit-module-path "$build/modules/PhotaHTTP.swiftmodule" \
    -emit-library -static -o "$build/libPhotaHTTP.a" "$root/Sources/PhotaHTTP/HTTPStatus.swift"
kit=()
for dir in JSON Schema Text Validation; do
    for file in "$root/Sources/PhotaAPIKit/$dir"/*.swift; do
        [ "$(basename "$file")" = "ValidationFailure+Response.swift" ] || kit+=("$file")
    done
done
swiftc "${flags[@]}" -cross-module-optimization -module-name PhotaAPIKit -emit-module \
    -emit-module-path "$build/modules/PhotaAPIKit.swiftmodule" -emit-library -static -o "$build/libPhotaAPIKit.a" \
    "${kit[@]}"
swiftc "${flags[@]}" -module-name FuzzRequestModels -lPhotaAPIKit -lPhotaHTTP \
    "$here/Sources/FuzzRequestModels/FuzzRequestModels.swift" \
    "$root"/Sources/PhotaProfiles/Requests/*.swift "$root"/Sources/PhotaStudio/Requests/*.swift \
    -o "$here/.build/fuzz-request-models" 2> >(grep -v "Cannot export local symbol '__asan" >&2)
[ "${FUZZ_BUILD_ONLY:-0}" = 1 ] && exit 0

# Seed the corpus with every fixture's request body, behind the selector byte of its model and content type.
if [ -z "$(ls -A "$corpus")" ]; then
    python3 "$here/seed-models.py" "$root/fixtures" "$corpus"
fi

cd "$here"
"$here/.build/fuzz-request-models" -max_total_time="$seconds" -max_len=20480 -timeout=10 -rss_limit_mb=1536 \
    -artifact_prefix="$here/FailCases/models-" "$corpus" "$here/FailCases"
