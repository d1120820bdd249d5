"""Fixtures for whatsapp-ingest: a fake WAHA API, and the real app served by waitress on a free port."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from whatsapp_ingest.fake_waha import FakeWaha, post_webhook

from puzzlesecretary_whatsapp_ingest import settings as settings_table
from puzzlesecretary_whatsapp_ingest.main import build, make_server

HERE = Path(__file__).resolve().parent
GROUP = "120363419669512474@g.us"  # the group id of the real payload in samples/waha_03
OTHER_GROUP = "120363000000000001@g.us"
HMAC_KEY = "test-hmac-key-for-whatsapp-ingest"


def wait_for(check: Callable[[], object], timeout: float = 30.0, what: str = "condition"):
    """Poll `check` until it returns something truthy; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.02)


def environ(db_url: str, waha_url: str, **extra) -> dict[str, str]:
    env = {
        "DATABASE_URL": db_url,
        "WAHA_URL": waha_url,
        "WAHA_API_KEY": "waha-test-key",
        "WAHA_SESSION": "default",
        "WAHA_GROUP_IDS": GROUP,
        "WAHA_HMAC_KEY": HMAC_KEY,
        "INGEST_HTTP_HOST": "127.0.0.1",
        "INGEST_HTTP_PORT": "0",
        "LOG_LEVEL": "INFO",
    }
    env.update(extra)
    return env


def _serve(server, closing: threading.Event) -> None:
    """server.run(), quiet about the closed socket that closing it from another thread leaves."""
    try:
        server.run()
    except (OSError, AttributeError):
        if not closing.is_set():
            raise


@pytest.fixture
def fake_waha():
    fake = FakeWaha().start()
    yield fake
    fake.stop()


@dataclass
class RunningIngest:
    url: str
    worker: object
    state: object
    fake: FakeWaha

    def post(self, body, key: str | None = HMAC_KEY, **kwargs):
        return post_webhook(self.url + "/webhook/waha", body, key, **kwargs)

    def settle(self) -> None:
        """Wait until the worker has processed every stored event and scored every message."""
        from puzzlesecretary.store import Message, RawEvent

        wait_for(
            lambda: (
                RawEvent.select().where(RawEvent.status == "new").count() == 0
                and Message.select().where(Message.status == "pending").count() == 0
            ),
            timeout=30,
            what="the worker to drain",
        )


@pytest.fixture
def make_ingest(db, db_url, fake_waha):
    """Start the app (worker + waitress) against the test database; stopped at the end."""
    running: list[tuple] = []

    def start(**extra) -> RunningIngest:
        settings = settings_table.load(environ(db_url, fake_waha.url, **extra))
        worker, app = build(settings)
        server = make_server(app, settings)
        closing = threading.Event()
        thread = threading.Thread(target=_serve, args=(server, closing), daemon=True)
        worker.start()
        thread.start()
        running.append((server, worker, closing))
        ingest = RunningIngest(f"http://127.0.0.1:{server.effective_port}", worker, worker.state, fake_waha)
        wait_for(
            lambda: worker.state.last_catchup_at or worker.state.last_catchup_error or worker.state.catchup_due_at is None,
            timeout=60,
            what="the start-up catch-up",
        )
        return ingest

    yield start
    for server, worker, closing in running:
        closing.set()
        server.close()
        worker.stop()
        worker.join(timeout=10)


@pytest.fixture
def ingest(make_ingest) -> RunningIngest:
    return make_ingest()
