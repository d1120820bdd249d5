#!/usr/bin/env bash
# Stage what puzzlesecretary.bu lays down, exactly as `make install` would put it in the app
# user's home, into build/flatcar/home. `make flatcar` runs this, then renders the Ignition
# config from the staged files (deploy/flatcar/render.py):
#
#   IMAGE_PREFIX=<registry>/<owner> make flatcar        # build/flatcar/config.ign
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
stage=$root/build/flatcar/home
rm -rf "$stage"
mkdir -p "$stage"
HOME=$stage SYSTEMD_RELOAD=0 bash "$root/quadlets/install.sh"
# Secrets never go into the Ignition config (it is readable on the VM and in the cloud's
# metadata): the env files are copied to the VM after its first boot (docs/deploy.md).
rm -f "$stage"/.config/puzzlesecretary/*.env
echo "staged in $stage"
