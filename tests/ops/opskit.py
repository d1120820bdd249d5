"""Helpers for the ops tests: paths, free ports, the host check script, Home Assistant's venv."""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
OPS = Path(__file__).resolve().parent
SAMPLES = OPS / "autoupdate"
CHECK_SCRIPT = ROOT / "quadlets" / "auto-update-check.sh"
HASS_PYTHON = ROOT / "build" / "hass-venv" / "bin" / "python"
HASS_HELPER = OPS / "hass_helper.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def run_mosquitto(directory: Path):
    """A real Mosquitto broker on 127.0.0.1 and a free port (yielded), stopped afterwards."""
    binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    port = free_port()
    conf = directory / "mosquitto.conf"
    conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    process = subprocess.Popen([binary, "-c", str(conf)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    raise RuntimeError(f"mosquitto did not start: {process.stdout.read().decode()}") from None
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def stand_in_podman(directory: Path, sample: str, exit_code: int, stderr: str = "") -> Path:
    """An executable that answers `auto-update --dry-run --format json` with a recorded
    output and exit code: auto-update needs a user systemd and registries, absent here."""
    script = directory / "podman"
    script.write_text(
        "#!/bin/sh\n"
        '[ "$*" = "auto-update --dry-run --format json" ] || { echo "unexpected: $*" >&2; exit 99; }\n'
        f"cat '{SAMPLES / sample}'\n"
        f"printf '%s' '{stderr}' >&2\n"
        f"exit {exit_code}\n"
    )
    script.chmod(0o755)
    return script


def run_check(out: Path, podman: Path | str) -> subprocess.CompletedProcess:
    env = {**os.environ, "AUTO_UPDATE_FILE": str(out), "PODMAN": str(podman)}
    return subprocess.run(["/bin/sh", str(CHECK_SCRIPT)], env=env, capture_output=True, text=True, timeout=60)


class Lazy(Mapping):
    """A mapping computed on first use: module constants of Home Assistant's tests are read
    through its venv, which `pytest --collect-only` must not need."""

    def __init__(self, make: Callable[[], Mapping]) -> None:
        self._make = make
        self._data: Mapping | None = None

    def _loaded(self) -> Mapping:
        if self._data is None:
            self._data = self._make()
        return self._data

    def __getitem__(self, key):
        return self._loaded()[key]

    def __iter__(self):
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


def hass_helper(command: str, payload: dict, timeout: float = 120) -> dict:
    """Runs tests/ops/hass_helper.py COMMAND in Home Assistant's venv, JSON in and out."""
    assert HASS_PYTHON.exists(), "run tests/setup/40-ops.sh first (Home Assistant's venv is missing)"
    result = subprocess.run(
        [str(HASS_PYTHON), str(HASS_HELPER), command],
        input=json.dumps(payload), capture_output=True, text=True, timeout=timeout,
    )
    assert result.returncode == 0, f"hass_helper {command} failed:\n{result.stderr[-4000:]}"
    return json.loads(result.stdout)


TELEGRAF_CONF = ROOT / "telegraf" / "telegraf.conf"
HOST = "puzzlevm"


def telegraf_config() -> dict:
    import tomllib

    return tomllib.loads(TELEGRAF_CONF.read_text())


_TAG = re.compile(r'\{\{\s*\.Tag\s+"(?P<tag>[^"]+)"\s*\}\}')
_NAME = re.compile(r"\{\{\s*\.Name\s*\}\}")


def telegraf_topic(template: str, name: str, tags: dict[str, str]) -> str:
    """The topic Telegraf's MQTT output publishes a metric on: the template's .Name and
    .Tag "x" filled in, then empty levels dropped (plugins/outputs/mqtt topic generation)."""
    if "{{" in _NAME.sub("", _TAG.sub("", template)):
        raise ValueError(f"a placeholder this helper does not know: {template}")
    filled = _NAME.sub(name, _TAG.sub(lambda match: tags.get(match.group("tag"), ""), template))
    return "/".join(level for level in filled.split("/") if level)


def go_float(value: float) -> str:
    """A float64 as Go's encoding/json writes it (encode.go floatEncoder): the shortest digits
    that read back, plain notation, exponent form only below 1e-6 and from 1e21 ("1e-7", not
    "1e-07"). Whole numbers get no ".0", so Telegraf sends 90.0 as 90."""
    text = repr(value)
    if value != 0 and (abs(value) < 1e-6 or abs(value) >= 1e21):
        return re.sub(r"e-0(\d)$", r"e-\1", text)
    text = format(Decimal(text), "f")
    return text.removesuffix(".0")


def _go_json(value) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return go_float(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(key, ensure_ascii=False)}:{_go_json(value[key])}" for key in sorted(value)) + "}"
    raise TypeError(type(value))


def telegraf_json(name: str, fields: dict, tags: dict[str, str], timestamp: int = 1764230400) -> str:
    """One metric as Telegraf's JSON serializer writes it in the non-batch layout
    (plugins/serializers/json/json.go at v1.39.3): Go's json.Marshal of a map, so keys sorted,
    NaN and infinite fields left out, whole floats without ".0", then a newline."""
    kept = {key: value for key, value in fields.items() if not (isinstance(value, float) and not math.isfinite(value))}
    return _go_json({"fields": kept, "name": name, "tags": {"host": HOST, **tags}, "timestamp": timestamp}) + "\n"


PACKAGE = ROOT / "homeassistant" / "puzzlesecretary.yaml"


def prometheus_as_telegraf(text: str, url: str) -> list[tuple[str, dict, dict]]:
    """What Telegraf's inputs.prometheus (metric_version = 1) makes of an exposition: one
    metric per sample, named after the family, field "gauge"/"counter"/"value", the labels and
    the url as tags. Labels with an empty value are left out, as Telegraf drops empty tags."""
    from prometheus_client.parser import text_string_to_metric_families

    field_of = {"gauge": "gauge", "counter": "counter"}
    metrics = []
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            tags = {key: value for key, value in sample.labels.items() if value}
            tags["url"] = url
            metrics.append((sample.name, {field_of.get(family.type, "value"): sample.value}, tags))
    return metrics
