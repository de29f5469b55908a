#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian packages phota-mock needs, only when missing. `deps.sh` alone: what building
# and serving need; `deps.sh test`: also what the test suite drives (curl, nghttp2 tools, Python's h2).
set -euo pipefail

# libcurl4-openssl-dev: libcurl's headers for CCurl, and libcurl4 itself, which --fetch-images opens on first use.
# libssl-dev: libcrypto's headers for CCrypto; libssl3 (libcrypto.so.3) is what signing opens at run time.
need=(libsqlite3-dev zlib1g-dev libnghttp2-dev libcurl4-openssl-dev libssl-dev pkg-config)
if [ "${1:-}" = "test" ]; then
    need+=(curl nghttp2-client libjpeg-turbo-progs python3 python3-pip binutils)
fi

missing=()
for package in "${need[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ "${1:-}" = "test" ]; then
    # h2 drives raw HTTP/2 frames; Pillow is the real decoder the image tests open PNGs with.
    for module in h2:h2 PIL:Pillow; do
        python3 -c "import ${module%%:*}" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check "${module#*:}" 2>/dev/null \
            || python3 -m pip install -q --disable-pip-version-check --break-system-packages "${module#*:}"
    done
fi
