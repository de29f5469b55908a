#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Formats the repository's Swift files with the toolchain's swift-format and the rules in .swift-format.
#   scripts/format.sh           rewrite them in place
#   scripts/format.sh --check   change nothing; list the files that differ and exit 1 if any (the test script runs this)
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.swift')
if [ "${1:-}" != "--check" ]; then
    exec swift format --in-place --parallel "${files[@]}"
fi
copy="$(mktemp -d)"
trap 'rm -rf "$copy"' EXIT
cp --parents .swift-format "${files[@]}" "$copy/"
(cd "$copy" && swift format --in-place --parallel "${files[@]}")
unformatted=()
for file in "${files[@]}"; do cmp -s "$file" "$copy/$file" || unformatted+=("$file"); done
if [ "${#unformatted[@]}" -gt 0 ]; then
    echo "not formatted (run scripts/format.sh):" >&2
    printf '  %s\n' "${unformatted[@]}" >&2
    exit 1
fi
