"""What signal-ingest's /livez and /healthz say (the server is the shared one: puzzlesecretary.health).

/livez: the receive loop still turns. /healthz: polls succeed, and the store can take what
they bring.
"""

from __future__ import annotations

import time

from puzzlesecretary.health import Answer, Heartbeat, database_problem, health_app
from puzzlesecretary.store import database

from .metrics import Metrics


class Health(Heartbeat):
    """Whether polls succeed (`status`, for /healthz); the heartbeat is the receive loop's (/livez)."""

    def __init__(self, max_age_s: float, clock=time.monotonic) -> None:
        super().__init__("receive loop", max_age_s, clock)
        self.last_success: float | None = None
        self.last_error: str | None = None

    def succeeded(self) -> None:
        with self._lock:
            self.last_success = self.clock()
            self.last_error = None

    def failed(self, error: str) -> None:
        with self._lock:
            self.last_error = error

    def status(self) -> Answer:
        with self._lock:
            if self.last_error is not None:
                return False, f"the last poll failed: {self.last_error}"
            if self.last_success is None:
                return False, "no poll has answered yet"
            age = self.clock() - self.last_success
            if age > self.max_age_s:
                return False, f"no poll has answered for {age:.0f} s"
            return True, f"ok, last poll {age:.0f} s ago"


def make_app(health: Health, metrics: Metrics):
    """/livez, /healthz and /metrics of signal-ingest."""

    def ready() -> Answer:
        ok, text = health.status()
        problem = database_problem(database())  # a moved file: the store refuses writes, and says so once in the log
        return (False, problem) if problem is not None else (ok, text)

    return health_app(ready, metrics.registry, live=health)
