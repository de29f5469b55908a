#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Tests the Python client and pytest plugin (clients/python) against the real server: once under
# pytest-xdist (-n 2, a server per worker) and once in one process. Uses $PHOTA_MOCK_BINARY when set,
# else .build/debug/phota-mock (built when missing). Arguments go to both pytest runs.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-python3}"

for module in pytest:pytest xdist:pytest-xdist; do
    "$python" -c "import ${module%%:*}" 2>/dev/null || "$python" -m pip install -q --disable-pip-version-check "${module#*:}" 2>/dev/null \
        || "$python" -m pip install -q --disable-pip-version-check --break-system-packages "${module#*:}"
done

if [ -z "${PHOTA_MOCK_BINARY:-}" ]; then
    PHOTA_MOCK_BINARY="$root/.build/debug/phota-mock"
    if [ ! -x "$PHOTA_MOCK_BINARY" ]; then
        (cd "$root" && swift build --product phota-mock)
    fi
fi
if [ ! -x "$PHOTA_MOCK_BINARY" ]; then
    echo "error: PHOTA_MOCK_BINARY=$PHOTA_MOCK_BINARY is not an executable file" >&2
    exit 1
fi
PHOTA_MOCK_BINARY="$(cd "$(dirname "$PHOTA_MOCK_BINARY")" && pwd)/$(basename "$PHOTA_MOCK_BINARY")"
export PHOTA_MOCK_BINARY
# The package is tested from its source tree, not installed: `-p phota_mock.plugin` loads the plugin.
export PYTHONPATH="$root/clients/python${PYTHONPATH:+:$PYTHONPATH}"
cd "$root/clients/python"

run() {
    local status=0
    echo "== python client: pytest $*" >&2
    "$python" -m pytest -p phota_mock.plugin "$@" || status=$?
    # Every non-zero status fails, 5 (no tests collected) included.
    if [ "$status" -ne 0 ]; then
        echo "error: pytest $* exited with status $status" >&2
        exit "$status"
    fi
}

run -n 2 "$@"
run "$@"
