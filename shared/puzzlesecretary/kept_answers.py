"""A receive answer kept as the raw copy of its envelopes (a raw_event of kind `answer`, status `archived`): pure.

signal-ingest applies an answer whose envelopes are all ordinary straight from its row
(containers/signal-ingest whole_answers.py), so the row holds many senders' envelopes, each with
its bytes as received. Forgetting a player must erase theirs and keep the others': `without`
drops the elements that mention one of the player's ids, and keeps each other element's bytes.
"""

from __future__ import annotations

from .json_elements import split

ANSWER = "answer"  # the kind of such a row
# Its status once applied whole (an answer still `received` waits to be cut). As long as `received`, so that
# setting it rewrites the row in place: SQLite then writes 2 pages of a 27 KiB answer, not its 15 (docs/performance.md).
APPLIED = "archived"


def without(payload: bytes, needles: list[bytes]) -> bytes:
    """The answer less its elements that mention one of `needles`; empty when it cannot be read (nothing kept is safer)."""
    pieces = split(payload)
    if any(not piece.ok or piece.invalid_utf8 for piece in pieces):
        return b""
    kept = [piece.payload for piece in pieces if not any(n in piece.payload for n in needles)]
    return b"[" + b",".join(kept) + b"]" if kept else b""
