"""waitress for the web: the shared connection limits, the security headers on the answers waitress writes itself,
and a cheaper writing of every answer's header block.

waitress answers some requests without calling the app: a malformed request line or method,
a bad chunk, headers over its size limit (400, 431, 413). Those never pass through guard.py,
so they get the headers here, from waitress's own error task.
"""

from __future__ import annotations

import waitress
from waitress.channel import HTTPChannel
from waitress.task import ErrorTask, WSGITask
from waitress.utilities import build_http_date

from puzzlesecretary.serving import WAITRESS_LIMITS

from .guard import SECURITY_HEADERS


class _HeadedErrorTask(ErrorTask):
    def execute(self):
        self.response_headers.extend(SECURITY_HEADERS)
        super().execute()


_NAMES: dict[str, str] = {}  # a header name as the app gives it -> as waitress writes it ("etag" -> "Etag")
_MOST_NAMES = 256  # the app's own names are a handful; the map stops growing past this
_DATE: tuple[int, str] = (-1, "")  # the last second a Date header was written for, and its text


def header_name(name: str) -> str:
    """waitress's spelling of a response header's name: each part between hyphens capitalized, remembered."""
    spelled = _NAMES.get(name)
    if spelled is None:
        spelled = "-".join([part.capitalize() for part in name.split("-")])
        if len(_NAMES) < _MOST_NAMES:
            _NAMES[name] = spelled
    return spelled


def http_date(when: float) -> str:
    """The Date header of an answer started at `when`: made once a second (it names whole seconds)."""
    global _DATE
    second = int(when)
    if _DATE[0] != second:
        _DATE = (second, build_http_date(second))
    return _DATE[1]


class _Task(WSGITask):
    """waitress's WSGI task, writing the same header block for less: waitress spells every header name again
    for every answer (split, capitalize, join) and formats the date each time, about a fifth of the server's
    own CPU on a cached page (docs/web.md, "The server's own cost"). tests/web/test_server_headers.py holds
    the bytes to waitress's own for every case its method decides (versions, Connection, lengths, 304)."""

    def build_response_header(self) -> bytes:
        has_body = self.has_body
        length, date, server = self._spell_headers(has_body)
        if length is None and self.content_length is not None and has_body:
            length = str(self.content_length)
            self.response_headers.append(("Content-Length", length))
        self._connection(length, has_body)
        ident = self.channel.server.adj.ident
        if server:
            self.response_headers.append(("Via", ident or "waitress"))
        elif ident:
            self.response_headers.append(("Server", ident))
        if not date:
            self.response_headers.append(("Date", http_date(self.start_time)))
        # Sorted by name only, so headers of one name keep their order (as waitress does).
        lines = [f"HTTP/{self.version} {self.status}"]
        lines += [f"{name}: {value}" for name, value in sorted(self.response_headers, key=lambda header: header[0])]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def _spell_headers(self, has_body: bool) -> tuple[str | None, str | None, str | None]:
        """The app's headers in waitress's spelling (a Content-Length dropped where there is no body); the
        Content-Length, Date and Server the app gave."""
        kept, length, date, server = [], None, None, None
        for name, value in self.response_headers:
            name = header_name(name)
            if name == "Content-Length":
                if not has_body:
                    continue
                length = value
            elif name == "Date":
                date = value
            elif name == "Server":
                server = value
            kept.append((name, value))
        self.response_headers = kept
        return length, date, server

    def _connection(self, length: str | None, has_body: bool) -> None:
        """Keep the connection open or close it after this answer, by HTTP version, Connection and length."""
        connection = self.request.headers.get("CONNECTION", "").lower()
        if self.version == "1.0":
            if connection == "keep-alive" and length:
                self.response_headers.append(("Connection", "Keep-Alive"))
            else:
                self.set_close_on_finish()
        elif self.version == "1.1":
            if connection == "close":
                self.set_close_on_finish()
            if not length:
                if has_body:
                    self.response_headers.append(("Transfer-Encoding", "chunked"))
                    self.chunked_response = True
                if not self.close_on_finish:
                    self.set_close_on_finish()
        else:
            raise AssertionError("neither HTTP/1.0 or HTTP/1.1")


class _HeadedChannel(HTTPChannel):
    error_task_class = _HeadedErrorTask
    task_class = _Task


# A worker thread of waitress sends what a response wrote as soon as it holds `send_bytes` (1 by
# default): the headers in one send, the body in another, from the worker. Held up to 18,000 bytes,
# a gzipped page (3 to 4 KB), a 304 or /healthz goes out whole from the I/O thread, which waitress
# wakes at the end of every request anyway: about a quarter less server CPU for each (docs/web.md,
# "The server's own cost"). It only holds bytes back until the app has returned; the app never
# streams. 64 KiB would hold the plain 31 KB board too (0.096 against 0.113 ms), but 32 of them
# waiting at once took the web's peak RSS from 39.9 to 41.4 MiB, past its 40 MiB target.
SEND_BYTES = 18000


def make_server(app, host: str, port: int, threads: int):
    """A waitress server bound to host:port (OSError when it cannot listen), not yet serving."""
    server = waitress.create_server(app, host=host, port=port, threads=threads, ident="", **WAITRESS_LIMITS)
    server.channel_class = _HeadedChannel  # read per accepted connection (waitress.server.BaseWSGIServer.handle_accept)
    # Set on the adjustments every channel reads (waitress.channel.HTTPChannel.write_soon), not passed
    # to create_server: waitress 3 warns that the keyword will go, and a release without it would
    # refuse to start; then this line sets an attribute nobody reads, and the web serves as before.
    if hasattr(server.adj, "send_bytes"):
        server.adj.send_bytes = SEND_BYTES
    return server
