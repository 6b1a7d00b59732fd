#!/bin/sh
# browser.sh HTML PNG - render HTML with headless Chromium (no network, a
# throwaway profile) to PNG and check that a picture came out.
set -eu
html=$1 png=$2
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --window-size=1200,6000 \
    --screenshot="$png" "file://$(cd "$(dirname "$html")" && pwd)/$(basename "$html")" \
    >/dev/null 2>&1
python3 - "$png" <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read(24)
assert b[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", b[16:24])
print(f"ok - {sys.argv[1]}: {w}x{h} PNG rendered by Chromium; look at it")
PY
