"""The HTTP side: POST /webhook/waha (a bottle app, served by waitress) behind the shared /livez, /healthz, /metrics.

The webhook does as little as it can before answering: size, signature, age, shape, then one
insert of the raw bytes. Everything else happens in the worker after the commit, so WAHA gets
its 200 in milliseconds and has no reason to retry (retries make duplicates, devlikeapro/waha#53).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from typing import Callable

import bottle
import peewee

from puzzlesecretary.clock import now_ms
from puzzlesecretary.health import Answer, database_problem, health_app
from puzzlesecretary.ingest import store_raw
from puzzlesecretary.store import database, write_transaction

from .events import PLATFORM, ShapeError, check_shape
from .metrics import NETWORK, Metrics
from .signature import SignatureError, check_age, verify
from .worker import State

log = logging.getLogger(__name__)


def _answer(status: int, **body) -> bottle.HTTPResponse:
    return bottle.HTTPResponse(json.dumps(body), status=status, headers={"Content-Type": "application/json"})


def _header(name: str) -> str | None:
    """A request header as the bytes came (latin-1 text, PEP 3333), never failing.

    bottle's request.headers decodes values as UTF-8 and raises on any other byte, which turned
    an unsigned request with one such byte into a 500 and a logged traceback.
    """
    return bottle.request.environ.get("HTTP_" + name.upper().replace("-", "_"))


# The app factory: every route is a closure over this app's settings, state and metrics, so mccabe counts them as one.
def make_app(settings, state: State, metrics: Metrics, wake: Callable[[], None]) -> Callable:  # noqa: C901
    """The WSGI app; `wake` tells the worker a new event is stored."""
    app = bottle.Bottle()
    limit = settings.waha_max_body_bytes

    def refuse(status: int, reason: str) -> bottle.HTTPResponse:
        metrics.rejected.labels(NETWORK, str(status)).inc()
        log.warning("webhook refused with %d: %s", status, reason)
        return _answer(status, error=reason)

    @app.post("/webhook/waha")
    def webhook():
        request = bottle.request
        if request.content_length > limit:
            return refuse(413, f"body of {request.content_length} bytes is over the limit of {limit}")
        raw = request.body.read(limit + 1)
        if len(raw) > limit:
            return refuse(413, f"body is over the limit of {limit} bytes")
        try:
            verify(settings.waha_hmac_key, raw, _header("X-Webhook-Hmac"), _header("X-Webhook-Hmac-Algorithm"))
            check_age(_header("X-Webhook-Timestamp"), now_ms(), settings.waha_max_skew_s)
        except SignatureError as error:
            return refuse(401, str(error))
        try:
            envelope = check_shape(raw)
        except ShapeError as error:
            return refuse(400, str(error))
        event = envelope["event"]
        if envelope["session"] != settings.waha_session:
            metrics.ignored.labels(NETWORK, "other_session").inc()
            return _answer(200, ok=True, ignored="other session")
        key = envelope.get("id") or "sha512:" + hashlib.sha512(raw).hexdigest()
        try:
            with write_transaction(database()):
                stored = store_raw(PLATFORM, key, raw, kind=event[:40])
        except peewee.PeeweeException as error:
            log.error("could not store a webhook event: %s", error)
            state.store_failed(str(error))
            return _answer(503, error="the event could not be stored; WAHA will retry")
        state.store_failed(None)
        if stored is None:
            metrics.duplicates.labels(NETWORK, "event_id").inc()
            return _answer(200, ok=True, duplicate=True)
        metrics.events.labels(NETWORK, event[:40]).inc()
        wake()
        return _answer(200, ok=True)

    # bottle answers unknown paths and methods with HTML pages; every answer on this port is JSON.
    @app.error(404)
    def not_found(error):
        bottle.response.content_type = "application/json"
        return json.dumps({"error": f"there is nothing at {bottle.request.path}"})

    @app.error(405)
    def wrong_method(error):
        bottle.response.content_type = "application/json"
        return json.dumps({"error": f"{bottle.request.method} is not allowed here", "allow": bottle.response.get_header("Allow")})

    @app.error(500)
    def server_error(error):
        log.error("error serving %s: %s", bottle.request.path, error.exception, exc_info=error.exception)
        bottle.response.content_type = "application/json"
        return json.dumps({"error": "internal error"})

    def ready() -> Answer:
        problems = []
        if not state.worker_alive:
            problems.append("the worker thread is not running")
        if state.session_status != "WORKING":
            problems.append(f"WAHA session is {state.session_status}")
        if state.store_error is not None:
            problems.append(f"webhook events cannot be stored: {state.store_error}")
        moved = database_problem(database())
        if moved is not None and moved != state.store_error:
            problems.append(moved)
        return not problems, {
            "ok": not problems,
            "problems": problems,
            "session": state.session_status,
            "pending_events": state.pending,
            "last_event_age_s": round(time.time() - state.last_event_at, 1) if state.last_event_at else None,
            "last_catchup_age_s": round(time.time() - state.last_catchup_at, 1) if state.last_catchup_at else None,
            "last_catchup_error": state.last_catchup_error,
        }

    # The container's healthcheck asks /livez, not /healthz: a WAHA session that waits for a QR
    # scan is the operator's to fix (metrics and Home Assistant say so); restarting this
    # container every few minutes would not help. A dead worker is what a restart mends.
    def live() -> Answer:
        if not state.worker_alive:
            return False, {"ok": False, "problems": ["the worker thread is not running"]}
        return True, {"ok": True, "problems": []}

    def before_scrape() -> None:
        metrics.session_up.labels(NETWORK).set(1 if state.session_status == "WORKING" else 0)

    return health_app(ready, metrics.registry, live=live, inner=app, before_scrape=before_scrape)
