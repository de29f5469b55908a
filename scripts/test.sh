#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs what the tests need, builds, and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
# Every Swift file as swift-format (from the toolchain) leaves it, under .swift-format; scripts/format.sh fixes it.
scripts/format.sh --check
# The Docker files, without a Docker engine: hadolint, the Compose schema, and the same build as scripts/serve.sh.
scripts/docker-lint.sh
swift build --build-tests
# The release binary as scripts/serve.sh builds it, for the test of what it loads at exec.
swift build -c release --static-swift-stdlib --product phota-mock
export PHOTA_MOCK_RELEASE_BINARY="$PWD/.build/release/phota-mock"
# The contract fuzz first, so the test runner's summary stays the last thing printed.
if [ "$#" -eq 0 ]; then scripts/schemathesis.sh 100; fi
# The Python client and pytest plugin against the debug binary, with and without pytest-xdist.
if [ "$#" -eq 0 ]; then PHOTA_MOCK_BINARY="$PWD/.build/debug/phota-mock" scripts/python-client-test.sh -q; fi
# The dashboard at /_mock/ui in headless Chromium (Selenium), against the debug binary.
if [ "$#" -eq 0 ]; then PHOTA_MOCK_BINARY="$PWD/.build/debug/phota-mock" scripts/dashboard-test.sh -q; fi
swift test --skip-build "$@"
