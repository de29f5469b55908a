#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Drives the dashboard at /_mock/ui in headless Chromium (Debian's chromium and chromium-driver) with Selenium and
# pytest (PyPI), against the debug binary or $PHOTA_MOCK_BINARY; saves Tests/dashboard/artifacts/dashboard.png.
# Arguments go to pytest. Installs what is missing; exits non-zero when a test fails or none ran.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
if [ "${#need[@]}" -gt 0 ]; then
    echo "installing: ${need[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
for module in selenium pytest; do
    python3 -c "import $module" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check "$module" 2>/dev/null \
        || python3 -m pip install -q --disable-pip-version-check --break-system-packages "$module"
done

if [ -z "${PHOTA_MOCK_BINARY:-}" ]; then
    swift build --product phota-mock
    export PHOTA_MOCK_BINARY="$PWD/.build/debug/phota-mock"
fi

status=0
python3 -m pytest -p no:cacheprovider Tests/dashboard "$@" || status=$?
screenshot="$PWD/Tests/dashboard/artifacts/dashboard.png"
[ -f "$screenshot" ] && echo "screenshot: $screenshot"
# pytest exits 5 when it collected no test: that is a failure here too.
exit "$status"
