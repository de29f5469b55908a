#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the request-parser fuzzer with libFuzzer and AddressSanitizer and runs it for SECONDS
# (default 60). Crashes are written to FailCases/; the corpus grows in .corpus/ (not committed).
#   Tests/Fuzz/run.sh 300
set -euo pipefail
seconds="${1:-60}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$here/.build"
mkdir -p "$build" "$here/.corpus" "$here/FailCases"

parser_sources=(
    RequestParser HeadScan RequestHead ChunkedDecoder HTTPParseError ServerLimits CharacterClass
    PercentDecoding RequestTarget HTTPRequest HTTPHeaders HTTPStatus AuthoritySyntax InboundBuffer
)
sources=("$here/Sources/FuzzRequestParser/FuzzRequestParser.swift")
for name in "${parser_sources[@]}"; do sources+=("$root/Sources/PhotaHTTP/$name.swift"); done

swiftc -sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 -package-name phota \
    -module-name FuzzRequestParser "${sources[@]}" -o "$build/fuzz-request-parser"

# Seed the corpus with the hostile requests of the integration tests and a few good ones.
if [ -z "$(ls -A "$here/.corpus")" ]; then
    cp "$root"/Tests/IntegrationTests/Corpus/*.http "$here/.corpus/"
    printf 'GET /a%%20b?x=1&y=%%41 HTTP/1.1\r\nHost: h\r\n\r\n' > "$here/.corpus/seed-get"
    printf 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabcGET / HTTP/1.0\r\n\r\n' > "$here/.corpus/seed-pipelined"
    printf 'POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\n' > "$here/.corpus/seed-chunked"
fi

cd "$here"
"$build/fuzz-request-parser" -max_total_time="$seconds" -max_len=2048 -timeout=10 \
    -artifact_prefix="$here/FailCases/parser-" "$here/.corpus" "$here/FailCases"
