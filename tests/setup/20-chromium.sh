#!/usr/bin/env bash
# The web's end-to-end test drives Debian's headless Chromium (tests/web/test_browser.py) and
# needs fonts that draw the emoji grids. Idempotent: a fast no-op when both are installed.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing+=(fonts-noto-color-emoji)
fc-list 2>/dev/null | grep -qi 'dejavu' || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
    if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
        apt-get update -q
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}"
fi
