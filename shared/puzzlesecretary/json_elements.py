"""Cutting a JSON array (a Signal receive response, an answer kept whole) into its elements, keeping each one's bytes:
pure, no I/O.

signal-cli-rest-api answers a receive with signal-cli's output lines joined as `[line,line]`
(client.go Receive), so one bad line makes the whole body invalid JSON. Each element is cut
out on its own: a malformed one becomes a bad piece and the elements behind it still count.
Valid JSON that Python cannot read safely is a bad piece too: a number of more than 4,300
digits (CPython's int conversion limit raises ValueError), or nesting deep enough to raise
RecursionError here or later, when the stored element is read again from a deeper stack.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

_DECODER = json.JSONDecoder()
_WHITESPACE = re.compile(r"[ \t\r\n]*")
# Where the next element may start after a malformed one: a comma, then an object.
_NEXT = re.compile(r",[ \t\r\n]*\{")
# signal-cli's envelopes nest about 6 deep (envelope > dataMessage > quote > mentions > item);
# far deeper is no envelope, and reading it again later could raise RecursionError.
MAX_DEPTH = 64


@dataclass(frozen=True)
class Piece:
    """One element of a response: its exact bytes, and its value unless it is malformed."""

    payload: bytes
    value: Any = None
    error: str | None = None  # why the element could not be read
    invalid_utf8: bool = False  # read with U+FFFD in place of the bad bytes

    @property
    def ok(self) -> bool:
        return self.error is None


def split(body: bytes) -> list[Piece]:
    """The elements of a receive response body, in their order."""
    text = body.decode("utf-8", "surrogateescape")
    start = _skip(text, 0)
    if start >= len(text):
        return [Piece(body, error="empty response")] if body else []
    if text[start] != "[":
        return [_piece(text[start:].rstrip(), "not a JSON array")]
    pieces: list[Piece] = []
    i = _skip(text, start + 1)
    if text.startswith("]", i):
        return _trailing(text, i + 1, pieces)
    while i < len(text):
        try:
            value, end = _decode(text, i)
        except _UNREADABLE as error:
            reason = _reason(error, i)
            chunk, i = _bad_run(text, i)
            pieces.append(_piece(chunk, reason))
            continue
        pieces.append(_piece(text[i:end], None, value))
        j = _skip(text, end)
        if text.startswith(",", j):
            i = _skip(text, j + 1)
        elif text.startswith("]", j):
            return _trailing(text, j + 1, pieces)
        else:
            chunk, i = _bad_run(text, j)
            if chunk:
                pieces.append(_piece(chunk, "unexpected text between elements"))
    return pieces


def values(body: bytes) -> list[Any] | None:
    """The decoded elements of a body that is a JSON array of readable elements and valid UTF-8 throughout, else None.

    `[p.value for p in split(body)]` when every piece is ok and none is invalid UTF-8, without cutting out and
    re-encoding each element's bytes: what an answer applied whole reads (signal-ingest's whole_answers). None for
    anything else, which `split` tells piece by piece.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    i = _skip(text, 0)
    if not text.startswith("[", i):
        return None
    out: list[Any] = []
    i = _skip(text, i + 1)
    if text.startswith("]", i):
        return None if text[i + 1 :].strip() else out
    while True:
        try:
            value, end = _decode(text, i)
        except _UNREADABLE:
            return None
        out.append(value)
        j = _skip(text, end)
        if text.startswith(",", j):
            i = _skip(text, j + 1)
        elif text.startswith("]", j):
            return None if text[j + 1 :].strip() else out
        else:
            return None


class TooDeep(ValueError):
    """An element nested deeper than MAX_DEPTH."""


# What reading one element may raise: malformed JSON, a number past the int limit, deep nesting.
_UNREADABLE = (ValueError, RecursionError)


def _decode(text: str, i: int) -> tuple[Any, int]:
    value, end = _DECODER.raw_decode(text, i)
    # Nesting needs an opening bracket per level: an element with few of them (in strings too)
    # cannot be too deep, and is not walked (an envelope has about 10).
    if text.count("{", i, end) + text.count("[", i, end) > MAX_DEPTH and _depth(value) > MAX_DEPTH:
        raise TooDeep(f"nested more than {MAX_DEPTH} deep")
    return value, end


def _depth(value: Any) -> int:
    """How deep containers nest in a decoded value, without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


def _reason(error: Exception, start: int) -> str:
    """Why an element could not be read, in one line."""
    if isinstance(error, json.JSONDecodeError):
        return f"malformed JSON: {error.msg} at byte {error.pos - start}"
    if isinstance(error, RecursionError):
        return "unreadable JSON: nested too deep to read"
    return f"unreadable JSON: {error}"


def _skip(text: str, i: int) -> int:
    return _WHITESPACE.match(text, i).end()


def _trailing(text: str, i: int, pieces: list[Piece]) -> list[Piece]:
    rest = text[i:].strip()
    if rest:
        pieces.append(_piece(rest, "unexpected text after the array"))
    return pieces


def _bad_run(text: str, i: int) -> tuple[str, int]:
    """The unreadable text from `i` up to the next readable envelope (or the end), and where to go on."""
    resume = _recover(text, i)
    chunk = text[i:resume].rstrip()
    if resume >= len(text) and chunk.endswith("]"):
        chunk = chunk[:-1].rstrip()
    return chunk, resume + 1


def _recover(text: str, i: int) -> int:
    """The position of the comma before the next readable envelope, or the end of the text."""
    for match in _NEXT.finditer(text, i):
        brace = match.end() - 1
        try:
            value, _ = _decode(text, brace)
        except _UNREADABLE:
            continue
        if isinstance(value, dict) and ("envelope" in value or "exception" in value):
            return match.start()
    return len(text)


_UNDECODED = object()


def _piece(chunk: str, error: str | None, value: Any = _UNDECODED) -> Piece:
    """A piece of `chunk`; `value` is the chunk decoded already (split's raw_decode), kept when its bytes are UTF-8."""
    payload = chunk.encode("utf-8", "surrogateescape")
    try:
        clean = payload.decode("utf-8")
        invalid = False
    except UnicodeDecodeError:
        clean = payload.decode("utf-8", "replace")
        invalid = True
    if error is not None:
        return Piece(payload, error=error, invalid_utf8=invalid)
    if invalid:
        # Decode again from the repaired text, so no lone surrogate reaches the store.
        return Piece(payload, json.loads(clean), invalid_utf8=True)
    # Valid UTF-8: the text decoded is the chunk itself, so its value is the one decoded already.
    return Piece(payload, json.loads(clean) if value is _UNDECODED else value)
