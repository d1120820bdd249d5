#!/usr/bin/env bash
# The booted test host's root filesystem: Debian forky (systemd, podman 5.8, Debian's
# docker-registry) made with debootstrap, built once into build/systemhost/rootfs and never
# changed afterwards (each boot writes to an overlay of its own; see tests/systemhost/machine.py).
# A fast no-op when the rootfs matches this script. Run as root.
#
#   SYSTEMHOST_ROOTFS  where the rootfs goes (default build/systemhost/rootfs)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
rootfs=${SYSTEMHOST_ROOTFS:-$root/build/systemhost/rootfs}
# systemd as init, rootless podman as in production (uidmap, passt, the user's D-Bus and
# logind session), podman's network pieces (netavark's DNS and nftables), Debian's registry,
# and what the README's operator steps use (sudo, git, make, curl).
packages=systemd,systemd-sysv,dbus,dbus-user-session,libpam-systemd,podman,uidmap,passt,fuse-overlayfs,aardvark-dns,nftables,catatonit,docker-registry,sudo,git,make,curl,procps,iproute2
# The registry the tests push to; the board's port (5000) is taken inside the host.
registry=127.0.0.1:5001
stamp=$rootfs/.puzzlesecretary-$(md5sum <"$0" | cut -c1-12)
if [[ -f "$stamp" ]]; then
    exit 0
fi
# debootstrap (minutes) runs again only when the package list changes; the configuration
# below is rewritten in place whenever this script changes.
bootstrapped=$rootfs/.debootstrapped-$(echo "$packages" | md5sum | cut -c1-12)

# The Debian mirror apt already uses on this machine (never written into the repository).
# shellcheck source=../../containers/base/debian-mirror.sh
source "$root/containers/base/debian-mirror.sh"
url=$(require_debian_mirror systemhost)

work=$rootfs.new
rm -rf "$work"
if [[ -f "$bootstrapped" ]]; then
    mv "$rootfs" "$work"
    rm -f "$work"/.puzzlesecretary-*
else
    mkdir -p "$work"
    echo "systemhost: debootstrap forky into $work (a few minutes)"
    # Bookworm's debootstrap has no forky script; forky is built like sid.
    if ! debootstrap --variant=minbase --include="$packages" forky "$work" "$url" /usr/share/debootstrap/scripts/sid >"$work.log" 2>&1; then
        tail -n 30 "$work.log" >&2
        exit 1
    fi
    rm -f "$work.log"
    touch "$work/$(basename "$bootstrapped")"
fi

# The archive's Release files may be past their Valid-Until date: allow that inside this
# rootfs only (the README's `apt-get install` step runs there against these lists).
echo 'Acquire::Check-Valid-Until "false";' >"$work/etc/apt/apt.conf.d/99puzzlesecretary-valid-until"
echo puzzlevm >"$work/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tpuzzlevm\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$work/etc/hosts"
: >"$work/etc/machine-id"

# The host's cgroup v2 hierarchy has no controllers to delegate: podman must not ask for the
# pids controller. Everything else is podman's default.
mkdir -p "$work/etc/containers/containers.conf.d" "$work/etc/containers/registries.conf.d"
cat >"$work/etc/containers/containers.conf.d/50-systemhost.conf" <<'CONF'
# The test host (tests/systemhost): its cgroup tree has no pids controller.
[containers]
pids_limit = 0
CONF

# Rootless podman's network (pasta) opens /dev/net/tun as the user. On a real host udev makes
# it 0666 (its 50-udev-default.rules); nspawn creates it 0600 and runs no udev.
mkdir -p "$work/etc/tmpfiles.d"
echo 'z /dev/net/tun 0666 - - -' >"$work/etc/tmpfiles.d/50-systemhost-tun.conf"

# The test host's network is loopback alone, online from the start; nothing else would ever
# reach network-online.target, which podman-user-wait-network-online.service (before every
# rootless quadlet) waits for.
mkdir -p "$work/etc/systemd/system/multi-user.target.wants"
ln -sf /usr/lib/systemd/system/network-online.target "$work/etc/systemd/system/multi-user.target.wants/network-online.target"

# Debian's registry, on loopback, without the htpasswd block of its default config, and
# podman told to speak plain HTTP to it.
sed -i -e "s|^  addr: :5000\$|  addr: $registry|" -e '/^auth:/,/^[^ ]/{/^auth:/d;/^ /d}' "$work/etc/docker/registry/config.yml"
grep -q "addr: $registry" "$work/etc/docker/registry/config.yml" || { echo "systemhost: the registry's config changed shape" >&2; exit 1; }
if grep -q '^auth:' "$work/etc/docker/registry/config.yml"; then
    echo "systemhost: the registry's auth block is still there" >&2
    exit 1
fi
cat >"$work/etc/containers/registries.conf.d/50-systemhost.conf" <<CONF
# The test host's own registry (Debian's docker-registry on loopback, plain HTTP).
[[registry]]
location = "$registry"
insecure = true
CONF

rm -rf "$rootfs"
mv "$work" "$rootfs"
touch "$stamp"
echo "systemhost: built $rootfs ($(du -sxh "$rootfs" | cut -f1))"
