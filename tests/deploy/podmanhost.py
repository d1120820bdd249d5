"""Running quadlet's generated services with real podman, in systemd's place.

This machine has no systemd as PID 1 and Debian 12's podman 4.3, so `Host` does the little of
systemd's work the end-to-end test needs: start a unit after the units it requires (Requires= /
After=), run its ExecStart= (and, to stop it, ExecStop= and ExecStopPost=), keep oneshots
without RemainAfterExit inactive so they run again, and apply Restart= when a container dies.
The command lines are the generator's, changed only where this machine or test isolation
requires it (see `adapt`).
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from deploy.quadletkit import ROOT, Unit, expand_specifiers

CONTAINERS_CONF = ROOT / "tests" / "deploy" / "containers.conf"
# Debian 12's podman refuses the default ulimits on this machine.
ULIMITS = ["--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"]


class UnitFailed(Exception):
    """A unit's command failed; the message holds its output."""


def podman_env() -> dict[str, str]:
    return dict(os.environ, CONTAINERS_CONF=str(CONTAINERS_CONF))


def podman(*args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
    done = subprocess.run(["podman", *args], env=podman_env(), capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        raise UnitFailed(f"podman {' '.join(args)} exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    return done


@dataclass
class Isolation:
    """What makes one test run's objects unique: a prefix for names and host ports by container."""

    prefix: str
    ports: dict[str, int] = field(default_factory=dict)
    volumes: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()

    def name(self, name: str) -> str:
        return f"{self.prefix}-{name}"


# One pass over a command line, one branch per option it rewrites.
def adapt(argv: list[str], iso: Isolation) -> list[str]:  # noqa: C901
    """The generated podman command line, as this machine and an isolated run need it.

    Machine (podman 4.3 without systemd): `--cgroups=split` needs a systemd-managed cgroup;
    `--sdnotify=healthy` and `--health-on-failure` arrived after 4.3 (there is no systemd to
    notify either); `create --ignore` arrived in 4.4; the default ulimits are refused.
    Isolation: names, networks, volumes and published host ports get this run's prefix or
    port; each container keeps its own name as a network alias so the others still find it.
    """
    if argv[0] == "/usr/bin/podman":
        argv = ["podman", *argv[1:]]
    out: list[str] = []
    if argv[1:3] in (["network", "create"], ["volume", "create"]):
        out = [a for a in argv if a != "--ignore"]
        out[-1] = iso.name(out[-1])
        return out
    if argv[1] != "run":
        return argv
    args = iter(argv)
    for arg in args:
        if arg == "--cgroups=split" or arg.startswith("--sdnotify="):
            continue
        if arg == "--health-on-failure":
            next(args)
            continue
        if arg == "--name":
            name = next(args)
            out += ["--name", iso.name(name), "--network-alias", name]
            continue
        if arg == "--network":
            network = next(args)
            out += ["--network", iso.name(network) if network in iso.networks else network]
            continue
        if arg == "-v":
            source, _, rest = next(args).partition(":")
            out += ["-v", f"{iso.name(source) if source in iso.volumes else source}:{rest}"]
            continue
        if arg == "--publish":
            address, host_port, container_port = next(args).split(":")
            out += ["--publish", f"{address}:{iso.ports[container_port]}:{container_port}"]
            continue
        out.append(arg)
    # Options may come in any order before the image: the ulimits go right after `run`.
    return out[:2] + ULIMITS + out[2:]


class Host:
    """systemd's part, for the generated units of one test run."""

    def __init__(
        self, units: dict[str, Unit], iso: Isolation, home: Path, runtime: Path, replacements: dict[str, list[str]] | None = None
    ):
        self.units = units
        self.iso = iso
        self.home = home
        self.runtime = runtime
        self.replacements = replacements or {}
        self.active: set[str] = set()
        self.log: list[str] = []
        self.fake_url = ""
        self.web_url = ""

    def command(self, unit: str, key: str = "ExecStart") -> list[str]:
        if key == "ExecStart" and unit in self.replacements:
            return self.replacements[unit]
        argv = expand_specifiers(self.units[unit].command(key), unit, self.home, self.runtime)
        return adapt(argv, self.iso)

    def requirements(self, unit: str) -> list[str]:
        found = self.units[unit]
        required = found.words("Unit", "Requires")
        after = set(found.words("Unit", "After"))
        return [r for r in required if r in after and r in self.units]

    def start(self, unit: str) -> None:
        """Start `unit` after what it requires, as `systemctl --user start` would."""
        if unit in self.active:
            return
        for dependency in self.requirements(unit):
            self.start(dependency)
        found = self.units[unit]
        for key in ("ExecStartPre", "ExecStart"):
            if found.value("Service", key) is None:
                continue
            argv = self.command(unit, key)
            self.log.append(f"{unit}: {' '.join(argv)}")
            done = subprocess.run(argv, env=podman_env(), capture_output=True, text=True, timeout=600)
            if done.returncode != 0:
                raise UnitFailed(
                    f"{unit} {key} exited {done.returncode}:\n{' '.join(argv)}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
                )
        oneshot = found.value("Service", "Type") == "oneshot"
        if not oneshot or found.value("Service", "RemainAfterExit") == "yes":
            self.active.add(unit)
        elif found.value("Service", "ExecStopPost") is not None:
            # A finished oneshot deactivates at once, and systemd runs its ExecStopPost=.
            subprocess.run(self.command(unit, "ExecStopPost"), env=podman_env(), capture_output=True, text=True, timeout=120)
            self._forget_cidfile(unit)

    def stop(self, unit: str) -> None:
        """Stop `unit` as systemctl would: ExecStop=, then ExecStopPost=."""
        for key in ("ExecStop", "ExecStopPost"):
            if self.units[unit].value("Service", key) is not None:
                argv = self.command(unit, key)
                subprocess.run(argv, env=podman_env(), capture_output=True, text=True, timeout=120)
        self._forget_cidfile(unit)
        self.active.discard(unit)

    def _forget_cidfile(self, unit: str) -> None:
        # podman 4.3's `rm -i --cidfile=` leaves the file behind when the container is gone
        # already (--rm), and the next `run --cidfile` refuses an existing file; newer podman
        # removes it. On a host, %t is a tmpfs and the same file name is reused on restart.
        for arg in self.command(unit):
            if arg.startswith("--cidfile="):
                Path(arg.split("=", 1)[1]).unlink(missing_ok=True)

    def restart(self, unit: str) -> None:
        self.stop(unit)
        self.start(unit)

    def container_running(self, unit: str) -> bool:
        name = self.container_name(unit)
        done = podman("container", "inspect", "--format", "{{.State.Running}}", name, check=False)
        return done.returncode == 0 and done.stdout.strip() == "true"

    def container_name(self, unit: str) -> str:
        argv = self.command(unit)
        return argv[argv.index("--name") + 1]

    def supervise(self, unit: str) -> bool:
        """systemd's reaction to a main process that died: restart it when Restart= says so.

        Returns whether the unit was started again. (With --rm the dead container is gone.)
        """
        if unit not in self.active or self.container_running(unit):
            return False
        policy = self.units[unit].value("Service", "Restart") or "no"
        self.stop(unit)
        if policy not in ("on-failure", "always", "on-abnormal"):
            return False
        self.start(unit)
        return True

    def wait_healthy(self, unit: str, timeout: float = 90) -> str:
        """Run the container's HealthCmd (as podman's healthcheck timer would) until it passes."""
        name = self.container_name(unit)
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            done = podman("healthcheck", "run", name, check=False)
            last = (done.stdout + done.stderr).strip()
            if done.returncode == 0:
                return podman("inspect", "--format", "{{.State.Health.Status}}", name).stdout.strip()
            time.sleep(1)
        logs = podman("logs", name, check=False)
        raise UnitFailed(f"{name} never became healthy: {last}\n{logs.stdout[-2000:]}{logs.stderr[-2000:]}")

    def stop_all(self) -> None:
        for unit in list(self.active):
            self.stop(unit)


def http_get(url: str, timeout: float = 5) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def http_post_json(url: str, payload, timeout: float = 5) -> tuple[int, str]:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.read().decode("utf-8", "replace")


def wait_for(check, timeout: float, interval: float = 1.0, what: str = "condition"):
    """Call `check` until it returns something truthy; bounded by `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except (OSError, urllib.error.URLError) as error:
            last_error = error
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what} (last error: {last_error})")
