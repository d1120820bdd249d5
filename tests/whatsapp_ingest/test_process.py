"""The real `puzzlesecretary-whatsapp-ingest` process: killed with SIGKILL it loses nothing it
answered 200 for, a restart catches up what it missed, SIGTERM stops it cleanly, bad settings
stop it at start with the variable named."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests
from whatsapp_ingest.conftest import GROUP, HMAC_KEY, environ, wait_for
from whatsapp_ingest.fake_waha import group_message, post_webhook

from puzzlesecretary.store import Message, RawEvent, Score, open_database

COMMAND = shutil.which("puzzlesecretary-whatsapp-ingest") or str(
    Path(__file__).resolve().parents[2] / ".venv/bin/puzzlesecretary-whatsapp-ingest"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Process:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.log = log
        self.port = int(env["INGEST_HTTP_PORT"])
        self.proc: subprocess.Popen | None = None

    def start(self) -> "Process":
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen([COMMAND], env=os.environ | self.env, stdout=out, stderr=subprocess.STDOUT)
        wait_for(self._healthy, timeout=20, what="the process to answer /healthz")
        return self

    def _healthy(self) -> bool:
        if self.proc.poll() is not None:
            raise AssertionError(f"the process exited with {self.proc.returncode}:\n{self.log.read_text()}")
        try:
            return requests.get(f"http://127.0.0.1:{self.port}/healthz", timeout=1).status_code == 200
        except requests.ConnectionError:
            return False

    def post(self, body):
        return post_webhook(f"http://127.0.0.1:{self.port}/webhook/waha", body, HMAC_KEY)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path}/ingest.db"


@pytest.fixture
def process(tmp_path, sqlite_url, fake_waha):
    env = environ(sqlite_url, fake_waha.url, INGEST_HTTP_PORT=str(free_port()), LOG_LEVEL="INFO")
    made = Process(env, tmp_path / "ingest.log")
    yield made
    made.stop()


def test_a_killed_process_loses_no_accepted_event_and_catches_up_on_restart(process, fake_waha, sqlite_url):
    process.start()
    now = int(time.time())
    accepted = []
    for n in range(40):
        body = fake_waha.envelope(
            "message.any", group_message(GROUP, f"K{n:02d}", f"{n % 5}@lid", f"message number {n}", now - 600 + n)
        )
        assert process.post(body).status_code == 200
        accepted.append(f"K{n:02d}")
    process.proc.send_signal(signal.SIGKILL)  # right after the last 200
    process.proc.wait(10)
    # While it was down the group went on; WAHA's store has these, no webhook will bring them.
    missed = [group_message(GROUP, f"MISSED{n}", "7@lid", f"missed {n}", now - 60 + n) for n in range(5)]
    fake_waha.chats[GROUP] = missed
    db = open_database(sqlite_url)
    assert RawEvent.select().count() == 40  # every accepted event was committed before its 200
    db.close()

    process.start()
    db = open_database(sqlite_url)
    wait_for(lambda: Message.select().count() == 45, timeout=20, what="all 45 messages")
    # A chunk's messages are scored in the transaction after the one that stored them.
    wait_for(lambda: not Message.select().where(Message.status == "pending").exists(), timeout=20, what="their scores")
    ids = [m.platform_message_id for m in Message.select()]
    assert sorted(ids) == sorted(accepted + [f"MISSED{n}" for n in range(5)])
    assert RawEvent.select().where(RawEvent.status == "new").count() == 0
    assert Message.select().where(Message.status == "pending").count() == 0
    db.close()


def test_a_score_sent_through_the_real_process_lands_on_the_board(process, fake_waha, sqlite_url):
    process.start()
    share = "Wordle 1,620 4/6\n\n⬛🟨⬛⬛⬛\n🟩🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"
    assert (
        process.post(
            fake_waha.envelope("message.any", group_message(GROUP, "BOARD1", "42@lid", share, 1764072000, push_name="Noor"))
        ).status_code
        == 200
    )
    unsigned = post_webhook(
        f"http://127.0.0.1:{process.port}/webhook/waha",
        fake_waha.envelope("message.any", group_message(GROUP, "EVIL", "43@lid", share, 1764072000)),
        None,
    )
    assert unsigned.status_code == 401
    db = open_database(sqlite_url)
    wait_for(lambda: Score.select().count() == 1, what="the score")
    score = Score.get()
    assert (score.player.name, score.game, score.puzzle, score.score, score.counted) == ("Noor", "wordle", 1620, 4.0, True)
    assert Message.select().count() == 1
    db.close()


def test_sigterm_stops_the_process_cleanly(process):
    process.start()
    process.proc.send_signal(signal.SIGTERM)
    assert process.proc.wait(15) == 0
    assert "stopping" in process.log.read_text()


def test_missing_settings_stop_it_at_start_naming_the_variables(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WAHA_", "DATABASE_URL"))}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path}/x.db"
    env["WAHA_GROUP_IDS"] = "not-a-group@c.us"
    done = subprocess.run([COMMAND], env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert "WAHA_API_KEY (or WAHA_API_KEY_FILE) is not set" in done.stderr
    assert "WAHA_HMAC_KEY (or WAHA_HMAC_KEY_FILE) is not set" in done.stderr
    assert "not-a-group@c.us is not a group id" in done.stderr


def test_secrets_can_come_from_files(tmp_path, fake_waha):
    (tmp_path / "hmac").write_text(HMAC_KEY + "\n")
    (tmp_path / "api").write_text(fake_waha.api_key)
    env = environ(f"sqlite:///{tmp_path}/f.db", fake_waha.url, INGEST_HTTP_PORT=str(free_port()))
    del env["WAHA_HMAC_KEY"], env["WAHA_API_KEY"]
    env.update(WAHA_HMAC_KEY_FILE=str(tmp_path / "hmac"), WAHA_API_KEY_FILE=str(tmp_path / "api"))
    proc = Process(env, tmp_path / "f.log").start()
    try:
        body = fake_waha.envelope("message.any", group_message(GROUP, "F1", "1@lid", "hi", int(time.time())))
        assert proc.post(body).status_code == 200  # signed with the key from the file
    finally:
        proc.stop()


def _upload_and_close(port: int, done: threading.Event) -> None:
    """A client that keeps the serving loop busy reading: big bodies, each connection closed half-way (at most 15 s)."""
    chunk = b"x" * 65536
    until = time.monotonic() + 15
    while not done.is_set() and time.monotonic() < until:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as client:
                client.sendall(b"POST /livez HTTP/1.1\r\nHost: ingest\r\nContent-Length: 3000000\r\n\r\n")
                for _ in range(45):
                    client.sendall(chunk)
        except OSError:
            pass  # the server stopped, or cut the upload off: both are what this client is for


def test_sigterm_stops_it_while_clients_are_uploading_and_closing_connections(tmp_path, fake_waha):
    # A stop raised as an exception was swallowed by waitress when it arrived during a read:
    # with this load that was 7 of 8 tries. Four tries, each must exit 0 well inside podman's 10 s.
    for attempt in range(4):
        env = environ(f"sqlite:///{tmp_path}/term{attempt}.db", fake_waha.url, INGEST_HTTP_PORT=str(free_port()))
        process = Process(env, tmp_path / f"term{attempt}.log").start()
        done = threading.Event()
        clients = [threading.Thread(target=_upload_and_close, args=(process.port, done)) for _ in range(4)]
        try:
            for client in clients:
                client.start()
            time.sleep(0.5)
            process.proc.send_signal(signal.SIGTERM)
            assert process.proc.wait(8) == 0, process.log.read_text()
        finally:
            process.stop()
            done.set()
            for client in clients:
                client.join(timeout=20)
        assert "stopping on signal 15" in process.log.read_text()


def test_the_start_up_line_names_the_port_the_system_chose(tmp_path, fake_waha):
    env = environ(f"sqlite:///{tmp_path}/port.db", fake_waha.url, INGEST_HTTP_PORT="0", LOG_LEVEL="INFO")
    log = tmp_path / "port.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([COMMAND], env=os.environ | env, stdout=out, stderr=subprocess.STDOUT)
    try:
        line = re.compile(r"listening on 127\.0\.0\.1:(\d+) for session default")
        found = wait_for(lambda: line.search(log.read_text()), timeout=20, what="the start-up line")
        assert requests.get(f"http://127.0.0.1:{found.group(1)}/livez", timeout=5).status_code == 200
        assert "Logging error" not in log.read_text()
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(15) == 0


def test_sigterm_stops_it_within_podmans_timeout_while_waha_hangs_during_catch_up(tmp_path, fake_waha):
    fake_waha.stall_s = 25.0  # every request to WAHA, the start-up catch-up's first among them
    env = environ(f"sqlite:///{tmp_path}/hang.db", fake_waha.url, INGEST_HTTP_PORT=str(free_port()))
    log = tmp_path / "hang.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([COMMAND], env=os.environ | env, stdout=out, stderr=subprocess.STDOUT)
    try:
        live = f"http://127.0.0.1:{env['INGEST_HTTP_PORT']}/livez"
        wait_for(lambda: _answers(live), timeout=20, what="the process to answer /livez")
        wait_for(lambda: fake_waha.requests, timeout=20, what="the catch-up to ask WAHA")
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(9) == 0, log.read_text()
        assert time.monotonic() - started < 9
        assert "still waiting for WAHA" in log.read_text()
    finally:
        fake_waha.stall_s = 0
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=1).status_code == 200
    except requests.ConnectionError:
        return False


@pytest.mark.sqlite_only
def test_a_database_it_cannot_write_stops_it_at_start_with_exit_2_and_one_line(tmp_path, fake_waha):
    path = tmp_path / "readonly.db"
    db = open_database(f"sqlite:///{path}", bind=False)
    db.execute_sql("CREATE TABLE unrelated (id INTEGER)")
    db.close()
    from puzzlesecretary import service

    service.open_store("test", f"sqlite:///{path}").close()  # migrated, so only the write is refused
    path.chmod(0o444)
    # setpriv drops the capabilities that let root write past a file's mode (as in the Signal test).
    prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"] if os.geteuid() == 0 else []
    env = os.environ | environ(f"sqlite:///{path}", fake_waha.url, INGEST_HTTP_PORT=str(free_port()))
    done = subprocess.run([*prefix, COMMAND], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        f"puzzlesecretary-whatsapp-ingest: DATABASE_URL: cannot write to {path}: attempt to write a readonly database"
    )


def test_a_port_it_cannot_listen_on_stops_it_at_start_naming_the_setting(tmp_path, fake_waha):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = os.environ | environ(f"sqlite:///{tmp_path}/port.db", fake_waha.url, INGEST_HTTP_PORT=str(port))
        done = subprocess.run([COMMAND], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert f"puzzlesecretary-whatsapp-ingest: INGEST_HTTP_PORT: cannot listen on 127.0.0.1:{port}: " in done.stderr
    assert "Traceback" not in done.stderr
