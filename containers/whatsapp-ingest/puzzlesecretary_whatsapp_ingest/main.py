"""`puzzlesecretary-whatsapp-ingest`: WAHA webhooks in, messages and scores out; catch-up after downtime.

Start: the shared start-up (puzzlesecretary.service: the settings, the store migrated), the
worker (it first processes what the last run left), then HTTP with waitress until SIGTERM or
SIGINT: the webhook behind the shared /livez, /healthz and /metrics (puzzlesecretary.health).
"""

from __future__ import annotations

import logging
import sys
import threading

import waitress

from puzzlesecretary import service
from puzzlesecretary.serving import WAITRESS_LIMITS, StopSignal, serve_until_stopped
from puzzlesecretary.speaker import main as speaker

from . import settings as settings_table
from .metrics import Metrics
from .sender import make_sender
from .waha_api import WahaClient
from .webapp import make_app
from .worker import CatchUp, Options, Processor, State, Worker

PROG = "puzzlesecretary-whatsapp-ingest"
log = logging.getLogger("puzzlesecretary_whatsapp_ingest")

WORKER_STOP_S = 3


def build(settings):
    """The worker and the WSGI app for `settings`, with the database already open."""
    state = State()
    metrics = Metrics()
    options = Options.from_settings(settings)
    processor = Processor(options, state, metrics)
    client = WahaClient(settings.waha_url, settings.waha_api_key, settings.waha_session, settings.waha_timeout_s)
    worker = Worker(processor, CatchUp(client, options, state, metrics), state, metrics)
    app = make_app(settings, state, metrics, worker.wake.set)
    return worker, app


def make_server(app, settings):
    """Waitress on the configured address, with a few threads: the webhook only inserts a row."""
    return waitress.create_server(
        app,
        host=settings.ingest_http_host,
        port=settings.ingest_http_port,
        threads=4,
        # Waitress cuts absurd bodies off unread; the app answers (and counts) the merely too big.
        max_request_body_size=4 * settings.waha_max_body_bytes,
        ident="puzzlesecretary-whatsapp-ingest",
        **WAITRESS_LIMITS,
    )


def main(argv: list[str] | None = None) -> int:
    description = "Receive WAHA's webhooks and store every message of the configured WhatsApp groups; catch up after downtime."
    service.arguments(PROG, description, settings_table.SETTINGS, argv)
    return service.run(_main)


def _main() -> int:
    settings, db = service.start(PROG, settings_table.load, service.WRITE)
    worker, app = build(settings)
    host, port = settings.ingest_http_host, settings.ingest_http_port
    server = service.listening(PROG, "INGEST_HTTP_PORT", host, port, lambda: make_server(app, settings))

    stop = StopSignal().install()
    worker.start()
    # The outbox's loop, in a thread of its own: a slow send never holds up a webhook.
    sender = make_sender(settings, db, threading.Event(), worker.metrics)
    sending_thread = threading.Thread(target=sender.run, name="sender", daemon=True)
    sending_thread.start()
    # Recaps and reminders of the WhatsApp groups, put in the outbox beside it (docs/recaps.md).
    speaking = threading.Event()
    speaking_thread = speaker.thread(settings, db, speaking, "whatsapp", sender.enabled)
    if speaking_thread is not None:
        speaking_thread.start()
    log.info(
        "listening on %s:%s for session %s, groups %s",
        server.effective_host,
        server.effective_port,  # the port the system chose when INGEST_HTTP_PORT is 0 (text, from getnameinfo)
        settings.waha_session,
        ", ".join(settings.waha_group_ids) or "enabled with !ps join",
    )
    try:
        serve_until_stopped(server, stop)
        log.info("stopping on signal %d", stop.signum)
    finally:
        server.close()
        worker.stop()
        sender.stop.set()
        speaking.set()
        # podman sends SIGKILL 10 s after SIGTERM. The worker ends its unit of work and stops, but
        # a request to a hanging WAHA can take WAHA_TIMEOUT_S; leaving it then is safe: each unit
        # is its own transaction, and what it did not finish is done at the next start.
        worker.join(timeout=WORKER_STOP_S)
        if worker.is_alive():
            log.warning("the worker is still waiting for WAHA after %d s; stopping without it", WORKER_STOP_S)
        # A send cut short here is a crash as far as the outbox knows: the next start recovers it.
        sending_thread.join(timeout=WORKER_STOP_S)
        if speaking_thread is not None:
            speaking_thread.join(timeout=WORKER_STOP_S)
    return 0


if __name__ == "__main__":
    sys.exit(main())
