#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds phota-mock (release) and starts it on its defaults; extra arguments go to `phota-mock serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
# The Swift runtime is linked in (no libswiftCore.so and friends to load at exec): a faster start.
swift build -c release --static-swift-stdlib --product phota-mock >&2
exec .build/release/phota-mock serve "$@"
