"""What the exporter last learned from the auto-update file (I/O at the edge: `read_file`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .report import Report, ReportError, parse_report

log = logging.getLogger(__name__)

MISSING = "missing"
UNREADABLE = "unreadable"
INVALID = "invalid"
OK = "ok"


@dataclass(frozen=True)
class Snapshot:
    """One reading of the file: the report when it could be parsed, else why not."""

    state: str
    report: Report | None = None
    problem: str = ""

    def age(self, now: float) -> float | None:
        if self.report is None:
            return None
        return max(0.0, now - self.report.checked_at)

    def is_stale(self, now: float, stale_after: float) -> bool:
        age = self.age(now)
        return age is None or age > stale_after


def read_file(path: Path) -> Snapshot:
    """Read and parse the envelope; never raises for a missing or broken file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Snapshot(MISSING, problem=f"{path} does not exist (has the host check run yet?)")
    except OSError as error:
        return Snapshot(UNREADABLE, problem=f"cannot read {path}: {error.strerror}")
    try:
        return Snapshot(OK, report=parse_report(data))
    except ReportError as error:
        return Snapshot(INVALID, problem=f"{path}: {error}")
