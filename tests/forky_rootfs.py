"""The Debian forky rootfs that tests/setup/45-hass-forky.sh builds under build/hass-forky: Python
3.14 with Home Assistant 2026.11 in /opt/hass, and Ignition's ignition-validate. A command runs
in a private mount namespace (unshare) that bind-mounts one host directory at /mnt and mounts a
fresh /proc, then chroots into the rootfs with a clean environment: nothing stays mounted after
the process ends, and the network is the host's (HA reaches Mosquitto on 127.0.0.1)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOTFS = Path(os.environ.get("HASS_ROOTFS", Path(__file__).resolve().parents[1] / "build" / "hass-forky"))


def rootfs_command(shared: Path, argv: list[str], env: dict[str, str] | None = None) -> list[str]:
    """argv run in the rootfs with `shared` at /mnt; the command line, for Popen."""
    assert (ROOTFS / "opt" / "hass" / "bin" / "hass").exists(), "run tests/setup/45-hass-forky.sh (build/hass-forky is missing)"
    variables = {"PATH": "/usr/bin:/bin", "HOME": "/root", "LANG": "C.UTF-8", **(env or {})}
    # unshare execs sh, which execs chroot, env and argv: the Popen pid is argv's process.
    script = 'mount -t proc proc "$0/proc" && mount --bind "$1" "$0/mnt" && shift && exec chroot "$0" "$@"'
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, str(ROOTFS), str(shared),
            "/usr/bin/env", "-i", *[f"{key}={value}" for key, value in variables.items()], *argv]


def run_in_rootfs(shared: Path, argv: list[str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(rootfs_command(shared, argv), capture_output=True, text=True, timeout=timeout, check=False)
