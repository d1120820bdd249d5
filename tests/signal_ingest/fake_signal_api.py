"""A fake signal-cli-rest-api (MODE=normal) for tests: real HTTP, the real endpoints and shapes.

Speaks what signal-ingest uses, as bbernhard/signal-cli-rest-api does (docs/signal-ingest.md):
  GET /v1/receive/{number}  a JSON array: signal-cli's output lines joined with "," inside [ ],
                            `text/plain`; each query flag must be exactly true/false or 400
                            {"error": ...}; queued envelopes are handed out once (signal-cli
                            removes them from Signal's server as it receives them)
  GET /v1/groups/{number}   [{name, description, id: "group."+base64(internal_id), internal_id, ...}]
  GET /v1/about             {"versions", "build", "mode", "version", "capabilities"}
  GET /v1/health            204, empty body
  POST /v2/send, POST|DELETE /v1/reactions/{number}, POST /v1/receipts/{number}: checked against
                            the real request types and kept in `outgoing.sends` (fake_signal_send.py)
Test-only controls, under /test/ (never part of the real API):
  POST /test/inject         body: a JSON array of elements, or raw lines (one element per line,
                            `application/x-ndjson`, bytes kept as sent: malformed ones too)
  POST /test/fail           {"count": n, "status": 400, "body": "..."}: the next n receives fail
  POST /test/send-fail, GET /test/sends: script send failures, read what was sent
  GET  /test/state          {"queued": n, "receives": n, "delivered": n, "waiting": n, "answers_sent": n}
In-process tests may also set `after_answer(count)`: called once an answer of `count` envelopes
has been written to the socket in full, so a test can act a measured time after it left.

Standalone (the end-to-end test runs it in a container):
  python fake_signal_api.py --port 8080 --number +4915100000000 --group "Puzzlers=<internal id>" \
      [--script envelopes.jsonl] [--demo]
The envelope builders below make the real shapes (signal-cli's JsonMessageEnvelope records).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import select
import socket
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qs, unquote, urlsplit

RECEIVE_FLAGS = ("ignore_attachments", "ignore_stories", "ignore_avatars", "ignore_stickers", "send_read_receipts")


# Envelope builders ------------------------------------------------------------------------------


try:
    from signal_ingest import fake_signal_send
except ImportError:
    import fake_signal_send

try:
    # Re-exported: the tests build envelopes as fake_signal_api.<kind>.
    from signal_ingest.signal_envelopes import (  # noqa: F401
        Person,
        compact,
        delete,
        direct_post,
        edit,
        group_entry,
        group_post,
        group_update,
        own_delete,
        own_direct,
        own_edit,
        own_post,
        reaction,
        receipt,
        rest_group_id,
        typing,
        untrusted,
    )
except ImportError:  # run as a script (in a container): its own folder is on the path
    from signal_envelopes import (  # noqa: F401
        Person,
        compact,
        delete,
        edit,
        group_entry,
        group_post,
        own_post,
        reaction,
        receipt,
        typing,
    )


class FakeSignalAPI:
    """The fake upstream: queue envelopes, let the ingest poll them, script failures."""

    def __init__(
        self,
        number: str,
        groups: list[dict] = (),
        host: str = "127.0.0.1",
        port: int = 0,
        max_wait_s: float = 0.05,
        mode: str = "normal",
    ) -> None:
        self.number = number
        self.groups = list(groups)
        self.max_wait_s = max_wait_s
        self.mode = mode
        self.lock = threading.Condition()
        self.queue: deque[bytes] = deque()
        self.failures: deque[tuple[int, bytes]] = deque()
        self.receives = 0
        self.delivered = 0
        self.requests: list[str] = []  # every receive query string, for tests
        self.hold_after: int | None = None
        self.waiting = 0  # receives kept waiting by `hold`
        self.answers_sent = 0  # non-empty answers written to the socket in full
        self.after_answer: Callable[[int], None] | None = None
        self.outgoing = fake_signal_send.Outgoing()  # what the bot sent, each request checked
        fake = self

        class Handler(_Handler):
            api = fake

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakeSignalAPI":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release()
        self.outgoing.release.set()
        self.server.shutdown()
        self.server.server_close()

    def inject(self, *elements: Any) -> None:
        """Queue envelopes (dicts are printed compactly; bytes are kept as they are)."""
        with self.lock:
            for element in elements:
                self.queue.append(element if isinstance(element, bytes) else compact(element))
            self.lock.notify_all()

    def fail_next(self, count: int, status: int = 400, body: bytes | None = None) -> None:
        body = body if body is not None else compact({"error": "Error while receiving: signal-cli exited with status 1"})
        with self.lock:
            self.failures.extend([(status, body)] * count)

    def hold(self, after: int) -> None:
        """Answer `after` more receives, then keep the next ones waiting until `release`."""
        with self.lock:
            self.hold_after = self.receives + after

    def release(self) -> None:
        with self.lock:
            self.hold_after = None
            self.lock.notify_all()

    def state(self) -> dict:
        with self.lock:
            return {
                "queued": len(self.queue),
                "receives": self.receives,
                "delivered": self.delivered,
                "waiting": self.waiting,
                "answers_sent": self.answers_sent,
            }

    def take(self, timeout_s: float, max_messages: int, gone=lambda: False) -> tuple[int, bytes, int] | None:
        """One receive: (status, body, envelopes in it); None when its client went away while it was held."""
        with self.lock:
            deadline = time.monotonic() + 120
            self.waiting += 1
            try:
                while self.hold_after is not None and self.receives >= self.hold_after and time.monotonic() < deadline:
                    if gone():
                        return None
                    self.lock.wait(0.05)
            finally:
                self.waiting -= 1
            self.receives += 1
            if self.failures:
                return (*self.failures.popleft(), 0)
            if not self.queue:
                # signal-cli listens for `timeout` seconds; the fake shortens that to keep tests fast.
                self.lock.wait(min(timeout_s, self.max_wait_s))
            count = len(self.queue) if max_messages <= 0 else min(max_messages, len(self.queue))
            lines = [self.queue.popleft() for _ in range(count)]
            self.delivered += count
        return 200, b"[" + b",".join(lines) + b"]", count

    def sent(self, count: int) -> None:
        """An answer of `count` envelopes has left: every byte of it is in the socket."""
        if not count:
            return
        with self.lock:
            self.answers_sent += 1
        if self.after_answer is not None:
            self.after_answer(count)


class _Handler(BaseHTTPRequestHandler):
    api: FakeSignalAPI
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes; without this a keep-alive client waits out its
    # delayed ACK (40 ms on Linux) on every answer with a body, as no real upstream makes it.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # noqa: A002
        pass

    def _send(
        self, status: int, body: bytes = b"", content_type: str = "application/json; charset=utf-8", headers: dict | None = None
    ) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != 204:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 204:
            self.wfile.write(body)

    def _error(self, message: str, status: int = 400) -> None:
        self._send(status, compact({"error": message}))

    def _number(self, path: str, prefix: str) -> str | None:
        number = unquote(path[len(prefix) :])
        if number != self.api.number:
            self._error(f"User {number} is not registered.")
            return None
        return number

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        path = parts.path
        if path == "/v1/health":
            return self._send(204)
        if path == "/v1/about":
            about = {
                "versions": ["v1", "v2"],
                "build": 2,
                "mode": self.api.mode,
                "version": "0.100",
                "capabilities": {"v2/send": ["quotes", "mentions"]},
            }
            return self._send(200, compact(about))
        if path.startswith("/v1/groups/"):
            if self._number(path, "/v1/groups/") is None:
                return None
            return self._send(200, compact(self.api.groups))
        if path.startswith("/v1/receive/"):
            return self._receive(path, query)
        if path == "/test/state":
            return self._send(200, compact(self.api.state()))
        if path == "/test/sends":
            with self.api.outgoing.lock:
                return self._send(200, json.dumps(self.api.outgoing.sends, ensure_ascii=False).encode())
        return self._send(404, b"404 page not found", "text/plain")

    def _receive(self, path: str, query: dict[str, str]) -> None:
        if self._number(path, "/v1/receive/") is None:
            return None
        with self.api.lock:
            self.api.requests.append(urlsplit(self.path).query)
        try:
            timeout = int(query.get("timeout", "1"))
        except ValueError:
            return self._error("Couldn't process request - timeout needs to be numeric!")
        try:
            max_messages = int(query.get("max_messages", "0"))
        except ValueError:
            return self._error("Couldn't process request - max_messages needs to be numeric!")
        for flag in RECEIVE_FLAGS:
            if query.get(flag, "false") not in ("true", "false"):
                return self._error(f"Couldn't process request - {flag} parameter needs to be either 'true' or 'false'")
        answer = self.api.take(timeout, max_messages, self._client_gone)
        if answer is None:
            self.close_connection = True
            return None
        status, body, count = answer
        self._send(status, body, "text/plain; charset=utf-8" if status == 200 else "application/json; charset=utf-8")
        self.api.sent(count)

    def _client_gone(self) -> bool:
        """Whether the client closed its end (a killed ingest), so a held answer would be lost."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        path = urlsplit(self.path).path
        if path == "/v2/send" or path.startswith(("/v1/reactions/", "/v1/receipts/")):
            return self._outgoing("POST", path, body)
        if path == "/test/send-fail":
            spec = json.loads(body)
            self.api.outgoing.fail_next(int(spec.get("count", 1)), int(spec.get("status", 400)),
                                        spec.get("body", "").encode() or None, spec.get("retry_after"))  # fmt: skip
            return self._send(200, b"{}")
        if path == "/test/inject":
            if "ndjson" in (self.headers.get("Content-Type") or ""):
                self.api.inject(*[line for line in body.split(b"\n") if line.strip()])
            else:
                try:
                    elements = json.loads(body)
                except ValueError:
                    return self._error("body is not JSON")
                if not isinstance(elements, list):
                    return self._error("body must be a JSON array of envelopes")
                self.api.inject(*elements)
            return self._send(200, compact(self.api.state()))
        if path == "/test/fail":
            try:
                spec = json.loads(body)
                self.api.fail_next(int(spec.get("count", 1)), int(spec.get("status", 400)), spec.get("body", "").encode() or None)
            except (ValueError, AttributeError):
                return self._error('body must be {"count": n, "status": 400, "body": "..."}')
            return self._send(200, compact(self.api.state()))
        return self._send(404, b"404 page not found", "text/plain")


    def do_DELETE(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        return self._outgoing("DELETE", urlsplit(self.path).path, body)

    def _outgoing(self, method: str, path: str, body: bytes) -> None:
        status, answer, headers = fake_signal_send.answer(self.api.outgoing, method, path, body, self.api.number, self.api.groups)
        self._send(status, answer, headers=headers)


# Standalone -------------------------------------------------------------------------------------


def demo(number: str, group_id: str, day: dt.date) -> list[dict]:
    """A short morning in one group: posts, an edit, a delete, the operator's post, noise."""
    at = int(dt.datetime.combine(day, dt.time(8, 0), dt.timezone.utc).timestamp() * 1000)
    puzzle = (day - dt.date(2021, 6, 19)).days
    alice = Person("6b1f2a8e-0c1d-4e5f-8a9b-0c1d2e3f4a5b", "+4915100000001", "Alice")
    bob = Person("27d6c025-997c-4b12-9f4f-a9b7a5791b7a", None, "Bob")
    me = Person("aaf50e83-2fff-41d5-86e3-a8cdfc3cbb3f", number, "Operator", device=2)
    share = lambda n: f"Wordle {puzzle:,} {n}/6\n\n" + "\n".join(["⬛🟨⬛⬛⬛"] * (n - 1) + ["🟩🟩🟩🟩🟩"])  # noqa: E731
    return [
        group_post(alice, at, share(3), group_id, number, "Puzzlers"),
        typing(bob, at + 1000, number, group_id),
        group_post(bob, at + 2000, share(5), group_id, number),
        edit(bob, at + 3000, at + 2000, share(4), group_id, number),
        reaction(alice, at + 4000, bob, at + 2000, group_id, number),
        own_post(me, at + 5000, share(2), group_id, number),
        group_post(alice, at + 6000, "oops wrong chat", group_id, number),
        delete(alice, at + 7000, at + 6000, group_id, number),
        receipt(bob, at + 8000, [at], number),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A fake signal-cli-rest-api (MODE=normal) for tests.")
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--number", required=True, help="the account, e.g. +4915100000000")
    parser.add_argument("--group", action="append", default=[], help="NAME=INTERNAL_ID (repeatable)")
    parser.add_argument("--script", help="a file of envelopes to queue, one JSON element per line")
    parser.add_argument("--demo", action="store_true", help="queue a short scripted morning in the first group, dated today")
    parser.add_argument("--max-wait", type=float, default=1.0, help="seconds an empty receive waits (at most its timeout)")
    args = parser.parse_args(argv)
    groups = []
    for spec in args.group:
        name, sep, internal = spec.partition("=")
        if not sep:
            parser.error(f"--group {spec!r}: expected NAME=INTERNAL_ID")
        groups.append(group_entry(name, internal))
    fake = FakeSignalAPI(args.number, groups, args.host, args.port, max_wait_s=args.max_wait)
    if args.script:
        with open(args.script, "rb") as handle:
            fake.inject(*[line.rstrip(b"\r\n") for line in handle if line.strip()])
    if args.demo:
        if not groups:
            parser.error("--demo needs a --group")
        fake.inject(*demo(args.number, groups[0]["internal_id"], dt.datetime.now(dt.timezone.utc).date()))
    print(f"fake signal-cli-rest-api for {args.number} on {fake.url}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        fake.server.serve_forever(poll_interval=0.2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
