"""A small stand-in for WAHA's HTTP API (the part catch-up uses), on a real socket.

It takes what the bot sends, each request checked against WAHA's request types and kept in
`sends` (fake_waha_send.py): POST /api/sendText, PUT /api/reaction, POST /api/sendSeen.
It answers GET /ping, GET /api/sessions/{session}, GET /api/{session}/groups/{id} and
GET /api/{session}/chats/{chatId}/messages the way
WAHA does: X-Api-Key required (401 without), a JSON array of message objects, `limit`,
`offset`, `filter.timestamp.gte`, `sortBy=timestamp` and `sortOrder`. It can also sign and send
webhooks the way WAHA does (raw JSON body, X-Webhook-Hmac of it, X-Webhook-Timestamp in ms).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

import requests

try:
    from whatsapp_ingest import fake_waha_send
except ImportError:  # run as a script (in a container): its own folder is on the path
    import fake_waha_send


class FakeWaha:
    def __init__(self, api_key: str = "waha-test-key", session: str = "default") -> None:
        self.api_key = api_key
        self.session = session
        self.status = "WORKING"
        self.me = {"id": "447700900001@c.us", "pushName": "Operator"}
        self.chats: dict[str, list[dict]] = {}
        self.subjects: dict[str, str] = {}  # group id -> name, as NOWEB's GET /groups/{id} gives it
        self.requests: list[tuple[str, dict]] = []
        self.fail_next = 0  # answer this many requests with 500
        self.stall_s = 0.0  # wait this long before answering any request (a WAHA that hangs)
        self._server: ThreadingHTTPServer | None = None
        self.outgoing = fake_waha_send.Outgoing()  # what the bot sent

    # --- the API side -------------------------------------------------------------------
    def start(self, host: str = "127.0.0.1", port: int = 0) -> "FakeWaha":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep pytest output clean
                pass

            def do_GET(self):
                if self.path == "/ping":  # WAHA's liveness answer, the one path without the key
                    return fake._send(self, 200, {"message": "pong"})
                fake._handle(self)

            def do_POST(self):
                fake._outgoing(self, "POST")

            def do_PUT(self):
                fake._outgoing(self, "PUT")

        self._server = ThreadingHTTPServer((host, port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def _send(self, handler, status: int, body) -> None:
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    # One branch per WAHA endpoint the fake answers, as a route table would have.
    def _handle(self, handler) -> None:  # noqa: C901
        parts = urlsplit(handler.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        self.requests.append((parts.path, query))
        time.sleep(self.stall_s)
        if handler.headers.get("X-Api-Key") != self.api_key:
            return self._send(handler, 401, {"message": "Unauthorized", "statusCode": 401})
        if self.fail_next > 0:
            self.fail_next -= 1
            return self._send(handler, 500, {"message": "Internal server error", "statusCode": 500})
        segments = [unquote(s) for s in parts.path.split("/")]
        # /api/sessions/{session}
        if segments[1:3] == ["api", "sessions"] and len(segments) == 4:
            if segments[3] != self.session:
                return self._send(handler, 404, {"message": "Session not found", "statusCode": 404})
            return self._send(
                handler,
                200,
                {
                    "name": self.session,
                    "status": self.status,
                    "me": self.me if self.status == "WORKING" else None,
                    "engine": {"engine": "NOWEB"},
                },
            )
        # /api/{session}/groups/{groupId} (NOWEB's shape: the group metadata with its subject)
        if len(segments) == 5 and segments[1] == "api" and segments[3] == "groups":
            if segments[4] not in self.subjects:
                return self._send(handler, 404, {"message": "Group not found", "statusCode": 404})
            return self._send(handler, 200, {"id": segments[4], "subject": self.subjects[segments[4]], "participants": []})
        # /api/{session}/chats/{chatId}/messages
        if len(segments) == 6 and segments[1] == "api" and segments[3] == "chats" and segments[5] == "messages":
            if segments[2] != self.session:
                return self._send(handler, 404, {"message": "Session not found", "statusCode": 404})
            if self.status != "WORKING":
                return self._send(
                    handler, 422, {"message": f"Session status is not as expected: {self.status}", "statusCode": 422}
                )
            messages = list(self.chats.get(segments[4], []))
            gte = query.get("filter.timestamp.gte")
            if gte is not None:
                messages = [m for m in messages if m["timestamp"] >= int(gte)]
            descending = query.get("sortOrder", "desc") == "desc"
            messages.sort(key=lambda m: m["timestamp"], reverse=descending)
            offset, limit = int(query.get("offset", 0)), int(query.get("limit", 100))
            return self._send(handler, 200, messages[offset : offset + limit])
        return self._send(handler, 404, {"message": f"Cannot GET {parts.path}", "statusCode": 404})

    def _outgoing(self, handler, method: str) -> None:
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        path = urlsplit(handler.path).path
        if handler.headers.get("X-Api-Key") != self.api_key:
            return self._send(handler, 401, {"message": "Unauthorized", "statusCode": 401})
        status, answer, headers = fake_waha_send.answer(self.outgoing, method, path, body, self.session, self.status)
        data = b"" if answer is None else json.dumps(answer).encode()
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def page_requests(self) -> list[dict]:
        return [q for path, q in self.requests if path.endswith("/messages")]

    # --- the webhook side ------------------------------------------------------------------
    def envelope(self, event: str, payload: dict, **extra) -> dict:
        """A webhook body as WAHA builds it (see the events docs): id, timestamp, me, engine..."""
        body = {
            "id": "evt_" + hashlib.sha1(json.dumps([event, payload, extra], sort_keys=True).encode()).hexdigest()[:26],
            "timestamp": int(time.time() * 1000),
            "event": event,
            "session": self.session,
            "metadata": {},
            "me": self.me,
            "payload": payload,
            "engine": "NOWEB",
            "environment": {"version": "2026.7.1", "engine": "NOWEB", "tier": "CORE"},
        }
        body.update(extra)
        return body


def sign(key: str, body: bytes) -> str:
    return hmac.new(key.encode(), body, hashlib.sha512).hexdigest()


def post_webhook(
    url: str, body, key: str | None, *, timestamp_ms: int | None = None, headers: dict | None = None
) -> requests.Response:
    """POST one webhook the way WAHA does; `key=None` sends it unsigned."""
    raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode("utf-8")
    sent = {
        "Content-Type": "application/json",
        "X-Webhook-Request-Id": "req_" + hashlib.sha1(raw).hexdigest()[:20],
        "X-Webhook-Timestamp": str(timestamp_ms if timestamp_ms is not None else int(time.time() * 1000)),
    }
    if key is not None:
        sent["X-Webhook-Hmac"] = sign(key, raw)
        sent["X-Webhook-Hmac-Algorithm"] = "sha512"
    sent.update(headers or {})
    return requests.post(url, data=raw, headers=sent, timeout=10)


def group_message(
    group: str, msg_id: str, sender: str, text: str, ts: int, *, from_me: bool = False, push_name: str | None = None, **more
) -> dict:
    """A message.any payload for a group, shaped like the real NOWEB one in samples/waha_03."""
    payload = {
        "id": f"{'true' if from_me else 'false'}_{group}_{msg_id}" + ("" if from_me else f"_{sender}"),
        "timestamp": ts,
        "from": group,
        "fromMe": from_me,
        "source": "app",
        "body": text,
        "to": group,
        "hasMedia": False,
        "ack": 1,
    }
    if not from_me:
        payload["participant"] = sender
    if push_name:
        payload["_data"] = {"pushName": push_name}
    payload.update(more)
    return payload


# Standalone -------------------------------------------------------------------------------------


def demo(group: str, day: dt.date) -> list[dict]:
    """Two of today's Wordle shares in one group, for catch-up to find (the booted test host)."""
    at = int(dt.datetime.combine(day, dt.time(7, 30), dt.timezone.utc).timestamp())
    puzzle = (day - dt.date(2021, 6, 19)).days
    share = lambda n: f"Wordle {puzzle:,} {n}/6\n\n" + "\n".join(["⬛🟨⬛⬛⬛"] * (n - 1) + ["🟩🟩🟩🟩🟩"])  # noqa: E731
    return [
        group_message(group, "3EB0DEMO000000000001", "447700900101@c.us", share(3), at, push_name="Carol"),
        group_message(group, "3EB0DEMO000000000002", "447700900102@c.us", share(4), at + 60, push_name="Dave"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A fake WAHA HTTP API (the part catch-up uses) for tests.")
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=3000)
    parser.add_argument("--api-key", required=True, help="the X-Api-Key it wants")
    parser.add_argument("--group", action="append", default=[], help="ID=SUBJECT, e.g. 1203630001@g.us=Puzzlers (repeatable)")
    parser.add_argument("--demo", action="store_true", help="two of today's shares in the first group")
    args = parser.parse_args(argv)
    fake = FakeWaha(api_key=args.api_key)
    for spec in args.group:
        group, sep, subject = spec.partition("=")
        if not sep or not group.endswith("@g.us"):
            parser.error(f"--group {spec!r}: expected ID@g.us=SUBJECT")
        fake.subjects[group] = subject
        fake.chats.setdefault(group, [])
    if args.demo:
        if not args.group:
            parser.error("--demo needs a --group")
        first = next(iter(fake.subjects))
        fake.chats[first].extend(demo(first, dt.datetime.now(dt.timezone.utc).date()))
    fake.start(args.host, args.port)
    print(f"fake WAHA on {fake.url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        fake.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
