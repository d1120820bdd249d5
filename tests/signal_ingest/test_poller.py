"""The receive loop against the fake signal-cli-rest-api over real HTTP."""

import logging
import os
import socket
import threading
import time
from urllib.parse import parse_qs

import pytest
import requests
from signal_ingest import fake_signal_api as f
from signal_ingest.conftest import ACCOUNT, ALICE, GROUP, T0, count

from puzzlesecretary.health import BackgroundServer
from puzzlesecretary.store import Message, RawEvent
from puzzlesecretary_signal_ingest.health import Health, make_app
from puzzlesecretary_signal_ingest.poller import Poller
from puzzlesecretary_signal_ingest.upstream import SignalAPI, UpstreamError


def make_poller(
    fake_url, pipeline, metrics, health=None, interval=0.05, retry_max=0.2, max_messages=0, receive_timeout=1, cmd_timeout=5
):
    api = SignalAPI(fake_url, ACCOUNT, receive_timeout, cmd_timeout, max_messages)
    return Poller(api, pipeline, metrics, health or Health(60), interval, retry_max)


def posts(n: int, start: int = T0) -> list[dict]:
    """n chat lines from Alice, one a second."""
    return [f.group_post(ALICE, start + i * 1000, f"line {i}", GROUP, ACCOUNT) for i in range(n)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_it_asks_for_no_attachments_stories_avatars_or_stickers(fake, pipeline, metrics):
    make_poller(fake.url, pipeline, metrics, max_messages=50).poll_until_empty()
    query = {k: v[0] for k, v in parse_qs(fake.requests[0]).items()}
    assert query == {
        "timeout": "1",
        "max_messages": "50",
        "ignore_attachments": "true",
        "ignore_stories": "true",
        "ignore_avatars": "true",
        "ignore_stickers": "true",
        "send_read_receipts": "false",
    }


def test_its_http_timeout_outlasts_the_upstreams_command_timeout():
    api = SignalAPI("http://signal-api:8080", ACCOUNT, receive_timeout_s=5, cmd_timeout_s=120)
    assert api.read_timeout_s > 120


def test_a_slow_receive_is_waited_for_not_cut_short(fake, pipeline, metrics):
    fake.inject(*posts(3))
    fake.hold(0)
    threading.Timer(1.5, fake.release).start()
    make_poller(fake.url, pipeline, metrics, receive_timeout=1, cmd_timeout=2).poll_until_empty()
    assert Message.select().count() == 3
    assert count(metrics, "ingest_upstream_errors_total", reason="timeout") == 0


def test_it_drains_a_backlog_of_thousands_in_one_run(fake, pipeline, metrics):
    fake.inject(*posts(3000))
    make_poller(fake.url, pipeline, metrics, max_messages=500).poll_until_empty()
    assert Message.select().count() == 3000
    assert fake.state()["queued"] == 0
    assert fake.receives == 7  # six full answers, then [] ends the run
    # Six answers of ordinary envelopes, each applied from its own row, kept as their raw copy (whole_answers).
    assert [r.status for r in RawEvent.select()] == ["archived"] * 6


def test_it_retries_with_backoff_after_a_400_and_logs_the_body(fake, pipeline, metrics, caplog):
    fake.inject(*posts(2))
    fake.fail_next(2, 400, b'{"error":"Error while receiving: rate limited"}')
    poller = make_poller(fake.url, pipeline, metrics, retry_max=10)
    caplog.set_level(logging.WARNING)
    poller.poll_until_empty()
    assert poller.job.interval == 1  # the first retry after 1 s
    poller.poll_until_empty()
    assert poller.job.interval == 2  # then 2 s
    assert "rate limited" in caplog.text
    poller.poll_until_empty()
    assert poller.job.interval == 0.05  # back to the schedule
    assert Message.select().count() == 2
    assert count(metrics, "ingest_upstream_errors_total", reason="http_400") == 2


def test_the_backoff_stops_growing_at_its_limit(pipeline, metrics):
    poller = make_poller(f"http://127.0.0.1:{free_port()}", pipeline, metrics, retry_max=3)
    intervals = []
    for _ in range(5):
        poller.poll_until_empty()
        intervals.append(poller.job.interval)
    assert intervals == [1, 2, 3, 3, 3]
    assert count(metrics, "ingest_upstream_errors_total", reason="connection") == 5


def test_the_loop_polls_on_its_schedule_and_stops_when_told(fake, pipeline, metrics):
    poller = make_poller(fake.url, pipeline, metrics, interval=0.1)
    thread = threading.Thread(target=poller.run)
    thread.start()
    try:
        fake.inject(*posts(2))
        deadline = time.monotonic() + 10
        while (Message.select().count() < 2 or fake.receives < 3) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert Message.select().count() == 2
        assert fake.receives >= 3  # it keeps polling on the schedule
    finally:
        poller.stop.set()
        thread.join(10)
    assert not thread.is_alive()


def test_upstream_calls_fail_with_their_reason(fake):
    api = SignalAPI(fake.url, "+4915199999999")
    try:
        api.receive()
    except UpstreamError as error:
        assert (error.reason, error.status) == ("http_400", 400)
        assert b"not registered" in error.body
    else:
        raise AssertionError("an unknown account must fail")
    assert SignalAPI(fake.url, ACCOUNT).about()["mode"] == "normal"
    assert SignalAPI(fake.url, ACCOUNT).groups()[0]["internal_id"] == GROUP


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_healthz_is_200_only_while_polls_succeed(fake, pipeline, metrics):
    clock = Clock()
    health = Health(max_age_s=30, clock=clock)
    server = BackgroundServer("127.0.0.1", 0, make_app(health, metrics)).start()
    url = f"http://127.0.0.1:{server.port}"
    try:
        assert requests.get(url + "/healthz", timeout=5).status_code == 503  # nothing polled yet
        poller = make_poller(fake.url, pipeline, metrics, health=health)
        poller.poll_until_empty()
        answer = requests.get(url + "/healthz", timeout=5)
        assert answer.status_code == 200 and answer.text.startswith("ok")
        clock.now += 31
        assert requests.get(url + "/healthz", timeout=5).status_code == 503  # too long ago
        fake.fail_next(1)
        poller.poll_until_empty()
        answer = requests.get(url + "/healthz", timeout=5)
        assert answer.status_code == 503 and "failed" in answer.text
        poller.poll_until_empty()
        assert requests.get(url + "/healthz", timeout=5).status_code == 200
    finally:
        server.stop()


@pytest.mark.sqlite_only
def test_healthz_fails_once_the_database_file_is_deleted(fake, pipeline, metrics, db):
    health = Health(max_age_s=30)
    server = BackgroundServer("127.0.0.1", 0, make_app(health, metrics)).start()
    url = f"http://127.0.0.1:{server.port}"
    try:
        fake.inject(*posts(2))
        make_poller(fake.url, pipeline, metrics, health=health).poll_until_empty()
        assert requests.get(url + "/healthz", timeout=5).status_code == 200
        for suffix in ("", "-wal", "-shm"):
            os.remove(db.database + suffix)
        answer = requests.get(url + "/healthz", timeout=5)
        assert answer.status_code == 503 and "was deleted or moved away" in answer.text
    finally:
        server.stop()


def test_livez_stays_200_while_the_upstream_fails_and_503_once_the_loop_stops_turning(fake, pipeline, metrics):
    clock = Clock()
    health = Health(max_age_s=30, clock=clock)
    server = BackgroundServer("127.0.0.1", 0, make_app(health, metrics)).start()
    url = f"http://127.0.0.1:{server.port}"
    try:
        assert requests.get(url + "/livez", timeout=5).status_code == 200  # just started
        poller = make_poller(fake.url, pipeline, metrics, health=health)
        clock.now += 25
        fake.fail_next(1)
        poller.poll_until_empty()
        assert requests.get(url + "/healthz", timeout=5).status_code == 503
        clock.now += 25  # 50 s since start, but the failed receive was a turn of the loop
        answer = requests.get(url + "/livez", timeout=5)
        assert answer.status_code == 200 and answer.text.startswith("ok")
        clock.now += 31  # the loop is stuck: no turn for longer than allowed
        answer = requests.get(url + "/livez", timeout=5)
        assert answer.status_code == 503 and "has not turned" in answer.text
    finally:
        server.stop()


def test_metrics_are_served_in_prometheus_format(fake, pipeline, metrics):
    fake.inject(*posts(2), f.receipt(ALICE, T0 + 9, [T0], ACCOUNT), f.group_post(ALICE, T0, "line 0", GROUP, ACCOUNT))
    fake.fail_next(1)
    poller = make_poller(fake.url, pipeline, metrics)
    poller.poll_until_empty()
    poller.poll_until_empty()
    server = BackgroundServer("127.0.0.1", 0, make_app(Health(60), metrics)).start()
    try:
        text = requests.get(f"http://127.0.0.1:{server.port}/metrics", timeout=5).text
    finally:
        server.stop()
    assert 'ingest_messages_total{kind="message",network="signal"} 2.0' in text
    assert 'ingest_messages_total{kind="receipt",network="signal"} 1.0' in text
    assert 'ingest_duplicates_total{check="envelope",network="signal"} 1.0' in text
    assert 'ingest_upstream_errors_total{network="signal",reason="http_400"} 1.0' in text
    assert "ingest_last_success_timestamp_seconds" in text
    assert count(metrics, "ingest_last_success_timestamp_seconds") > time.time() - 60


@pytest.mark.sqlite_only
def test_an_answer_the_database_refuses_is_retried_and_logged_whole_when_stopping(fake, pipeline, metrics, db, caplog):
    fake.inject(*posts(2))
    health = Health(60)
    poller = make_poller(fake.url, pipeline, metrics, health=health)
    db.execute_sql("PRAGMA query_only = 1")  # SQLite now refuses every write on this connection
    caplog.set_level(logging.WARNING)
    threading.Timer(1.2, poller.stop.set).start()
    poller.poll_until_empty()
    db.execute_sql("PRAGMA query_only = 0")
    assert caplog.text.count("cannot store a received answer, retrying") >= 2
    assert "stopping with a received answer unsaved" in caplog.text and "line 1" in caplog.text
    assert health.status()[0] is False
    assert RawEvent.select().count() == 0


def test_a_failing_run_does_not_end_the_loop(fake, pipeline, metrics):
    poller = make_poller(fake.url, pipeline, metrics, retry_max=10)
    poller.pipeline = None  # any unexpected error inside a run
    poller.poll_until_empty()
    assert poller.failures == 1 and poller.job.interval == 1
