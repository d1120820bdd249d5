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

CELL = re.compile(r"🟨|[1-5]\u20e3")


def placements(own: str) -> list[list[int]] | None:
    """Where the first five placements went, as [row, column] (1-based), in placing order.

    The grid is read as 36 cells in order, so a comment paste that put all six rows on one
    line reads the same as the app's six lines.
    """
    cells = CELL.findall(own.split("lnkd.in")[0])
    if len(cells) != 36:
        return None
    order = {int(c[0]): [i // 6 + 1, i % 6 + 1] for i, c in enumerate(cells) if c != "🟨"}
    return [order[k] for k in sorted(order)] if len(order) == 5 else None


def parse(text: str) -> Iterator[Found | Rejection]:
    for _, own, found in timed(text, "Tango", "tango", "Tango"):
        if isinstance(found, Found):
            where = placements(own)
            if where is not None:
                found.details["first_placements"] = where
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
