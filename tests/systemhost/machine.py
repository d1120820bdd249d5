"""A booted Debian forky system container: systemd as PID 1, podman 5.8, as the server would be.

`Machine` boots the rootfs that build-rootfs.sh made with `systemd-nspawn --boot`, on an overlay
of its own (the rootfs below stays clean, and the overlay keeps /etc and /var across reboots as
a disk would), with /home bind-mounted from a real directory (rootless podman's storage cannot be
overlay on overlay), and a network namespace with loopback only: the board, the registry and
every port stay inside. Commands reach it with `nsenter -t <its systemd's pid> -a`.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD_ROOTFS = ROOT / "tests" / "systemhost" / "build-rootfs.sh"
ROOTFS = ROOT / "build" / "systemhost" / "rootfs"
# Where the rootfs's registry listens (build-rootfs.sh configures it).
REGISTRY = "127.0.0.1:5001"
# systemd-nspawn asks the host's systemd for a scope unless told to stay in the caller's cgroup,
# and registers with machined unless told not to; this machine has neither.
# nspawn's seccomp filter refuses the kernel keyring calls; crun joins a session keyring for
# every container (containers.conf `keyring = true`, podman's default), so allow them.
NSPAWN = ["systemd-nspawn", "--quiet", "--boot", "--register=no", "--keep-unit", "--private-network", "--console=read-only",
          "--system-call-filter=@keyring"]
# The host's cgroup v1 layout has a v2 hierarchy ("unified") nspawn can hand over.
NSPAWN_ENV = {"SYSTEMD_NSPAWN_UNIFIED_HIERARCHY": "1"}
# nspawn's exit status when the container's systemd asked for a reboot.
REBOOT_STATUS = 133


class MachineError(Exception):
    """A command in the machine failed, or the machine did not boot; the message holds why."""


def build_rootfs() -> Path:
    """The cached rootfs (built on first use, minutes; a no-op afterwards)."""
    done = subprocess.run(["bash", str(BUILD_ROOTFS)], capture_output=True, text=True, timeout=1800, check=False)
    if done.returncode != 0:
        raise MachineError(f"build-rootfs.sh exited {done.returncode}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return ROOTFS


@dataclass
class Machine:
    """One booted system container; its disk (overlay upper, /home) lives under `state`."""

    state: Path
    name: str
    rootfs: Path = ROOTFS
    binds: dict[str, str] = field(default_factory=dict)  # host path -> path inside, read-only
    process: subprocess.Popen | None = None
    pid: int = 0
    boots: int = 0

    @property
    def root(self) -> Path:
        return self.state / "root"

    @property
    def home(self) -> Path:
        return self.state / "home"

    def _mount(self) -> None:
        if os.path.ismount(self.root):
            return
        for part in ("upper", "work", "root", "home"):
            (self.state / part).mkdir(parents=True, exist_ok=True)
        options = f"lowerdir={self.rootfs},upperdir={self.state / 'upper'},workdir={self.state / 'work'}"
        subprocess.run(["mount", "-t", "overlay", "overlay", "-o", options, str(self.root)], check=True, timeout=60)

    def boot(self, timeout: float = 180) -> None:
        """Start the container and wait until its systemd reports the boot finished."""
        self._mount()
        self.boots += 1
        argv = [*NSPAWN, f"--directory={self.root}", f"--machine={self.name}", f"--bind={self.home}:/home"]
        argv += [f"--bind-ro={source}:{target}" for source, target in self.binds.items()]
        env = {**os.environ, **NSPAWN_ENV}
        # nspawn keeps its own copy of the descriptor: the console log outlives this block.
        with open(self.state / f"console-{self.boots}.log", "wb") as console:
            self.process = subprocess.Popen(
                argv, env=env, stdin=subprocess.DEVNULL, stdout=console, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        self.pid = self._wait_for_init(timeout)
        state = ""
        while time.monotonic() < deadline:
            # Until systemd's own socket is up, systemctl says "offline" or nothing at all.
            done = self.run(["systemctl", "is-system-running", "--wait"], check=False, timeout=timeout)
            state = done.stdout.strip() or done.stderr.strip()
            if done.stdout.strip() not in ("", "offline"):
                break
            time.sleep(0.5)
        if state not in ("running", "degraded"):
            raise MachineError(f"{self.name} did not boot: {state}\n{self.console()[-3000:]}")

    def _wait_for_init(self, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise MachineError(f"systemd-nspawn exited {self.process.returncode}:\n{self.console()[-3000:]}")
            listed = ["ps", "--ppid", str(self.process.pid), "-o", "pid=,comm="]
            children = subprocess.run(listed, capture_output=True, text=True, check=False).stdout.split()
            if len(children) >= 2 and children[1] == "systemd":
                # Entering before its D-Bus is up is fine: `is-system-running --wait` waits.
                return int(children[0])
            time.sleep(0.2)
        raise MachineError(f"no systemd in {self.name} after {timeout} s:\n{self.console()[-3000:]}")

    def console(self) -> str:
        return (self.state / f"console-{self.boots}.log").read_text(errors="replace")

    def run(self, argv: list[str] | str, *, check: bool = True, timeout: float = 300, input: str | None = None):
        """Run a command inside, as root: argv, or a shell line."""
        if isinstance(argv, str):
            argv = ["sh", "-c", argv]
        entered = ["nsenter", "-t", str(self.pid), "-a", *argv]
        done = subprocess.run(entered, capture_output=True, text=True, timeout=timeout, input=input, check=False)
        if check and done.returncode != 0:
            raise MachineError(f"{shlex.join(argv)} exited {done.returncode}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return done

    def _wait_exit(self, timeout: float) -> int:
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise MachineError(f"{self.name} still running after {timeout} s:\n{self.console()[-3000:]}") from None

    def reboot(self, timeout: float = 180) -> None:
        """`systemctl reboot` inside; nspawn exits with 133 and is started again, as
        systemd-nspawn@.service does (RestartForceExitStatus=133). The disk stays."""
        self.run(["systemctl", "reboot"], check=False)
        status = self._wait_exit(timeout)
        if status != REBOOT_STATUS:
            raise MachineError(f"{self.name} exited {status} instead of rebooting:\n{self.console()[-3000:]}")
        self.boot(timeout)

    def shutdown(self, timeout: float = 120) -> None:
        """Power off and unmount; the state directory is left for the caller to remove."""
        if self.process is not None and self.process.poll() is None:
            self.run(["systemctl", "poweroff"], check=False)
            try:
                self._wait_exit(timeout)
            except MachineError:
                os.killpg(self.process.pid, 9)
                self.process.wait(timeout=30)
        if os.path.ismount(self.root):
            subprocess.run(["umount", str(self.root)], check=False, timeout=60)
