"""What updater-metrics' /healthz says (the server is the shared one: puzzlesecretary.health)."""

from __future__ import annotations

import time
from typing import Callable

from prometheus_client import CollectorRegistry

from puzzlesecretary.health import Answer, health_app


def make_app(registry: CollectorRegistry, last_refresh: Callable[[], float | None],
             refresh_seconds: float, clock: Callable[[], float] = time.time):
    """/healthz is healthy while the refresh loop keeps running (the file itself may be stale:
    that is reported in the metrics, and restarting the container would not fix it)."""

    def ready() -> Answer:
        refreshed = last_refresh()
        if refreshed is not None and clock() - refreshed <= 3 * refresh_seconds + 5:
            return True, "ok"
        return False, "the auto-update file has not been read recently"

    # The refresh loop is this container's only loop: alive and ready are the same question.
    return health_app(ready, registry, live=ready)
