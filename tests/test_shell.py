"""The container shell every container shares: one health and metrics server (puzzlesecretary.health)
and one start-up sequence (puzzlesecretary.service), tested over real HTTP and real databases."""

from __future__ import annotations

import json
import os
import re
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry, Counter

from puzzlesecretary import config, service
from puzzlesecretary.health import PATHS, BackgroundServer, Heartbeat, database_problem, health_app
from puzzlesecretary.store import open_database

ROOT = Path(__file__).resolve().parent.parent


def get(url: str) -> tuple[int, str, str]:
    """(status, content type, body) of a GET, errors included."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


@pytest.fixture
def serve():
    """Serve a WSGI app with the shared BackgroundServer on 127.0.0.1; stopped after the test."""
    servers = []

    def start(app) -> str:
        servers.append(BackgroundServer("127.0.0.1", 0, app).start())
        return f"http://127.0.0.1:{servers[-1].port}"

    yield start
    for server in servers:
        server.stop()


def test_the_three_paths_answer_text_checks_as_text_and_the_registry_as_prometheus_text(serve):
    registry = CollectorRegistry()
    Counter("shell_test_things", "Things.", registry=registry).inc(3)
    state = {"ready": False}
    url = serve(health_app(lambda: (state["ready"], "ok" if state["ready"] else "the upstream is down"), registry))
    assert get(url + "/livez") == (200, "text/plain; charset=utf-8", "ok\n")
    assert get(url + "/healthz") == (503, "text/plain; charset=utf-8", "the upstream is down\n")
    state["ready"] = True
    assert get(url + "/healthz")[::2] == (200, "ok\n")
    status, kind, text = get(url + "/metrics")
    assert status == 200 and kind.startswith("text/plain; version=") and "shell_test_things_total 3.0" in text
    assert get(url + "/nothing")[0] == 404
    refused = urllib.request.Request(url + "/healthz", method="DELETE")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(refused, timeout=5)
    assert (error.value.code, error.value.headers["Allow"]) == (405, "GET, HEAD")


def test_a_dict_check_is_answered_as_json_and_other_paths_go_to_the_containers_own_app(serve):
    def inner(environ, start_response):
        start_response("201 Created", [("Content-Type", "text/plain")])
        return [b"inner " + environ["PATH_INFO"].encode()]

    scraped = []
    app = health_app(
        lambda: (False, {"ok": False, "problems": ["WAHA session is FAILED"]}),
        CollectorRegistry(),
        live=lambda: (True, {"ok": True, "problems": []}),
        inner=inner,
        before_scrape=lambda: scraped.append(1),
    )
    url = serve(app)
    status, kind, body = get(url + "/healthz")
    assert (status, kind, json.loads(body)) == (503, "application/json", {"ok": False, "problems": ["WAHA session is FAILED"]})
    assert json.loads(get(url + "/livez")[2]) == {"ok": True, "problems": []}
    assert get(url + "/webhook/waha") == (201, "text/plain", "inner /webhook/waha")
    get(url + "/metrics")
    assert scraped == [1]


def test_every_answer_of_the_shell_is_never_cached(serve):
    url = serve(health_app(lambda: (True, "ok"), CollectorRegistry()))
    for path in PATHS:
        with urllib.request.urlopen(url + path, timeout=5) as response:
            assert response.headers["Cache-Control"] == "no-store"


def test_a_heartbeat_is_alive_until_its_loop_stops_turning():
    now = [100.0]
    beat = Heartbeat("receive loop", 30, clock=lambda: now[0])
    now[0] += 29
    assert beat() == (True, "ok, the receive loop turned 29 s ago")
    now[0] += 2
    assert beat() == (False, "the receive loop has not turned for 31 s")
    beat.beat()
    assert beat()[0] is True


@pytest.mark.sqlite_only
def test_the_database_check_names_a_moved_file_before_it_would_open_an_empty_one(db, tmp_path):
    assert database_problem(db) is None
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db.database + suffix):
            os.replace(db.database + suffix, tmp_path / f"away{suffix}")
    assert "was deleted or moved away" in database_problem(db)
    assert not os.path.exists(db.database)


def test_the_database_check_says_unreachable_when_the_store_does_not_answer(tmp_path):
    import peewee

    gone = peewee.SqliteDatabase(str(tmp_path / "missing-folder" / "gone.db"))
    assert database_problem(gone) == "database unreachable"


def test_start_names_each_bad_setting_and_the_run_exits_with_status_2(capsys):
    table = (config.LOG_LEVEL, config.Setting("SHELL_PORT", "1", config.integer(1, 9), "A port."))

    def main() -> int:
        service.start("prog", lambda: config.load(table, {"LOG_LEVEL": "LOUD", "SHELL_PORT": "10"}), None)
        return 0

    assert service.run(main) == service.BAD_SETTINGS
    err = capsys.readouterr().err
    assert err.startswith("prog: LOG_LEVEL='LOUD' must be DEBUG") and "SHELL_PORT='10' must be at most 9" in err


def test_start_migrates_a_writers_store_and_refuses_a_readers_store_that_is_not_migrated(tmp_path):
    url = f"sqlite:///{tmp_path}/store.db"
    load = lambda: config.load(config.COMMON, {"DATABASE_URL": url})  # noqa: E731
    empty = open_database(url, bind=False)
    empty.execute_sql("CREATE TABLE unrelated (id INTEGER)")  # a file with no schema yet
    empty.close()
    with pytest.raises(service.Refused, match=r"prog: DATABASE_URL: the database is at schema 0, .*puzzlesecretary migrate"):
        service.start("prog", load, service.READ)
    settings, db = service.start("prog", load, service.WRITE)
    db.close()
    _, reader = service.start("prog", load, service.READ)
    assert reader.execute_sql("SELECT COUNT(*) FROM chat_group").fetchone() == (0,)
    reader.close()


def test_a_port_that_is_taken_is_refused_naming_its_setting():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(service.Refused, match=rf"prog: INGEST_HTTP_PORT: cannot listen on 127.0.0.1:{port}: "):
            service.listening("prog", "INGEST_HTTP_PORT", "127.0.0.1", port, lambda: BackgroundServer("127.0.0.1", port, None))


def test_each_image_asks_one_of_the_shells_paths_and_the_ingests_ask_livez():
    rows = re.findall(r"^([a-z-]+)\|(\d+)\|(\S+)\|", (ROOT / "containers" / "build-images.sh").read_text(), re.MULTILINE)
    paths = {name: path for name, _, path in rows}
    assert set(paths) == {"web", "signal-ingest", "whatsapp-ingest", "updater-metrics"}
    assert set(paths.values()) <= set(PATHS)
    assert paths["signal-ingest"] == paths["whatsapp-ingest"] == "/livez"
