"""/healthz and /metrics on a small HTTP port, served from a background thread."""

from __future__ import annotations

import logging
import threading
import time
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import bottle
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from puzzlesecretary.store import database
from puzzlesecretary.store.database import file_problem

from .metrics import Metrics

log = logging.getLogger(__name__)


class Health:
    """Whether polls succeed (/healthz), and whether the loop itself still turns (/livez).

    The container's healthcheck asks /livez: an upstream that is down or unlinked is the
    operator's to fix (metrics and Home Assistant say so), and restarting the ingest every few
    minutes would not help. A loop that stopped turning is what a restart mends.
    """

    def __init__(self, max_age_s: float, clock=time.monotonic) -> None:
        self.max_age_s = max_age_s
        self.clock = clock
        self.last_success: float | None = None
        self.last_error: str | None = None
        self.last_beat: float = clock()
        self._lock = threading.Lock()

    def beat(self) -> None:
        """The loop is alive: called on every turn and after every receive."""
        with self._lock:
            self.last_beat = self.clock()

    def alive(self) -> tuple[bool, str]:
        with self._lock:
            age = self.clock() - self.last_beat
        if age > self.max_age_s:
            return False, f"the receive loop has not turned for {age:.0f} s"
        return True, f"ok, the receive loop turned {age:.0f} s ago"

    def succeeded(self) -> None:
        with self._lock:
            self.last_success = self.clock()
            self.last_error = None

    def failed(self, error: str) -> None:
        with self._lock:
            self.last_error = error

    def status(self) -> tuple[bool, str]:
        with self._lock:
            if self.last_error is not None:
                return False, f"the last poll failed: {self.last_error}"
            if self.last_success is None:
                return False, "no poll has answered yet"
            age = self.clock() - self.last_success
            if age > self.max_age_s:
                return False, f"no poll has answered for {age:.0f} s"
            return True, f"ok, last poll {age:.0f} s ago"


def make_app(health: Health, metrics: Metrics) -> bottle.Bottle:
    app = bottle.Bottle()

    @app.get("/healthz")
    def healthz():
        ok, text = health.status()
        moved = file_problem(database())  # the store refuses writes then, and says so once in the log
        if moved is not None:
            ok, text = False, moved
        bottle.response.status = 200 if ok else 503
        bottle.response.content_type = "text/plain; charset=utf-8"
        return text + "\n"

    @app.get("/livez")
    def livez():
        ok, text = health.alive()
        bottle.response.status = 200 if ok else 503
        bottle.response.content_type = "text/plain; charset=utf-8"
        return text + "\n"

    @app.get("/metrics")
    def metrics_page():
        bottle.response.content_type = CONTENT_TYPE_LATEST
        return generate_latest(metrics.registry)

    return app


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the standard library's name)
        log.debug("http: " + format, *args)


class HttpServer:
    """A WSGI server on a daemon thread; `port` is the bound one (useful with port 0)."""

    def __init__(self, host: str, port: int, app) -> None:
        self.server: WSGIServer = make_server(host, port, app, handler_class=_QuietHandler)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)

    def start(self) -> "HttpServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
