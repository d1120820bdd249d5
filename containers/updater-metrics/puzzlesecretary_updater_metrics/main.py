"""Entry point: read the auto-update file on a schedule and serve it as Prometheus metrics."""

from __future__ import annotations

import logging
import signal
import sys
import threading
import time

import schedule
from prometheus_client import CollectorRegistry

from puzzlesecretary import service
from puzzlesecretary.health import BackgroundServer

from .metrics import SnapshotCollector
from .server import make_app
from .settings import SETTINGS, load
from .snapshot import OK, Snapshot, read_file

PROG = "puzzlesecretary-updater-metrics"
log = logging.getLogger("puzzlesecretary.updater_metrics")


class Exporter:
    """Holds the latest snapshot; `refresh` is the one unit of work the loop repeats."""

    def __init__(self, settings) -> None:
        self.settings = settings
        self.snapshot = Snapshot("missing", problem="not read yet")
        self.refreshed_at: float | None = None
        self.stopping = threading.Event()

    def refresh(self) -> None:
        snapshot = read_file(self.settings.auto_update_file)
        if snapshot.state != OK and snapshot.problem != self.snapshot.problem:
            log.warning("auto-update file: %s", snapshot.problem)
        elif snapshot.state == OK and self.snapshot.state != OK:
            log.info("auto-update file read: %d container(s), %d pending",
                     len(snapshot.report.rows), len(snapshot.report.pending))
        self.snapshot = snapshot
        self.refreshed_at = time.time()

    def registry(self) -> CollectorRegistry:
        registry = CollectorRegistry()
        registry.register(SnapshotCollector(lambda: self.snapshot, self.settings.stale_after_seconds))
        return registry

    def run(self) -> None:
        """Serve until SIGTERM/SIGINT, re-reading the file every REFRESH_SECONDS."""
        settings = self.settings
        app = make_app(self.registry(), lambda: self.refreshed_at, settings.refresh_seconds)
        host, port = settings.metrics_host, settings.metrics_port
        server = service.listening(PROG, "METRICS_PORT", host, port, lambda: BackgroundServer(host, port, app)).start()
        log.info("serving /livez, /healthz and /metrics on %s:%d, reading %s", host, server.port, settings.auto_update_file)
        jobs = schedule.Scheduler()
        jobs.every(settings.refresh_seconds).seconds.do(self.refresh)
        self.refresh()
        try:
            while not self.stopping.is_set():
                jobs.run_pending()
                self.stopping.wait(1)
        finally:
            server.stop()
            log.info("stopped")


def main(argv: list[str] | None = None) -> int:
    service.arguments(PROG, "Serve podman auto-update's pending updates as Prometheus metrics.", SETTINGS, argv)
    return service.run(_main)


def _main() -> int:
    settings, _ = service.start(PROG, load, store=None)
    exporter = Exporter(settings)

    def stop(signum, frame):
        exporter.stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    exporter.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
