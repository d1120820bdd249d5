"""Running the real quadlet generator on unit folders and reading what it wrote.

The generator is podman 5.4's /usr/libexec/podman/quadlet from Debian 13, unpacked into build/
by tests/setup/50-podman.sh. Its dry run prints every generated service as `---name---`
followed by the unit text; errors and warnings go to stderr.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUADLETS = ROOT / "quadlets"
QUADLET = ROOT / "build" / "quadlet" / "usr" / "libexec" / "podman" / "quadlet"
# The generator says which files it read; anything else on stderr is a warning or an error.
LOADING = re.compile(r"^quadlet-generator\[\d+\]: Loading source (unit|drop-in) file ")
HEADER = re.compile(r"^---(?P<name>[^\s]+)---$")


class GeneratorMissing(Exception):
    """build/quadlet has no generator: tests/setup/50-podman.sh has not run."""


@dataclass
class Unit:
    """One generated systemd unit: its sections, each a list of (key, value) in file order."""

    name: str
    sections: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def values(self, section: str, key: str) -> list[str]:
        return [v for k, v in self.sections.get(section, []) if k == key]

    def value(self, section: str, key: str) -> str | None:
        found = self.values(section, key)
        return found[-1] if found else None

    def words(self, section: str, key: str) -> list[str]:
        """Every space-separated item of a list key (Requires=a b, After=c) over all its lines."""
        return [word for v in self.values(section, key) for word in v.split()]

    def command(self, key: str = "ExecStart") -> list[str]:
        """The argv systemd would run for ExecStart= (or another Exec key), prefixes removed."""
        line = self.value("Service", key)
        if line is None:
            raise KeyError(f"{self.name} has no {key}")
        return shlex.split(line.lstrip("-@:+!"))


@dataclass
class Generated:
    returncode: int
    units: dict[str, Unit]
    problems: list[str]
    stdout: str


def parse_units(text: str) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    unit: Unit | None = None
    section = ""
    for raw in text.splitlines():
        header = HEADER.match(raw)
        if header:
            unit = units.setdefault(header["name"], Unit(header["name"]))
            section = ""
            continue
        line = raw.strip()
        if unit is None or not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            unit.sections.setdefault(section, [])
            continue
        key, _, value = line.partition("=")
        unit.sections.setdefault(section, []).append((key.strip(), value.strip()))
    return units


def generate(*unit_dirs: Path, user: bool = True) -> Generated:
    """Run `quadlet -dryrun [-user]` over the folders (QUADLET_UNIT_DIRS) and parse its output."""
    if not QUADLET.exists():
        raise GeneratorMissing(f"{QUADLET} is missing: run tests/setup/50-podman.sh")
    env = dict(os.environ, QUADLET_UNIT_DIRS=":".join(str(d) for d in unit_dirs))
    args = [str(QUADLET), "-dryrun"] + (["-user"] if user else [])
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)
    problems = [line for line in done.stderr.splitlines() if line.strip() and not LOADING.match(line)]
    return Generated(done.returncode, parse_units(done.stdout), problems, done.stdout)


def source_units(folder: Path = QUADLETS) -> list[Path]:
    """The files quadlet turns into services (plain .service/.timer units are not its business)."""
    return sorted(
        p for p in folder.iterdir() if p.suffix in (".container", ".volume", ".network", ".pod", ".kube", ".image", ".build")
    )


def service_name(source: Path) -> str:
    """The service quadlet makes of a source file: web.container -> web.service, data.volume -> data-volume.service."""
    if source.suffix == ".container":
        return f"{source.stem}.service"
    return f"{source.stem}-{source.suffix[1:]}.service"


def expand_specifiers(argv: list[str], unit: str, home: Path, runtime: Path, uid: int | None = None) -> list[str]:
    """Resolve the systemd specifiers quadlet leaves in a command line, as systemd --user would."""
    values = {
        "%h": str(home),
        "%t": str(runtime),
        "%N": unit.rsplit(".", 1)[0],
        "%n": unit,
        "%U": str(os.getuid() if uid is None else uid),
        "%%": "%",
    }
    pattern = re.compile("|".join(re.escape(k) for k in values))
    return [pattern.sub(lambda m: values[m.group(0)], arg) for arg in argv]
