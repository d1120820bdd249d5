"""Moviedle: `#Moviedle #2024-03-08`, then `🎥 ⬛️ ⬛️ 🟩 ⬜️ ⬜️ ⬜️`, then the URL.

Identified by its date, not a number: the date in the header is the puzzle's date. Score:
the position of 🟩 among six clips (⬛ skipped, 🟥 wrong, ⬜ unused); no 🟩 is a failure.
The URL has moved (moviedle.app, likewisetv.com/arcade/moviedle, pix-media.com/games/
moviedle) and is not needed. Sources: Trifase/giochini-bot games.py (Moviedle examples);
pmealey moviedle1-parser.ts.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import Game
from .strips import first_green, strip_after

HEADER = re.compile(r"#Moviedle[ \t]+#(?P<d>\d{4}-\d{2}-\d{2})(?!\d)")
SQUARES = "⬛🟥🟩⬜"


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        try:
            day = dt.date.fromisoformat(m.group("d"))
        except ValueError:
            yield Rejection("moviedle", f"#{m.group('d')} is not a date")
            continue
        strip = strip_after(text, m.end(), SQUARES, "🎥")
        if strip is None or len(strip) != 6:
            yield Rejection("moviedle", "a Moviedle header with no 🎥 row of six clips does not count")
            continue
        guesses = first_green(strip)
        yield Found(puzzle=None, solved=guesses is not None, score=guesses, max=6, date=day, details={"strip": "".join(strip)})


GAME = Game(
    slug="moviedle",
    name="Moviedle",
    url="https://moviedle.app",
    unit="guesses",
    lower_is_better=True,
    fail_rule="max_plus_one",
    parse=parse,
    max=6,
    marker="moviedle",
)
