"""The web's waitress task writes every answer's header block byte for byte as waitress's own does, and leaves
the task in the same state (whether the connection closes, whether the body is chunked), in every case
waitress's method decides: HTTP/1.0 and 1.1, Connection keep-alive or close, a length or none, 200, 204
and 304, a Date or Server the app gave, names in any case, headers of one name in their order."""

from __future__ import annotations

import itertools

import pytest
from waitress.adjustments import Adjustments
from waitress.parser import HTTPRequestParser
from waitress.task import WSGITask
from waitress.utilities import build_http_date

from puzzlesecretary_web.guard import SECURITY_HEADERS
from puzzlesecretary_web.server import _Task, header_name, http_date

PAGE = [("Cache-Control", "private, no-cache"), ("ETag", '"v-12-50-2026-12-03"'), ("Vary", "Accept-Encoding"),
        ("Content-Type", "text/html; charset=utf-8")]  # fmt: skip
EXTRAS = {
    "none": [],
    "length": [("Content-Length", "31000")],
    "lower-case length": [("content-length", "12")],
    "date": [("Date", "Thu, 01 Jan 1970 00:00:00 GMT")],
    "server": [("server", "elsewhere")],
    "twice": [("Set-Cookie", "a=1"), ("x-thing", "b"), ("Set-Cookie", "b=2")],
    "connection": [("Connection", "close")],
}


class _Server:
    def __init__(self, ident: str) -> None:
        self.adj = Adjustments(ident=ident)


class _Channel:
    def __init__(self, ident: str) -> None:
        self.server = _Server(ident)
        self.adj = self.server.adj


def _request(version: str, connection: str | None) -> HTTPRequestParser:
    request = HTTPRequestParser(Adjustments())
    head = f"GET /g/token HTTP/{version}\r\nHost: 127.0.0.1\r\n"
    if connection is not None:
        head += f"Connection: {connection}\r\n"
    request.received((head + "\r\n").encode("latin-1"))
    return request


def _answer(task_class, version, connection, status, extra, length, ident):
    task = task_class(_Channel(ident), _request(version, connection))
    task.start_time = 1_764_700_000.75
    task.status = status
    task.complete = True
    task.response_headers.extend([*PAGE, *EXTRAS[extra], *SECURITY_HEADERS])
    task.content_length = length
    head = task.build_response_header()
    return head, task.response_headers, task.close_on_finish, task.chunked_response


@pytest.mark.parametrize("version,connection", [("1.0", None), ("1.0", "keep-alive"), ("1.1", None), ("1.1", "close"),
                                                ("1.1", "Keep-Alive")])  # fmt: skip
def test_the_header_block_is_waitresss_own_in_every_case(version, connection):
    cases = itertools.product(("200 OK", "204 No Content", "304 Not Modified"), EXTRAS, (None, 31000), ("", "waitress"))
    for status, extra, length, ident in cases:
        ours = _answer(_Task, version, connection, status, extra, length, ident)
        theirs = _answer(WSGITask, version, connection, status, extra, length, ident)
        assert ours == theirs, (status, extra, length, ident)


def test_a_header_name_is_spelled_as_waitress_spells_it_and_remembered():
    assert header_name("etag") == "Etag"
    assert header_name("x-frame-options") == "X-Frame-Options"
    assert header_name("Content-Security-Policy") == "Content-Security-Policy"
    assert header_name("etag") is header_name("etag")


def test_the_date_is_made_once_a_second_and_names_that_second():
    assert http_date(1_764_700_000.1) == build_http_date(1_764_700_000.1)
    assert http_date(1_764_700_000.9) == build_http_date(1_764_700_000)
    assert http_date(1_764_700_001.0) == build_http_date(1_764_700_001) != build_http_date(1_764_700_000)
