#!/bin/sh
# Runs `podman auto-update --dry-run --format json` on the host (it needs the user's systemd,
# so it cannot run inside a container) and writes its result for the updater-metrics container:
#
#   {"format":1,"checked_at":<unix seconds>,"exit_code":<podman's>,"output":<podman's JSON or []>}
#
# The file is written next to its final name and renamed, so readers see the old file or the
# new one, never half of either. Always exits 0: a failed check is data (exit_code), not a
# failed unit that would hide the next run's result.
set -u

out="${AUTO_UPDATE_FILE:?AUTO_UPDATE_FILE must name the file to write}"
podman="${PODMAN:-podman}"
dir=$(dirname "$out")
mkdir -p "$dir"
stdout="$out.stdout.$$"
stderr="$out.stderr.$$"
tmp="$out.tmp.$$"
trap 'rm -f "$stdout" "$stderr" "$tmp"' EXIT
# systemd stops a hung run with SIGTERM: leave through EXIT so the scratch files go too.
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP

"$podman" auto-update --dry-run --format json >"$stdout" 2>"$stderr"
rc=$?
checked_at=$(date +%s)

# podman prints nothing at all when no running container carries the auto-update label.
if ! grep -q '[^[:space:]]' "$stdout"; then
    printf '[]' >"$stdout"
fi
if [ -s "$stderr" ]; then
    # Keep podman's complaint in the journal; the file only carries the exit code.
    sed 's/^/podman: /' "$stderr" >&2
fi

{
    printf '{"format":1,"checked_at":%s,"exit_code":%s,"output":' "$checked_at" "$rc"
    cat "$stdout"
    printf '}\n'
} >"$tmp"
chmod 0644 "$tmp"
mv -f "$tmp" "$out"
echo "auto-update check: podman exited $rc, wrote $out"
exit 0
