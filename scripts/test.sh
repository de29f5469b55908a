#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs what the tests need, builds, and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
swift build --build-tests
# The contract fuzz first, so the test runner's summary stays the last thing printed.
if [ "$#" -eq 0 ]; then scripts/schemathesis.sh 100; fi
swift test --skip-build "$@"
