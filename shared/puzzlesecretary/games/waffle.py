"""Waffle: `#waffle1717 5/5` (no space after the name), a 5x5 grid, `🔥 streak: N`, a badge
hashtag and `wafflegame.net`.

The score is the stars left (swaps unused), higher is better, 0/5 is still a win; `X/5` is a
failure. Some shares carry extra blank lines around the grid. `#deluxewaffle` is the weekly
game and does not count here. Sources: PuzzleTracker
tests/fixtures/share-texts.json ("waffle"); wordleparse test_waffle; DlesFormatter tests.
Puzzle 0 was 2022-01-21: wordleparse's dated line has `#waffle72` on 2022-04-03, and
PuzzleTracker's samples gathered around 2026-10-04 show #1717; both agree.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import Calendar, Game
from .grids import grid_after

HEADER = re.compile(r"(?<![A-Za-z0-9])#waffle(?P<n>\d+)[ \t]+(?P<s>[0-5Xx])/5\b", re.IGNORECASE)
CELLS = "🟩⬜⬛⭐🟨"
STREAK = re.compile(r"streak:[ \t]*(?P<k>\d+)", re.IGNORECASE)


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        puzzle = int(m.group("n"))
        failed = m.group("s") in "Xx"
        rows = grid_after(text, m.end(), CELLS, width=5, limit=5)
        stars = None if failed else int(m.group("s"))
        if rows and stars is not None and sum(r.count("⭐") for r in rows) != stars:
            shown = sum(r.count("⭐") for r in rows)
            yield Rejection("waffle", f"the grid shows {shown} stars but the header says {stars}/5", puzzle)
            continue
        streak = STREAK.search(text, m.end())
        yield Found(
            puzzle=puzzle,
            solved=not failed,
            score=stars,
            max=5,
            details={"grid": rows} | ({"streak": int(streak.group("k"))} if streak else {}),
        )


GAME = Game(
    slug="waffle",
    name="Waffle",
    url="https://wafflegame.net",
    unit="stars",
    lower_is_better=False,
    fail_rule="zero",
    parse=parse,
    calendar=Calendar(0, dt.date(2022, 1, 21)),
    max=5,
    marker="waffle",
)
