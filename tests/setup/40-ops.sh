#!/usr/bin/env bash
# What tests/ops needs: Debian's Mosquitto broker, and Home Assistant in a venv of its own
# (homeassistant pins many packages, so it must not share .venv). Idempotent: a fast no-op
# when both are already there.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HASS_VENV="${HASS_VENV:-$ROOT/build/hass-venv}"
# 2024.3.3 is the newest release that installs on Python 3.11 (see docs/ops.md).
HASS_VERSION="2024.3.3"
# check_config pip-installs these at its first run; installing them first keeps it offline.
# ical is Local To-do's requirement: the tests run the automations against a real to-do list.
HASS_RUNTIME_REQS=(colorlog==6.8.2 paho-mqtt==1.6.1 janus==1.0.0 ical==7.0.3)

missing=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
# systemd-analyze checks the host timer's units.
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
if ((${#missing[@]})); then
    if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
        apt-get update -q
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 "${missing[@]}"
fi
# The package enables a system-wide broker on 1883; tests start their own on free ports.

stamp="$HASS_VENV/.installed-$(echo "$HASS_VERSION ${HASS_RUNTIME_REQS[*]}" | md5sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
    python3 -m venv "$HASS_VENV"
    "$HASS_VENV/bin/pip" install --quiet --upgrade pip
    "$HASS_VENV/bin/pip" install --quiet "${HASS_RUNTIME_REQS[@]}"
    "$HASS_VENV/bin/pip" install --quiet "homeassistant==$HASS_VERSION" "${HASS_RUNTIME_REQS[@]}"
    touch "$stamp"
fi
