"""The HTTP side: /metrics in Prometheus' text format and /healthz, as one WSGI app."""

from __future__ import annotations

import time
from socketserver import ThreadingMixIn
from typing import Callable
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import CollectorRegistry, make_wsgi_app


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - wsgiref's name
        pass  # a scrape every minute would flood the journal


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def make_app(registry: CollectorRegistry, last_refresh: Callable[[], float | None],
             refresh_seconds: float, clock: Callable[[], float] = time.time):
    """/healthz is healthy while the refresh loop keeps running (the file itself may be stale:
    that is reported in the metrics, and restarting the container would not fix it)."""
    metrics_app = make_wsgi_app(registry)

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "/")
        if path == "/metrics":
            return metrics_app(environ, start_response)
        if path == "/healthz":
            refreshed = last_refresh()
            if refreshed is not None and clock() - refreshed <= 3 * refresh_seconds + 5:
                start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
                return [b"ok\n"]
            start_response("503 Service Unavailable", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"the auto-update file has not been read recently\n"]
        start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
        return [b"not found: try /metrics or /healthz\n"]

    return app


def serve(app, host: str, port: int) -> _ThreadingServer:
    return make_server(host, port, app, server_class=_ThreadingServer, handler_class=_QuietHandler)
