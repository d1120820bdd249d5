"""The receive loop: poll on a schedule, drain a backlog at once, back off while the upstream fails."""

from __future__ import annotations

import logging
import threading
import time

import schedule

from .health import Health
from .metrics import Metrics
from .pipeline import Pipeline
from .upstream import SignalAPI, UpstreamError

log = logging.getLogger(__name__)


class Poller:
    """Runs receive -> store raw -> apply until told to stop; stops only between transactions."""

    def __init__(
        self,
        api: SignalAPI,
        pipeline: Pipeline,
        metrics: Metrics,
        health: Health,
        interval_s: float,
        retry_max_s: float,
        stop: threading.Event | None = None,
    ) -> None:
        self.api = api
        self.pipeline = pipeline
        self.metrics = metrics
        self.health = health
        self.interval_s = interval_s
        self.retry_max_s = retry_max_s
        self.stop = stop or threading.Event()
        self.failures = 0
        self.scheduler = schedule.Scheduler()
        self.job = self.scheduler.every(interval_s).seconds.do(self.poll_until_empty)

    def run(self) -> None:
        """Poll at once, then on the schedule, until `stop` is set."""
        self.scheduler.run_all()
        while not self.stop.is_set():
            self.scheduler.run_pending()
            idle = self.scheduler.idle_seconds
            self.stop.wait(min(max(idle if idle is not None else 0.1, 0.01), 1.0))
        log.info("stopping: the last transaction is committed")

    def poll_until_empty(self) -> None:
        """One scheduled run: receive until the upstream answers `[]`, or fails, or we stop."""
        while not self.stop.is_set():
            try:
                body = self.api.receive()
            except UpstreamError as error:
                self.failures += 1
                self.metrics.upstream_error(error.reason)
                self.health.failed(str(error))
                log.warning("receive failed (%s), retrying in %g s: %s", error.reason, self._next_interval(), error)
                break
            self.failures = 0
            self.health.succeeded()
            self.metrics.success(time.time())
            new = self.pipeline.store_response(body)
            # Edits and deletes wait for their messages until the upstream has nothing more.
            applied = self.pipeline.process_new(self.stop.is_set, final=not new)
            if not new:
                # `[]`, or only envelopes seen before: nothing is waiting upstream.
                break
            log.info("received %d new envelope(s), applied %d; polling again at once", new, applied)
        self.job.interval = self._next_interval()

    def _next_interval(self) -> float:
        if not self.failures:
            return self.interval_s
        return min(self.retry_max_s, 2.0 ** (self.failures - 1))
