"""The Prometheus metrics, built fresh from the latest Snapshot at every scrape.

Names are an interface: Telegraf turns each into an MQTT topic and Home Assistant reads them
(docs/ops.md lists them). Pending counts are left out, not zeroed, while the file is stale,
missing or broken, so "no data" never reads as "nothing to update".
"""

from __future__ import annotations

import time
from typing import Callable, Iterator

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from .snapshot import Snapshot

PREFIX = "puzzlesecretary_autoupdate"
PENDING_UPDATES = f"{PREFIX}_pending_updates"
PENDING_INFO = f"{PREFIX}_pending_info"
CONTAINER_PENDING = f"{PREFIX}_container_pending"
FAILED_CONTAINERS = f"{PREFIX}_failed_containers"
LAST_CHECK = f"{PREFIX}_last_check_timestamp_seconds"
LAST_CHECK_SUCCESS = f"{PREFIX}_last_check_success"
LAST_CHECK_EXIT_CODE = f"{PREFIX}_last_check_exit_code"
FILE_AGE = f"{PREFIX}_file_age_seconds"
FILE_VALID = f"{PREFIX}_file_valid"
STALE = f"{PREFIX}_stale"

# Every name above; docs/ops.md must list each (a test checks).
NAMES = (
    PENDING_UPDATES, PENDING_INFO, CONTAINER_PENDING, FAILED_CONTAINERS, LAST_CHECK,
    LAST_CHECK_SUCCESS, LAST_CHECK_EXIT_CODE, FILE_AGE, FILE_VALID, STALE,
)


def families(snapshot: Snapshot, now: float, stale_after: float) -> list[GaugeMetricFamily]:
    """Every metric family for one scrape: pure, so each file shape is easy to test."""
    stale = snapshot.is_stale(now, stale_after)
    out = [
        GaugeMetricFamily(STALE, "1 when the auto-update file is missing, broken or older than the staleness limit.",
                          value=1 if stale else 0),
        GaugeMetricFamily(FILE_VALID, "1 when the auto-update file exists and parses.",
                          value=1 if snapshot.report is not None else 0),
    ]
    report = snapshot.report
    if report is None:
        return out
    out += [
        GaugeMetricFamily(LAST_CHECK, "When the host last ran podman auto-update --dry-run (Unix time).",
                          value=report.checked_at),
        GaugeMetricFamily(LAST_CHECK_SUCCESS, "1 when the last check exited 0 with no failed or rolled back container.",
                          value=1 if report.succeeded else 0),
        GaugeMetricFamily(LAST_CHECK_EXIT_CODE, "Exit code of the last podman auto-update --dry-run.",
                          value=report.exit_code),
        GaugeMetricFamily(FILE_AGE, "Seconds since the last check.", value=snapshot.age(now)),
    ]
    if stale:
        return out
    pending = sorted({row.container for row in report.pending})
    out.append(GaugeMetricFamily(PENDING_UPDATES, "Containers with a newer image waiting.", value=len(pending)))
    info = GaugeMetricFamily(PENDING_INFO, "Always 1; the containers label lists the pending containers, comma-separated.",
                             labels=["containers"])
    info.add_metric([",".join(pending)], 1)
    out.append(info)
    out.append(GaugeMetricFamily(FAILED_CONTAINERS, "Containers whose check failed or rolled back.",
                                 value=len(report.failed)))
    per_container = GaugeMetricFamily(CONTAINER_PENDING, "1 when this container has a newer image waiting.",
                                      labels=["container", "image", "unit"])
    # A pod's members share one unit; one series per (container, image, unit) all the same.
    seen: dict[tuple[str, str, str], bool] = {}
    for row in report.rows:
        key = (row.container, row.image, row.unit)
        seen[key] = seen.get(key, False) or row.pending
    for key, is_pending in seen.items():
        per_container.add_metric(list(key), 1 if is_pending else 0)
    out.append(per_container)
    return out


class SnapshotCollector(Collector):
    """Serves whatever snapshot the refresh loop stored last."""

    def __init__(self, current: Callable[[], Snapshot], stale_after: float,
                 clock: Callable[[], float] = time.time) -> None:
        self._current = current
        self._stale_after = stale_after
        self._clock = clock

    def collect(self) -> Iterator[GaugeMetricFamily]:
        yield from families(self._current(), self._clock(), self._stale_after)
