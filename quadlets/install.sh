#!/usr/bin/env bash
# `make install`: put PuzzleSecretary's quadlets where the rootless user's systemd finds them,
# then reload systemd so the generator turns them into services.
#
#   IMAGE_PREFIX    registry and owner of our images (default: the one written in the quadlets)
#   IMAGE_TAG       tag of our images (default latest)
#   QUADLET_DIR     where the quadlets go (default ~/.config/containers/systemd/puzzlesecretary)
#   USER_UNIT_DIR   where the plain user units go (default ~/.config/systemd/user)
#   LIBEXEC_DIR     where their script goes (default ~/.local/libexec/puzzlesecretary)
#   SYSTEMD_RELOAD  0 skips `systemctl --user daemon-reload` and enabling the timer
#
# Upstream images (signal-cli-rest-api, WAHA, cloudflared, Telegraf) keep their own names.
# Environment files are never overwritten: the examples in deploy/env/ are copied only where
# ~/.config/puzzlesecretary/ has no file of that name yet.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
IMAGE_PREFIX=${IMAGE_PREFIX:-ghcr.io/puzzlesecretary}
IMAGE_TAG=${IMAGE_TAG:-latest}
QUADLET_DIR=${QUADLET_DIR:-$HOME/.config/containers/systemd/puzzlesecretary}
USER_UNIT_DIR=${USER_UNIT_DIR:-$HOME/.config/systemd/user}
LIBEXEC_DIR=${LIBEXEC_DIR:-$HOME/.local/libexec/puzzlesecretary}
CONFIG_DIR=${CONFIG_DIR:-$HOME/.config/puzzlesecretary}
STATE_DIR=${STATE_DIR:-$HOME/.local/state/puzzlesecretary/auto-update}
SYSTEMD_RELOAD=${SYSTEMD_RELOAD:-1}

mkdir -p "$QUADLET_DIR" "$USER_UNIT_DIR" "$LIBEXEC_DIR" "$CONFIG_DIR" "$STATE_DIR"
chmod 0700 "$CONFIG_DIR"

shopt -s nullglob
for unit in "$here"/*.container "$here"/*.volume "$here"/*.network; do
    sed -e "s|^Image=ghcr.io/puzzlesecretary/\(puzzlesecretary-[a-z-]*\):latest\$|Image=$IMAGE_PREFIX/\1:$IMAGE_TAG|" \
        "$unit" >"$QUADLET_DIR/$(basename "$unit").new"
    mv "$QUADLET_DIR/$(basename "$unit").new" "$QUADLET_DIR/$(basename "$unit")"
done
# The auto-update check runs podman on the host, so it is a plain user unit, not a quadlet.
for unit in "$here"/*.service "$here"/*.timer; do
    install -m 0644 "$unit" "$USER_UNIT_DIR/"
done
for script in "$here"/*.sh; do
    [[ "$(basename "$script")" == install.sh ]] || install -m 0755 "$script" "$LIBEXEC_DIR/"
done
for example in "$root"/deploy/env/*.env.example; do
    target=$CONFIG_DIR/$(basename "$example" .example)
    [[ -e "$target" ]] || install -m 0600 "$example" "$target"
done
if [[ -f "$root/telegraf/telegraf.conf" && ! -e "$CONFIG_DIR/telegraf.conf" ]]; then
    install -m 0644 "$root/telegraf/telegraf.conf" "$CONFIG_DIR/telegraf.conf"
fi

echo "installed the quadlets in $QUADLET_DIR (images $IMAGE_PREFIX/puzzlesecretary-*:$IMAGE_TAG)"
if [[ "$SYSTEMD_RELOAD" == 1 ]]; then
    systemctl --user daemon-reload
    systemctl --user enable --now auto-update-check.timer
    echo "systemd reloaded; start everything with: systemctl --user start web.service signal-ingest.service whatsapp-ingest.service updater-metrics.service cloudflared.service telegraf.service"
fi
