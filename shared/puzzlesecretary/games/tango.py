"""LinkedIn Tango: `Tango #275 | 0:25 and flawless`, `First 5 placements:` and a 6×6 grid.

Score: the time in seconds (lower is better); no failure state. The grid marks the first
five placements with keycaps 1–5 on 🟨 cells. Header forms: see linkedin.py. Puzzle #1 was
2024-10-08: AStrayByte/scoreboard-bot games/tango.py `start_date`, and Trifase/giochini-bot
games.py (#3 on 2024-10-10) agree.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import Calendar, Game
from .linkedin import timed

KEYCAP = re.compile(r"([1-5])\u20e3")


def parse(text: str) -> Iterator[Found | Rejection]:
    for _, own, found in timed(text, "Tango", "tango", "Tango"):
        if isinstance(found, Found):
            rows = [line.replace(" ", "") for line in own.split("\n") if line.count("🟨") + line.count("\u20e3") >= 6]
            if rows:
                # Where each of the first five placements went, as (row, column), 1-based.
                order = {}
                for r, row in enumerate(rows[:6], 1):
                    col = 0
                    i = 0
                    while i < len(row):
                        if row[i] == "🟨":
                            col += 1
                        elif row[i].isdigit() and row[i + 1 : i + 2] == "\u20e3":
                            col += 1
                            order[int(row[i])] = [r, col]
                            i += 1
                        i += 1
                found.details["first_placements"] = [order[k] for k in sorted(order)]
        yield found


GAME = Game(
    slug="tango",
    name="Tango",
    url="https://www.linkedin.com/games/tango/",
    unit="seconds",
    lower_is_better=True,
    fail_rule="excluded",
    parse=parse,
    calendar=Calendar(1, dt.date(2024, 10, 8)),
    marker="tango",
)
