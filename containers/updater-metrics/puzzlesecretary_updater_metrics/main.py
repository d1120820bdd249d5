"""Entry point: read the auto-update file on a schedule and serve it as Prometheus metrics."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import time

import schedule
from prometheus_client import CollectorRegistry

from puzzlesecretary.config import ConfigError, describe, load

from .metrics import SnapshotCollector
from .server import make_app, serve
from .settings import SETTINGS
from .snapshot import OK, Snapshot, read_file

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
        server = serve(app, settings.metrics_host, settings.metrics_port)
        threading.Thread(target=server.serve_forever, name="http", daemon=True).start()
        log.info("serving /metrics and /healthz on %s:%d, reading %s",
                 settings.metrics_host, server.server_port, settings.auto_update_file)
        jobs = schedule.Scheduler()
        jobs.every(settings.refresh_seconds).seconds.do(self.refresh)
        self.refresh()
        try:
            while not self.stopping.is_set():
                jobs.run_pending()
                self.stopping.wait(1)
        finally:
            server.shutdown()
            server.server_close()
            log.info("stopped")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="puzzlesecretary-updater-metrics",
        description="Serve podman auto-update's pending updates as Prometheus metrics.",
        epilog="Settings (environment variables):\n" + describe(SETTINGS),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.parse_args(argv)
    try:
        settings = load(SETTINGS)
    except ConfigError as error:
        print(f"puzzlesecretary-updater-metrics: {error}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")
    exporter = Exporter(settings)

    def stop(signum, frame):
        exporter.stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        exporter.run()
    except OSError as error:
        print(f"puzzlesecretary-updater-metrics: cannot listen on "
              f"{settings.metrics_host}:{settings.metrics_port}: {error.strerror}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
