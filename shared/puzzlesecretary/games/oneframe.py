"""Framed's One Frame Challenge: `Framed - One Frame Challenge #9`, then the same 🎥 strip.

Scored like Framed (position of 🟩, no 🟩 = failure) but numbered on its own and kept on its
own board. URL `https://framed.wtf/one-frame`. Sources: Trifase/giochini-bot games.py
(FramedOneFrame: #9 on 2024-12-11, so #1 was 2024-12-03); zwalsh/dailygames and
PuzzleTracker name the mode (../shared/notes/peers.md "Framed").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game
from .framed import read

HEADER = re.compile(rf"Framed[ \t]*[-–—:][ \t]*One[ \t-]*Frame(?:[ \t]+Challenge)?[ \t]*#(?P<n>{NUMBER})(?!\d)", re.I)


def parse(text: str) -> Iterator[Found | Rejection]:
    yield from read(text, HEADER, "oneframe", "One Frame")


GAME = Game(
    slug="oneframe",
    name="Framed: One Frame",
    url="https://framed.wtf/one-frame",
    unit="guesses",
    lower_is_better=True,
    fail_rule="max_plus_one",
    parse=parse,
    calendar=Calendar(9, dt.date(2024, 12, 11)),
    max=6,
    marker="frame",
)
