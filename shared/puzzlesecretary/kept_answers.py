"""A receive answer kept as the raw copy of its envelopes (a raw_event of kind `answer`, status `archived`): pure.

signal-ingest applies an answer whose envelopes are all ordinary straight from its row
(containers/signal-ingest whole_answers.py), so the row holds many senders' envelopes, each with
its bytes as received. Forgetting a player must erase theirs and keep the others': `without`
drops the elements that mention one of the player's ids, and keeps each other element's bytes.
"""

from __future__ import annotations

import json
import re

ANSWER = "answer"  # the kind of such a row
# Its status once applied whole (an answer still `received` waits to be cut). As long as `received`, so that
# setting it rewrites the row in place: SQLite then writes 2 pages of a 27 KiB answer, not its 15 (docs/performance.md).
APPLIED = "archived"

_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\r\n]*")


def elements(payload: bytes) -> list[bytes]:
    """The bytes of each element of a JSON array; ValueError when the payload is not one."""
    text = payload.decode("utf-8")
    i = _SPACE.match(text, 0).end()
    if not text.startswith("[", i):
        raise ValueError("not a JSON array")
    out: list[bytes] = []
    i = _SPACE.match(text, i + 1).end()
    if text.startswith("]", i):
        return out
    while True:
        _, end = _DECODER.raw_decode(text, i)
        out.append(text[i:end].encode("utf-8"))
        i = _SPACE.match(text, end).end()
        if text.startswith(",", i):
            i = _SPACE.match(text, i + 1).end()
        elif text.startswith("]", i) and not text[i + 1 :].strip():
            return out
        else:
            raise ValueError(f"unexpected text at {i}")


def without(payload: bytes, needles: list[bytes]) -> bytes:
    """The answer less its elements that mention one of `needles`; empty when it cannot be read (nothing kept is safer)."""
    try:
        kept = [element for element in elements(payload) if not any(n in element for n in needles)]
    except (ValueError, RecursionError):
        return b""
    return b"[" + b",".join(kept) + b"]" if kept else b""
