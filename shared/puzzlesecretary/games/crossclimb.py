"""LinkedIn Crossclimb: `Crossclimb #478 | 0:57 and flawless`, then `Fill order: 1️⃣ 3️⃣ … ⬆️ ⬇️ 🪜`.

Score: the time in seconds (lower is better); no failure state. Older in-app layout:
`Crossclimb #225` then `0:38 🪜`. Header forms: see linkedin.py. Puzzle #1 was 2024-05-01,
launched with Queens and Pinpoint: AStrayByte/scoreboard-bot games/crossclimb.py
`start_date`, and Trifase/giochini-bot games.py (#163 on 2024-10-10) agree.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import Calendar, Game
from .linkedin import timed

FILL = re.compile(r":[ \t]*((?:\d\u20e3[ \t]*){2,})")


def parse(text: str) -> Iterator[Found | Rejection]:
    for _, own, found in timed(text, "Crossclimb", "crossclimb", "Crossclimb"):
        if isinstance(found, Found):
            fill = FILL.search(own)
            if fill:
                found.details["fill_order"] = [int(d) for d in re.findall(r"(\d)\u20e3", fill.group(1))]
        yield found


GAME = Game(
    slug="crossclimb",
    name="Crossclimb",
    url="https://www.linkedin.com/games/crossclimb/",
    unit="seconds",
    lower_is_better=True,
    fail_rule="excluded",
    parse=parse,
    calendar=Calendar(1, dt.date(2024, 5, 1)),
    marker="crossclimb",
)
