#!/usr/bin/env bash
# Build the base image every PuzzleSecretary image starts from: Debian bookworm "minbase" with
# python3, made with debootstrap and `podman import`, so no image registry is needed.
#
#   BASE_IMAGE      name of the image to create (default localhost/puzzlesecretary-base:bookworm)
#   DEBIAN_MIRROR   Debian mirror URL (default: the one apt on this machine uses for bookworm)
#   REBUILD_BASE=1  build again even when the image already exists
set -euo pipefail

BASE_IMAGE=${BASE_IMAGE:-localhost/puzzlesecretary-base:bookworm}
SUITE=bookworm
here=$(cd "$(dirname "$0")" && pwd)
build_dir=${BUILD_DIR:-$here/../../build}

if [[ "${REBUILD_BASE:-0}" != 1 ]] && podman image exists "$BASE_IMAGE"; then
    echo "base image $BASE_IMAGE already exists (REBUILD_BASE=1 builds it again)"
    exit 0
fi

# The mirror comes from this machine's apt configuration so the repository never names one.
# shellcheck source=debian-mirror.sh
source "$here/debian-mirror.sh"
mirror=${DEBIAN_MIRROR:-$(debian_mirror "$SUITE")}
# Not a Debian machine (a CI runner, say): debootstrap's own default mirror, and Debian's keys.
keyring=()
if [[ -z "$mirror" && -r /usr/share/keyrings/debian-archive-keyring.gpg ]]; then
    keyring=(--keyring=/usr/share/keyrings/debian-archive-keyring.gpg)
fi

mkdir -p "$build_dir"
rootfs=$(mktemp -d "$build_dir/base-rootfs.XXXXXX")
trap 'rm -rf "$rootfs"' EXIT

echo "debootstrap $SUITE (minbase + python3) into $rootfs"
debootstrap "${keyring[@]}" --variant=minbase --include=python3 "$SUITE" "$rootfs" ${mirror:+"$mirror"} >"$rootfs.log" 2>&1 || {
    tail -n 30 "$rootfs.log" >&2
    exit 1
}
rm -f "$rootfs.log"

# Only what a Python program needs at run time: drop package caches, indexes, docs and locales.
rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/* \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
    "$rootfs"/usr/share/locale/* "$rootfs"/tmp/* "$rootfs"/var/tmp/*
# A mirror that apt inside the image would use is a build detail, not part of the image.
: >"$rootfs/etc/apt/sources.list"

tar --numeric-owner -C "$rootfs" -c . |
    podman import \
        --change 'ENV LANG=C.UTF-8' \
        --change 'ENV PYTHONDONTWRITEBYTECODE=1' \
        --change 'CMD ["python3"]' \
        --message "debootstrap --variant=minbase --include=python3 $SUITE" \
        - "$BASE_IMAGE" >/dev/null
echo "built $BASE_IMAGE: $(podman image inspect --format '{{.Size}}' "$BASE_IMAGE") bytes"
