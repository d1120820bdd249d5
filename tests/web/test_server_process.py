"""The real `puzzlesecretary-web` process under waitress: slow clients, the answers waitress writes
itself, and SIGTERM while it is busy."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from slow_clients import slow_clients

from puzzlesecretary_web.guard import SECURITY_HEADERS

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def web(seeded, backend, tmp_path):
    """puzzlesecretary-web over the seeded database, on a free port; stopped with SIGTERM at the end."""
    port = free_port()
    log = tmp_path / "web.log"
    env = {**os.environ, "DATABASE_URL": seeded.db_url, "WEB_PORT": str(port)}
    with open(log, "wb") as out:
        process = subprocess.Popen([str(BIN / "puzzlesecretary-web")], env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            requests.get(url + "/healthz", timeout=1)
            break
        except requests.ConnectionError:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the web did not start"
            time.sleep(0.1)
    process.url, process.port, process.log, process.token = url, port, log, seeded.token
    yield process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(20)


def raw_request(port: int, data: bytes) -> tuple[str, dict[str, str]]:
    """Send bytes no HTTP library would, and read the status line and headers of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
        client.sendall(data)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = client.recv(65536)
            if not chunk:
                break
            answer += chunk
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    return head[0], {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in head[1:])}


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    "request_bytes, status",
    [
        (b"get / HTTP/1.1\r\nHost: x\r\n\r\n", "400"),  # waitress: malformed HTTP method
        (b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n", "400"),  # raw non-ASCII in the request line
        (b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "400"),  # bad chunk size
        (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 300_000 + b"\r\n\r\n", "431"),
    ],
)
def test_the_answers_waitress_writes_itself_carry_the_security_headers(web, request_bytes, status):
    line, headers = raw_request(web.port, request_bytes)
    assert line.split(" ")[1] == status, line
    for name, value in SECURITY_HEADERS:
        assert headers[name.lower()] == value


@pytest.mark.sqlite_only
def test_with_200_slow_clients_open_health_and_a_board_still_answer_within_a_second(web):
    with slow_clients(web.port, 200, b"GET /healthz HTTP/1.1\r\nHost: web\r\nX-Slow: "):
        time.sleep(1)  # let the server take them all in
        for _ in range(3):
            assert requests.get(web.url + "/healthz", timeout=1).text == "ok\n"
            board = requests.get(f"{web.url}/g/{web.token}", timeout=1)
            assert board.status_code == 200 and "Testers" in board.text
            time.sleep(0.5)


@pytest.mark.sqlite_only
def test_sigterm_stops_the_web_while_slow_clients_hold_connections(web):
    with slow_clients(web.port, 50, b"GET / HTTP/1.1\r\nHost: web\r\nX-Slow: "):
        time.sleep(0.5)
        web.send_signal(signal.SIGTERM)
        assert web.wait(8) == 0, web.log.read_text()
    assert not re.search(r"Traceback", web.log.read_text())


@pytest.mark.sqlite_only  # on PostgreSQL the driver (libpq) brings OpenSSL with it
def test_the_web_process_maps_no_openssl_and_still_serves_its_metrics(web):
    maps = Path(f"/proc/{web.pid}/maps").read_text()
    assert "libcrypto" not in maps and "libssl" not in maps
    assert requests.get(web.url + "/metrics", timeout=5).status_code == 200
    assert requests.get(f"{web.url}/g/{web.token}", timeout=5).status_code == 200
