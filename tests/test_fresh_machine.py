"""Every program the tests, `make run` and `make bench` start is installed by the project's own set-up.

A green run on a machine where someone once ran `apt-get install` by hand can hide a missing step:
that is how a missing `iptables` (netavark runs it for every container) broke the image builds on a
new machine. These tests read which programs the suite starts and check that each one is both on
this machine and installed by a script in tests/setup/ (or comes with every Debian 12 machine).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETUP = ROOT / "tests" / "setup"

# Programs on every Debian 12 machine with Python (essential packages, coreutils, util-linux,
# git and make, which .ci/run installs itself), so no set-up script needs to name them.
BASE = {
    "bash", "sh", "git", "make", "python3", "taskset", "runuser", "tar", "env", "true", "kill", "sleep", "ip",
    "chown", "chroot", "cp", "rm", "mount", "umount", "nsenter",
}

# Programs started not by our code but by a program we start: the set-up must install them too.
INDIRECT = {
    "iptables": "netavark runs it to set up every container's network, the first RUN step of a build included",
    "pg_ctl": "tests/postgres.py starts and stops its private server with it",
    "runc": "podman runs every container with it here (tests/deploy/containers.conf)",
    "netavark": "podman's network backend",
    "aardvark-dns": "netavark's DNS server, for containers that find each other by name",
    "debootstrap": "containers/base/build-base.sh makes the base image with it",
}

STARTS = (
    re.compile(r"""subprocess\.(?:run|Popen|check_call|check_output)\(\s*\[\s*["']([\w./-]+)["']"""),
    re.compile(r"""shutil\.which\(\s*["']([\w./-]+)["']"""),
    re.compile(r"""_run\(\s*["']([\w./-]+)["']"""),
)
OURS = re.compile(r"^puzzlesecretary")


def programs_started() -> set[str]:
    """The names of the programs that the tests and the benchmark start, found in their source."""
    found: set[str] = set()
    for folder in ("tests", "bench"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for pattern in STARTS:
                found.update(Path(name).name for name in pattern.findall(text))
    return {name for name in found if not OURS.match(name)} | set(INDIRECT)


def setup_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(SETUP.glob("*.sh")))


def on_this_machine(program: str) -> bool:
    extra = ["/usr/sbin", "/sbin", "/usr/lib/podman", *map(str, Path("/usr/lib/postgresql").glob("*/bin"))]
    return shutil.which(program) is not None or any(shutil.which(program, path=folder) for folder in extra)


def test_the_scan_finds_the_programs_the_suite_is_known_to_start():
    started = programs_started()
    assert {"podman", "wrk", "mosquitto", "chromium", "initdb", "iptables"} <= started


@pytest.mark.parametrize("program", sorted(programs_started() - BASE))
def test_each_program_the_suite_starts_is_installed_by_the_setup(program):
    named = re.search(rf"(?<![\w-]){re.escape(program)}(?![\w-])", setup_text())
    installed_by = {"initdb": "postgresql", "pg_ctl": "postgresql"}.get(program)
    assert named or (installed_by and installed_by in setup_text()), (
        f"{program} is started by the suite but no script in tests/setup/ installs it"
    )


@pytest.mark.parametrize("program", sorted(programs_started()))
def test_each_program_the_suite_starts_is_on_this_machine_after_the_setup(program):
    assert on_this_machine(program), f"{program} is not installed: `make test-deps` should have installed it"
