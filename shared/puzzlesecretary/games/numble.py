"""Numble: `Numble #832` (or `Numble 832`), `SOLVED: ✅` or `SOLVED: ❌`, `Numbers used: 6/6`,
`Final answer: 900`, the time (`50.538s`, `1m 28.660s`), the URL.

Score = seconds, lower is better; ❌ is a failure. Source: Trifase/giochini-bot games.py
(Numble examples).
"""

from __future__ import annotations

import re

from ..results import Found, Rejection
from .base import NUMBER, Game, to_int
from .sharetext import duration, each

PATTERN = re.compile(
    rf"(?<![A-Za-z#@/.])Numble[ \t]+#?(?P<n>{NUMBER})[ \t]*\nSOLVED:[ \t]*(?P<ok>✅|❌)[^\n]*\n(?:[^\n]*\n){{0,3}}?"
    r"[ \t]*(?P<t>(?:\d+[ \t]*m[ \t]*)?\d*(?:\.\d+)?s)[ \t]*$",
    re.I | re.M,
)


def build(m: re.Match[str]) -> Found | Rejection:
    puzzle = to_int(m.group("n"))
    if m.group("ok") == "❌":
        return Found(puzzle=puzzle, solved=False, score=None, details={"time": m.group("t")})
    secs = duration(m.group("t"))
    if secs is None:
        return Rejection("numble", f"the Numble time {m.group('t')!r} is not a time", puzzle)
    return Found(puzzle=puzzle, solved=True, score=secs)


GAME = Game(
    slug="numble", name="Numble", url="https://numble.wtf", unit="seconds", lower_is_better=True,
    fail_rule="excluded", parse=each(PATTERN, build), marker="numble", names=("Numble",),
)
