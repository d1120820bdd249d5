#!/usr/bin/env bash
# What the deployment tests need: podman with runc and debootstrap (to build the images with no
# registry), and the quadlet generator of a newer podman. Debian 12's podman (4.3) has no quadlet;
# Debian 13's podman package carries /usr/libexec/podman/quadlet (podman 5.4), which runs here.
# It is fetched with a private apt configuration into build/ and never installed: the system's
# apt sources are left alone. A fast no-op when everything is already in place.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
quadlet_root=$root/build/quadlet
quadlet=$quadlet_root/usr/libexec/podman/quadlet
export DEBIAN_FRONTEND=noninteractive

missing=()
# netavark (podman's network backend) runs iptables for every container it starts: without it
# the first RUN step of an image build fails with "netavark: No such file or directory".
for tool in podman:podman runc:runc debootstrap:debootstrap netavark:netavark aardvark-dns:aardvark-dns iptables:iptables; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || [[ -x /usr/lib/podman/${tool%%:*} || -x /usr/sbin/${tool%%:*} ]] || missing+=("${tool##*:}")
done
if ((${#missing[@]})); then
    apt-get update -q
    apt-get install -y -q -o DPkg::Lock::Timeout=600 "${missing[@]}" uidmap
fi

if [[ -x "$quadlet" ]] && "$quadlet" -version >/dev/null 2>&1; then
    exit 0
fi

# The Debian mirror apt already uses on this machine (never written into the repository).
# shellcheck source=../../containers/base/debian-mirror.sh
source "$root/containers/base/debian-mirror.sh"
mirror=$(require_debian_mirror 50-podman)

apt_dir=$root/build/apt-trixie
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" >"$apt_dir/sources.list"
private=(
    -o "APT::Sandbox::User=root"
    -o "Dir::Etc::sourcelist=$apt_dir/sources.list"
    -o "Dir::Etc::sourceparts=-"
    -o "Dir::State::Lists=$apt_dir/lists"
    -o "Dir::Cache=$apt_dir/cache"
    -o "APT::Get::List-Cleanup=0"
)
apt-get "${private[@]}" update -q
rm -f "$apt_dir"/debs/podman_*.deb
(cd "$apt_dir/debs" && apt-get "${private[@]}" download podman)
deb=$(ls "$apt_dir"/debs/podman_*.deb)
rm -rf "$quadlet_root"
mkdir -p "$quadlet_root"
dpkg-deb -x "$deb" "$quadlet_root"
"$quadlet" -version
