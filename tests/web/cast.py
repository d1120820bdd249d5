"""The web tests' cast: a group seeded through the real ingest path, and a WSGI client.

The cast (all in group "g1", Europe/London, "now" is Friday 27 November 2026, noon):
- Alice plays Wordle 1,980-1,987 (20-27 Nov): 3 4 3 4 3 4 3 3, Connections on 26 and 27 with no
  mistake, and reposts today's Wordle (not counted).
- Bob plays Wordle 1,980-1,987: 4 4 X 4 4 4 4 2, an archive play of 2 October (Wordle 1,931, 5/6)
  and a Connections header with no grid (rejected).
- SCRIPT (`<script>alert(1)</script>`) plays Wordle 1,985-1,987: 5 5 6, and posts Wordle 1,984
  late, on the 27th (4/6).
- IMG (`"><img src=x onerror=alert(1)>`) plays Connections on 26 (2 mistakes) and 27 (1 mistake),
  and posts a Wordle from the future (rejected), with markup in the message.
- Dana only chats: a member who has not played.
A second group "g2" has Zoe, who must never show on g1's pages.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import urllib.parse
from dataclasses import dataclass

from helpers import message

from puzzlesecretary.clock import to_ms
from puzzlesecretary.ingest import ensure_group, ingest
from puzzlesecretary.store import bind
from puzzlesecretary_web.app import make_app

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.timezone.utc)
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE_GROUP = "The <b>Testers</b> & co"

GREEN = "🟩🟩🟩🟩🟩"
MISS = "⬛🟨⬛⬛⬛"


def wordle(number: int, guesses: int | None, hard: bool = False) -> str:
    if guesses is None:
        return f"Wordle {number:,} X/6\n\n" + "\n".join([MISS] * 6)
    rows = [MISS] * (guesses - 1) + [GREEN]
    return f"Wordle {number:,} {guesses}/6{'*' if hard else ''}\n\n" + "\n".join(rows)


def connections(number: int, mistakes: int) -> str:
    rows = ["🟨🟨🟩🟨"] * mistakes + ["🟨🟨🟨🟨", "🟩🟩🟩🟩", "🟦🟦🟦🟦", "🟪🟪🟪🟪"]
    return f"Connections\nPuzzle #{number:,}\n" + "\n".join(rows)


def day(n: int, hour: int = 8) -> str:
    """The n-th of November 2026 at `hour` UTC (London is on UTC in November)."""
    return dt.datetime(2026, 11, n, hour, 0, tzinfo=dt.timezone.utc).isoformat()


ALICE = dict(sender="u-alice", name="Alice")
BOB = dict(sender="u-bob", name="Bob")
EVIL1 = dict(sender="u-evil1", name=SCRIPT)
EVIL2 = dict(sender="u-evil2", name=IMG)
DANA = dict(sender="u-dana", name="Dana")


def cast_messages():
    out = []
    alice = [3, 4, 3, 4, 3, 4, 3, 3]
    bob = [4, 4, None, 4, 4, 4, 4, 2]
    for i, (a, b) in enumerate(zip(alice, bob, strict=True)):
        out.append(message(wordle(1980 + i, a), at=day(20 + i, 7), **ALICE))
        out.append(message(wordle(1980 + i, b, hard=(i == 7)), at=day(20 + i, 9), **BOB))
    for i, s in zip((5, 6, 7), (5, 5, 6), strict=True):
        out.append(message("phew\n" + wordle(1980 + i, s), at=day(20 + i, 10), **EVIL1))
    out.append(message(wordle(1984, 4), at=day(27, 9), **EVIL1))  # late: puzzle of the 24th
    out.append(message("Archive October 2, 2026\n" + wordle(1931, 5), at=day(27, 11), **BOB))
    out.append(message(connections(1264, 0), at=day(26, 7), **ALICE))
    out.append(message(connections(1265, 0), at=day(27, 7), **ALICE))
    out.append(message(connections(1264, 2), at=day(26, 12), **EVIL2))
    out.append(message(connections(1265, 1), at=day(27, 10), **EVIL2))
    out.append(message("Connections\nPuzzle #1,265", at=day(27, 10), **BOB))
    out.append(message("Wordle 2,400 3/6 <b>from the future</b> " + SCRIPT, at=day(27, 11), **EVIL2))
    out.append(message("again:\n" + wordle(1987, 3), at=day(27, 11), **ALICE))
    out.append(message("morning all, no spoilers please", at=day(27, 6), **DANA))
    out.append(message(wordle(1987, 1), at=day(27, 8), group="g2", sender="u-zoe", name="Zoe"))
    return out


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class Client:
    """Calls the WSGI app the way a server would: no socket, status, headers and body back."""

    def __init__(self, app) -> None:
        self.app = app

    def request(self, method: str, path: str, headers: dict[str, str] | None = None, query: str = "") -> Response:
        # As a server does: the path's bytes, percent-escapes undone, as latin-1 text (PEP 3333).
        raw = urllib.parse.unquote_to_bytes(path.encode("utf-8", "surrogateescape"))
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": raw.decode("latin-1"),
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "5000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0),
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        for name, value in (headers or {}).items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        seen: dict = {}

        def start_response(status, response_headers, exc_info=None):
            seen["status"] = int(status.split(" ", 1)[0])
            seen["headers"] = {}
            for k, v in response_headers:
                seen["headers"].setdefault(k.lower(), v)
            seen["all_headers"] = response_headers

        body = b"".join(self.app(environ, start_response))
        return Response(seen["status"], seen["headers"], body)

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)


@dataclass
class Seeded:
    client: Client
    app: object
    token: str
    other_token: str
    ids: dict[str, int]
    db_url: str
    readonly: object

    def at(self, moment: dt.datetime) -> Client:
        """A client of a second app over the same data whose clock says `moment`."""
        return Client(make_app(self.readonly, clock=lambda: to_ms(moment)))

    def add(self, db, messages) -> None:
        """Ingest more messages through the writable connection, as an ingest process would."""
        bind(db)
        try:
            ingest(messages, default_timezone="Europe/London")
        finally:
            bind(self.readonly)

    def page(self, rest: str = "") -> Response:
        return self.client.get(f"/g/{self.token}{rest}")


def seed(db) -> None:
    with db.atomic():
        ensure_group("test", "g1", HOSTILE_GROUP, "Europe/London")
    ingest(cast_messages(), default_timezone="Europe/London")


