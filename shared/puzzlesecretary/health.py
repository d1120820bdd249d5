"""The one health and metrics server of every container: /livez, /healthz and /metrics.

Each container says what its two checks are; this module answers the three paths the same way
everywhere, and passes every other request on to the container's own app (the pages, the
webhook) when it has one:

- /livez: the container's own loop still turns. It is what the ingests' image healthcheck asks
  (containers/build-images.sh): an upstream that is down or unlinked is the operator's to fix,
  and restarting the ingest would not help; a loop that stopped turning is what a restart mends.
- /healthz: the container does its job now: its upstream answers, its store can be read and
  written (`database_problem`). The web's and updater-metrics' healthchecks ask this one.
- /metrics: the container's registry in Prometheus' text format (the metrics contract of the
  ingests is puzzlesecretary.ingest_metrics).

A check returns (ok, body): a text is answered as text/plain, a dict as JSON; 200 when ok,
503 when not. `BackgroundServer` serves an app from a thread, for the containers whose main
thread runs a loop (signal-ingest, updater-metrics); the web and the WhatsApp webhook serve
theirs with waitress (puzzlesecretary.serving).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any, Callable, Iterable, Union

import peewee

from .store.database import file_problem

log = logging.getLogger(__name__)

Answer = tuple[bool, Union[str, dict]]
# prometheus_client's CONTENT_TYPE_LATEST. prometheus_client (and, behind its exposition module,
# urllib.request, http.server and wsgiref) is imported only to write a registry of its own: the
# web's registry writes itself (`render()`, puzzlesecretary_web.metrics_text) and the web never
# loads it, 1.7 MiB less at start (docs/performance.md, "Issue 16, round 6: the web's memory").
CONTENT_TYPE_LATEST = "text/plain; version=0.0.4; charset=utf-8"
Check = Callable[[], Answer]
PATHS = ("/livez", "/healthz", "/metrics")


def running() -> Answer:
    """The check of a container with no loop of its own: answering at all is being alive."""
    return True, "ok"


class Heartbeat:
    """When a loop last turned: alive while that was less than `max_age_s` ago (a check for /livez)."""

    def __init__(self, loop: str, max_age_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.loop = loop
        self.max_age_s = max_age_s
        self.clock = clock
        self.last_beat = clock()
        self._lock = threading.Lock()

    def beat(self) -> None:
        with self._lock:
            self.last_beat = self.clock()

    def __call__(self) -> Answer:
        with self._lock:
            age = self.clock() - self.last_beat
        if age > self.max_age_s:
            return False, f"the {self.loop} has not turned for {age:.0f} s"
        return True, f"ok, the {self.loop} turned {age:.0f} s ago"


def database_problem(db: peewee.Database) -> str | None:
    """Why the store cannot serve now (its file was moved, or it does not answer), or None."""
    # The file first: a writer's new connection to a deleted file would make an empty one.
    moved = file_problem(db)  # the store logs it once, and refuses writes meanwhile
    if moved is not None:
        return moved
    try:
        # The schema is there and readable; no scan: the web's /healthz is also the cheapest answer
        # it gives, the benchmark's yardstick for a page (docs/performance.md).
        db.execute_sql("SELECT 1 FROM chat_group LIMIT 1").fetchall()
    except peewee.PeeweeException as error:
        log.warning("health check failed: %s", error)
        return "database unreachable"
    return None


def _answer(start_response, status: int, body: bytes, content_type: str, extra: list | None = None) -> list[bytes]:
    reason = {200: "OK", 404: "Not Found", 405: "Method Not Allowed", 503: "Service Unavailable"}[status]
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), ("Cache-Control", "no-store"), *(extra or [])]
    start_response(f"{status} {reason}", headers)
    return [body]


def _checked(check: Check, start_response) -> list[bytes]:
    ok, body = check()
    status = 200 if ok else 503
    if isinstance(body, dict):
        return _answer(start_response, status, json.dumps(body).encode(), "application/json")
    return _answer(start_response, status, (body + "\n").encode("utf-8"), "text/plain; charset=utf-8")


def health_app(
    ready: Check,
    registry: Any,
    *,
    live: Check = running,
    inner: Callable | None = None,
    before_scrape: Callable[[], None] | None = None,
) -> Callable:
    """The WSGI app: /livez asks `live`, /healthz `ready`, /metrics renders `registry`; the rest goes to `inner`."""

    def app(environ: dict, start_response) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/")
        if path not in PATHS:
            if inner is not None:
                return inner(environ, start_response)
            return _answer(start_response, 404, b"not found: try /livez, /healthz or /metrics\n", "text/plain; charset=utf-8")
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            body = json.dumps({"error": f"{method} is not allowed here", "allow": "GET, HEAD"}).encode()
            return _answer(start_response, 405, body, "application/json", [("Allow", "GET, HEAD")])
        if path == "/livez":
            return _checked(live, start_response)
        if path == "/healthz":
            return _checked(ready, start_response)
        if before_scrape is not None:
            before_scrape()
        return _answer(start_response, 200, exposition(registry), CONTENT_TYPE_LATEST)

    return app


def exposition(registry: Any) -> bytes:
    """The registry in Prometheus' text format: its own `render()`, or prometheus_client's writer."""
    render = getattr(registry, "render", None)
    if render is not None:
        return render()
    from prometheus_client import generate_latest

    return generate_latest(registry)


def _quiet_threading_server(host: str, port: int, app: Callable):
    """wsgiref's server with a thread per request and its log at DEBUG (wsgiref is imported here: the web never needs it)."""
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the standard library's name)
            log.debug("http: " + format, *args)  # a scrape every minute would flood the journal

    class ThreadingServer(ThreadingMixIn, WSGIServer):
        daemon_threads = True  # a slow client holds its own thread, never the next scrape

    return make_server(host, port, app, server_class=ThreadingServer, handler_class=QuietHandler)


class BackgroundServer:
    """A WSGI server on a daemon thread (OSError when it cannot listen); `port` is the bound one (useful with port 0)."""

    def __init__(self, host: str, port: int, app: Callable) -> None:
        self.server = _quiet_threading_server(host, port, app)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)

    def start(self) -> BackgroundServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
