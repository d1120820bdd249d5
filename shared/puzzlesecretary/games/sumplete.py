"""Sumplete: `🧩 #Sumplete Daily 5x5 #1229 ⏱️ 00:28.25`, the board in keycaps, `Can you beat my time?
sumplete.com/`.

Score = seconds with hundredths, lower is better; the board size (5x5, 7x7, ...) is the variant,
so each size keeps its own score for the day. Source: Trifase/giochini-bot games.py (Sumplete
examples).
"""

from __future__ import annotations

import re

from ..results import Found, Rejection
from .base import NUMBER, Game, to_int
from .sharetext import duration, each

PATTERN = re.compile(
    rf"#Sumplete[ \t]+Daily[ \t]+(?P<size>\d{{1,2}}x\d{{1,2}})[ \t]+#(?P<n>{NUMBER})[ \t]+"
    r"⏱?[ \t]*(?P<t>\d{1,2}:\d{2}(?:\.\d+)?)",
    re.I,
)


def build(m: re.Match[str]) -> Found | Rejection:
    secs = duration(m.group("t"))
    if secs is None:
        return Rejection("sumplete", f"the Sumplete time {m.group('t')} is not a time", to_int(m.group("n")))
    details = {} if m.group("size") == "5x5" else {"variant": m.group("size")}
    return Found(puzzle=to_int(m.group("n")), solved=True, score=secs, details=details)


GAME = Game(
    slug="sumplete", name="Sumplete", url="https://sumplete.com", unit="seconds", lower_is_better=True,
    fail_rule="excluded", parse=each(PATTERN, build), marker="sumplete", names=("Sumplete",),
)
