#!/usr/bin/env bash
# The booted test host (tests/systemhost): systemd-nspawn from Debian's systemd-container, and
# the Debian forky rootfs it boots, built once into build/systemhost/ (a few minutes; after
# that a fast no-op). debootstrap comes with 50-podman.sh.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
export DEBIAN_FRONTEND=noninteractive

if ! command -v systemd-nspawn >/dev/null 2>&1; then
    apt-get update -q
    apt-get install -y -q -o DPkg::Lock::Timeout=900 systemd-container
fi
command -v debootstrap >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q -o DPkg::Lock::Timeout=900 debootstrap; }
bash "$root/tests/systemhost/build-rootfs.sh"
