"""LinkedIn Zip: `Zip #114 | 0:06 and flawless 🏁`, then `With no backtracks 🟢` or
`With 2 backtracks 🛑` (localized: `Avec 30 retours en arrière 🛑`, `Sin ningún retroceso 🟢`).

Score: the time in seconds (lower is better); no failure state. The backtrack count goes in
details. Header forms: see linkedin.py. Puzzle #1 was 2025-03-18: AStrayByte/scoreboard-bot
games/zip.py `start_date`, and Trifase/giochini-bot games.py (#2 on 2025-03-19) agree.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import Calendar, Game
from .linkedin import timed

COUNT = re.compile(r"\d+")


def backtracks(own: str) -> int | None:
    for line in own.split("\n"):
        if "🟢" in line:
            return 0
        if "🛑" in line:
            m = COUNT.search(line)
            return int(m.group()) if m else None
    return None


def parse(text: str) -> Iterator[Found | Rejection]:
    for _, own, found in timed(text, "Zip", "zip", "Zip"):
        if isinstance(found, Found):
            found.details["backtracks"] = backtracks(own)
        yield found


GAME = Game(
    slug="zip",
    name="Zip",
    url="https://www.linkedin.com/games/zip/",
    unit="seconds",
    lower_is_better=True,
    fail_rule="excluded",
    parse=parse,
    calendar=Calendar(1, dt.date(2025, 3, 18)),
    marker="zip",
)
