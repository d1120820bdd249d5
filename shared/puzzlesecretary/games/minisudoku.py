"""LinkedIn Mini Sudoku: `Mini Sudoku #10 | 10:45  ✏️` (plus the 2026 flawless wording).

Score: the time in seconds (lower is better); no failure state. A pasted link preview adds
`Mini Sudoku, a puzzle by LinkedIn.`, which has no number and is ignored. Header forms: see
linkedin.py. Puzzle #1 was 2025-08-12: AStrayByte/scoreboard-bot games/mini_sudoku.py
`start_date` (docstring example included).
"""

from __future__ import annotations

import datetime as dt
from typing import Iterator

from ..results import Found, Rejection
from .base import Calendar, Game
from .linkedin import timed


def parse(text: str) -> Iterator[Found | Rejection]:
    for _, _own, found in timed(text, r"Mini[ \t]+Sudoku", "minisudoku", "Mini Sudoku"):
        yield found


GAME = Game(
    slug="minisudoku",
    name="Mini Sudoku",
    url="https://www.linkedin.com/games/mini-sudoku/",
    unit="seconds",
    lower_is_better=True,
    fail_rule="excluded",
    parse=parse,
    calendar=Calendar(1, dt.date(2025, 8, 12)),
    marker="sudoku",
)
