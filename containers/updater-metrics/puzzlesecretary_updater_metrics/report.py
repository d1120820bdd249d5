"""Reading the file the host's auto-update check writes (pure: bytes in, a Report out).

The host timer (quadlets/auto-update-check.sh) wraps podman's output in a small envelope,
written atomically so a reader never sees half a file:

    {"format": 1, "checked_at": 1764230400, "exit_code": 0, "output": [ ...podman's rows... ]}

`output` is `podman auto-update --dry-run --format json` verbatim, or [] when podman printed
nothing (it prints nothing at all when no running container carries the auto-update label).
A non-zero exit may still carry rows (podman prints its reports before returning errors),
so rows are kept whatever the exit code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

ENVELOPE_FORMAT = 1

# podman's pkg/autoupdate constants for the `Updated` column.
PENDING = "pending"
UP_TO_DATE = "false"
UPDATED = "true"
FAILED = "failed"
ROLLED_BACK = "rolled back"
UPDATED_VALUES = (PENDING, UP_TO_DATE, UPDATED, FAILED, ROLLED_BACK)
FAILURES = (FAILED, ROLLED_BACK)

# Older podman releases have only `Container`, shaped "<12-hex id> (<name>)".
_CONTAINER_COLUMN = re.compile(r"^\s*[0-9a-f]+\s+\((?P<name>.+)\)\s*$")


class ReportError(ValueError):
    """The auto-update file is not the envelope the host check writes."""


@dataclass(frozen=True)
class Row:
    container: str
    image: str
    unit: str
    updated: str

    @property
    def pending(self) -> bool:
        return self.updated == PENDING

    @property
    def failed(self) -> bool:
        return self.updated in FAILURES


@dataclass(frozen=True)
class Report:
    checked_at: float
    exit_code: int
    rows: tuple[Row, ...]

    @property
    def pending(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.pending)

    @property
    def failed(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.failed)

    @property
    def succeeded(self) -> bool:
        """The check ran cleanly: podman exited 0 and no container failed or rolled back."""
        return self.exit_code == 0 and not self.failed


def _text(row: dict, key: str, where: str) -> str:
    value = row.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ReportError(f"{where}: {key} must be a string, not {type(value).__name__}")
    return value


def _container_name(row: dict, where: str) -> str:
    name = _text(row, "ContainerName", where)
    if name:
        return name
    column = _text(row, "Container", where)
    match = _CONTAINER_COLUMN.match(column)
    if match:
        return match.group("name")
    if column:
        return column.strip()
    raise ReportError(f"{where}: neither ContainerName nor Container names the container")


def parse_row(row: object, index: int) -> Row:
    """One element of podman's JSON array."""
    where = f"output[{index}]"
    if not isinstance(row, dict):
        raise ReportError(f"{where} must be an object, not {type(row).__name__}")
    updated = _text(row, "Updated", where)
    if updated not in UPDATED_VALUES:
        raise ReportError(f"{where}: Updated={updated!r} is not one of {', '.join(UPDATED_VALUES)}")
    return Row(
        container=_container_name(row, where),
        image=_text(row, "Image", where),
        unit=_text(row, "Unit", where),
        updated=updated,
    )


def parse_report(data: bytes | str) -> Report:
    """The envelope as written by the host check; ReportError says what is wrong with it."""
    try:
        envelope = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ReportError(f"not JSON: {error}") from error
    if not isinstance(envelope, dict):
        raise ReportError("the envelope must be a JSON object")
    if envelope.get("format") != ENVELOPE_FORMAT:
        raise ReportError(f"format={envelope.get('format')!r}, expected {ENVELOPE_FORMAT}")
    checked_at = envelope.get("checked_at")
    if isinstance(checked_at, bool) or not isinstance(checked_at, (int, float)) or checked_at <= 0:
        raise ReportError(f"checked_at={checked_at!r} is not a Unix time")
    exit_code = envelope.get("exit_code")
    if isinstance(exit_code, bool) or not isinstance(exit_code, int):
        raise ReportError(f"exit_code={exit_code!r} is not an integer")
    output = envelope.get("output", [])
    if output is None:
        output = []
    if not isinstance(output, list):
        raise ReportError("output must be podman's JSON array")
    rows = tuple(parse_row(row, index) for index, row in enumerate(output))
    return Report(checked_at=float(checked_at), exit_code=exit_code, rows=rows)
