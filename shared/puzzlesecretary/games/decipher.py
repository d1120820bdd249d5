"""Decipher: `Decipher #84`, `deciphered in ⏱ 3m 15s` (also `3h 1m 44s`, `39s`), stars, the URL; a
failure prints `💥 Failed`.

Score = seconds, lower is better. Source: Trifase/giochini-bot games.py (Decipher examples).
"""

from __future__ import annotations

import re

from ..results import Found, Rejection
from .base import NUMBER, Game, to_int
from .sharetext import duration, each

PATTERN = re.compile(
    rf"(?<![A-Za-z#@/.])Decipher[ \t]+#(?P<n>{NUMBER})[ \t]*\n[ \t]*(?:deciphered[ \t]+in[ \t]+⏱?[ \t]*(?P<t>[\d hms.]+?)[ \t]*$|"
    r"(?P<failed>💥[ \t]*Failed))",
    re.I | re.M,
)


def build(m: re.Match[str]) -> Found | Rejection:
    puzzle = to_int(m.group("n"))
    if m.group("failed"):
        return Found(puzzle=puzzle, solved=False, score=None)
    secs = duration(m.group("t"))
    if secs is None:
        return Rejection("decipher", f"the Decipher time {m.group('t')!r} is not a time", puzzle)
    return Found(puzzle=puzzle, solved=True, score=secs)


GAME = Game(
    slug="decipher", name="Decipher", url="https://decipher.wtf", unit="seconds", lower_is_better=True,
    fail_rule="excluded", parse=each(PATTERN, build), marker="decipher", names=("Decipher",),
)
