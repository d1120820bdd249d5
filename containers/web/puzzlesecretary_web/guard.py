"""What every response goes through: only GET and HEAD, the security headers, the metrics.

A WSGI middleware around the bottle app, so that error pages, static files and 405s get the
same headers and are counted the same way as pages.
"""

from __future__ import annotations

from time import perf_counter
from typing import Callable, Iterable

from puzzlesecretary.health import PATHS as HEALTH_PATHS

from .metrics_text import Counter, Histogram, Registry

ROUTE_KEY = "puzzlesecretary.route"  # set by cached.CachedPages

# The token is in the URL: no referrer may carry it away, no other site may frame the board,
# and nothing runs but our own stylesheet (there is no script at all).
SECURITY_HEADERS = [
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
]
ALLOWED_METHODS = ("GET", "HEAD")


class Metrics:
    """The web's Prometheus metrics, in a registry of their own (one per app)."""

    def __init__(self) -> None:
        self.registry = Registry()
        self.requests = Counter(
            "puzzlesecretary_web_requests", "HTTP requests answered.", ["route", "method", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "puzzlesecretary_web_request_duration_seconds",
            "Time from request to response body, per route.",
            ["route"],
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
            registry=self.registry,
        )
        self.errors = Counter(
            "puzzlesecretary_web_errors", "Requests that ended in a server error (5xx).", ["route"], registry=self.registry
        )
        self.cache = Counter(
            "puzzlesecretary_web_page_cache", "Page cache lookups, by result.", ["result"], registry=self.registry
        )
        self._answered: dict[tuple[str, str, str], tuple] = {}

    def answered(self, route: str, method: str, status: str, seconds: float) -> None:
        """Count and time one answer. Each label set's children are looked up once: `labels()` validates
        and locks every time, which was a tenth of a cached page's cost in the app."""
        key = (route, method, status)
        children = self._answered.get(key)
        if children is None:
            children = self._answered[key] = (
                self.requests.labels(route, method, status),
                self.latency.labels(route),
                self.errors.labels(route) if status.startswith("5") else None,
            )
        requests, latency, errors = children
        requests.inc()
        if errors is not None:
            errors.inc()
        latency.observe(seconds)


def _route_of(environ: dict) -> str:
    answered = environ.get(ROUTE_KEY)  # a page the cache answered before bottle (cached.py)
    if answered:
        return answered
    route = environ.get("bottle.route")
    if route is None:
        return environ["PATH_INFO"] if environ["PATH_INFO"] in HEALTH_PATHS else "unmatched"
    return route.rule


def guard(app: Callable, metrics: Metrics) -> Callable:
    """Wrap a WSGI app: refuse methods other than GET/HEAD, add the security headers, count and time."""

    def wrapped(environ: dict, start_response: Callable) -> Iterable[bytes]:
        started = perf_counter()
        method = environ.get("REQUEST_METHOD", "GET").upper()
        environ.setdefault("PATH_INFO", "/")
        statuses: list[str] = []

        def start(status: str, headers: list, exc_info=None):
            statuses.append(status)
            return start_response(status, list(headers) + SECURITY_HEADERS, exc_info)

        if method not in ALLOWED_METHODS:
            body = b"405 Method Not Allowed: this site only answers GET and HEAD.\n"
            start(
                "405 Method Not Allowed",
                [("Content-Type", "text/plain; charset=utf-8"), ("Allow", "GET, HEAD"), ("Content-Length", str(len(body)))],
            )
            metrics.requests.labels("refused", "other", "405").inc()
            return [body]
        try:
            environ["PATH_INFO"].encode("latin-1")
        except UnicodeEncodeError:
            # PEP 3333 paths are latin-1 text; a server that breaks this gets the 404 page, not a crash.
            environ["PATH_INFO"] = "/.invalid-path"
        try:
            body = app(environ, start)
        except Exception:
            metrics.errors.labels(_route_of(environ)).inc()
            raise
        status = statuses[-1].split(" ", 1)[0] if statuses else "500"
        metrics.answered(_route_of(environ), method, status, perf_counter() - started)
        return body

    return wrapped
