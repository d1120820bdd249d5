#!/usr/bin/env bash
# Today's Home Assistant for tests/ops, and ignition-validate for tests/deploy/test_flatcar.py.
# Home Assistant 2026.11 needs Python >= 3.14.2 and Debian 12 has 3.11, so both live in a small
# Debian forky rootfs under build/, entered with chroot (no boot). Built once; a fast no-op after.
# This rootfs is the Home Assistant one only: the booted test host builds its own elsewhere.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
rootfs=${HASS_ROOTFS:-$root/build/hass-forky}
# The release the tests run (docs/ops.md says why this one).
hass_version=2026.11.0
# Home Assistant installs integrations' requirements at run time. The tests run offline
# (`hass --skip-pip`), so they are installed here: check_config's colorlog, MQTT's paho-mqtt and
# Local To-do's ical (pins from the 2026.11.0 wheel's check_config.py and manifest.json files),
# then whatever else a first start and a first check_config install, by doing both once.
hass_runtime_reqs=(colorlog==6.10.1 paho-mqtt==2.1.0 ical==14.3.1)
# libfaketime: the live test moves Home Assistant's clock forward (tests/ops/hassroot.py).
packages=python3,python3-venv,ca-certificates,ignition,libfaketime
export DEBIAN_FRONTEND=noninteractive

# The package is in the stamp: a new integration in it may need requirements the warm-up installs.
stamp=$rootfs/.puzzlesecretary-$(cat <(echo "$packages $hass_version ${hass_runtime_reqs[*]}") "$root/homeassistant/puzzlesecretary.yaml" |
    md5sum | cut -c1-12)
if [[ -f "$stamp" ]]; then
    exit 0
fi

command -v debootstrap >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q debootstrap; }

# The Debian mirror apt already uses on this machine (never written into the repository).
# shellcheck source=../../containers/base/debian-mirror.sh
source "$root/containers/base/debian-mirror.sh"
url=$(require_debian_mirror 45-hass-forky)

if [[ ! -f "$rootfs/.debootstrapped" ]]; then
    rm -rf "$rootfs"
    mkdir -p "$rootfs"
    # Bookworm's debootstrap has no forky script; forky is built like sid.
    debootstrap --variant=minbase --include="$packages" forky "$rootfs" "$url" /usr/share/debootstrap/scripts/sid
    # The archive's Release files may be past their Valid-Until date: allow that in this rootfs only.
    echo 'Acquire::Check-Valid-Until "false";' >"$rootfs/etc/apt/apt.conf.d/99puzzlesecretary-valid-until"
    touch "$rootfs/.debootstrapped"
fi

in_rootfs() {
    cp -L /etc/resolv.conf "$rootfs/etc/resolv.conf"
    # A clean environment: the host's pip settings point at files that are not in the rootfs.
    chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"
}

# This machine's own extra certificate authorities (its network may re-sign TLS): the rootfs
# trusts what the host trusts, so pip works from the chroot as it does on the host.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    mkdir -p "$rootfs/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
    in_rootfs update-ca-certificates >/dev/null
fi
in_rootfs apt-get install -y -q ${packages//,/ } >/dev/null
in_rootfs python3 --version
in_rootfs ignition-validate --version
if [[ ! -x "$rootfs/opt/hass/bin/hass" ]] || ! in_rootfs /opt/hass/bin/pip show homeassistant 2>/dev/null | grep -qx "Version: $hass_version"; then
    in_rootfs python3 -m venv /opt/hass
    in_rootfs /opt/hass/bin/pip install --quiet --upgrade pip
    in_rootfs /opt/hass/bin/pip install --quiet "homeassistant==$hass_version" "${hass_runtime_reqs[@]}"
fi
in_rootfs /opt/hass/bin/pip install --quiet "${hass_runtime_reqs[@]}"

# The first start and check_config, with the network, on a configuration that loads what the
# tests load (the package's integrations, http, api, config, onboarding, a REST notifier).
# UV_NATIVE_TLS: Home Assistant installs with uv, which trusts the system's certificates only then.
# assist_pipeline's pymicro-vad and pyspeex-noise have no Python 3.14 wheels and this rootfs has
# no compiler: not tried (the tests expect that integration to fail, see ENVIRONMENT_ERRORS).
warm=$rootfs/tmp/hass-warm-up
rm -rf "$warm" "$warm.log"
mkdir -p "$warm/packages"
cp "$root/homeassistant/puzzlesecretary.yaml" "$warm/packages/"
cat >"$warm/configuration.yaml" <<'EOF'
homeassistant:
  time_zone: UTC
  packages: !include_dir_named packages
logger:
  default: info
http:
  server_host: 127.0.0.1
  server_port: 18123
api:
config:
onboarding:
notify:
  - platform: rest
    name: warm_up
    resource: http://127.0.0.1:9/
EOF
in_rootfs UV_NATIVE_TLS=1 /opt/hass/bin/hass --script check_config -c /tmp/hass-warm-up >/dev/null 2>&1 || true
# chroot execs env, which execs hass: $! is Home Assistant itself.
chroot "$rootfs" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 UV_NATIVE_TLS=1 \
    /opt/hass/bin/hass -c /tmp/hass-warm-up --skip-pip-packages pymicro-vad,pyspeex-noise >"$warm.log" 2>&1 &
hass_pid=$!
for _ in $(seq 600); do
    grep -q "Home Assistant initialized" "$warm.log" 2>/dev/null && break
    kill -0 "$hass_pid" 2>/dev/null || break
    sleep 1
done
kill "$hass_pid" 2>/dev/null || true
wait "$hass_pid" || true
grep -q "Home Assistant initialized" "$warm.log" || { tail -50 "$warm.log" >&2; echo "45-hass-forky: the first start failed" >&2; exit 1; }
rm -rf "$warm" "$warm.log"
in_rootfs /opt/hass/bin/hass --version

rm -f "$rootfs"/.puzzlesecretary-*
touch "$stamp"
