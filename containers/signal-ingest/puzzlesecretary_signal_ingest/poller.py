"""The receive loop: poll on a schedule, drain a backlog at once, back off while the upstream fails."""

from __future__ import annotations

import logging
import threading
import time

import schedule

from . import answers, writes
from .health import Health
from .metrics import Metrics
from .pipeline import Pipeline
from .upstream import SignalAPI, UpstreamError

log = logging.getLogger(__name__)


class Poller:
    """Runs receive -> store the answer (cut) -> apply until told to stop; stops only between transactions."""

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
        self.job.run()  # the poll at once; other jobs keep their own schedule
        while not self.stop.is_set():
            self.health.beat()
            self.scheduler.run_pending()
            idle = self.scheduler.idle_seconds
            self.stop.wait(min(max(idle if idle is not None else 0.1, 0.01), 1.0))
        log.info("stopping: the last transaction is committed")

    def poll_until_empty(self) -> None:
        """One scheduled run: receive until the upstream answers `[]`, or fails, or we stop."""
        try:
            self._drain()
        except Exception as error:  # the loop must outlive any one run; the next one retries
            self.failures += 1
            self.health.failed(f"{type(error).__name__}: {error}")
            log.exception("a poll failed; retrying in %g s", self._next_interval())
        self.job.interval = self._next_interval()

    def _drain(self) -> None:
        while not self.stop.is_set():
            try:
                body = self.api.receive()
            except UpstreamError as error:
                self.health.beat()
                self.failures += 1
                self.metrics.upstream_error(error.reason)
                self.health.failed(str(error))
                log.warning("receive failed (%s), retrying in %g s: %s", error.reason, self._next_interval(), error)
                return
            self.failures = 0
            self.health.beat()
            self.health.succeeded()
            self.metrics.success(time.time())
            kept = self._keep(body)
            if kept is None:
                return
            new = kept.new
            if kept.waiting:  # kept whole (a backlog's answer, or its cut was refused): cut and apply it now
                cut = lambda: self.pipeline.cut_and_apply(self.stop.is_set)  # noqa: E731
                done = writes.until_written(cut, self.stop, self.health, "cut a stored answer")
                if done is writes.STOPPED:
                    return  # the answer is stored whole; the next start cuts it
                new, applied = done
            else:
                # Edits and deletes wait for their messages until the upstream has nothing more.
                applied = self.pipeline.process_new(self.stop.is_set, final=not new)
            if not new:
                # `[]`, or only envelopes seen before: nothing is waiting upstream.
                return
            log.info("received %d new envelope(s), applied %d; polling again at once", new, applied)

    def _keep(self, body: bytes) -> answers.Kept | None:
        """Store an answer before anything reads it (answers.keep_and_cut): signal-cli will not send it again.

        Retries while the database refuses; None when told to stop before it could be stored.
        """
        store = lambda: answers.keep_and_cut(body, self.metrics, self.pipeline.decoded)  # noqa: E731
        kept = writes.until_written(store, self.stop, self.health, "store a received answer")
        if kept is not writes.STOPPED:
            return kept
        # The only copy left: into the log, so it can be replayed by hand.
        log.error("stopping with a received answer unsaved; its %d bytes: %s", len(body), body.decode("utf-8", "replace"))
        return None

    def _next_interval(self) -> float:
        if not self.failures:
            return self.interval_s
        return min(self.retry_max_s, 2.0 ** (self.failures - 1))
