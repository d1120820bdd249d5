"""LinkedIn Queens: `Queens #887 | 0:40 with no mistakes`, then `First 👑s: 🟥 🟨 🟥`.

Score: the time in seconds (lower is better); Queens has no failure. `First 👑s` lists the
colours of the first three crowns placed (localized: `Ai primi posti 👑:`, `Erste 👑:`,
`Premières 👑 :`). Header forms: see linkedin.py. Puzzle #1 was 2024-05-01: AStrayByte/
scoreboard-bot games/queens.py `start_date`, and Trifase/giochini-bot games.py (#161 on
2024-10-08) agree.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import Calendar, Game
from .linkedin import timed

CROWNS = re.compile(r"👑s?[^\n:👑]{0,30}:[ \t]*(?P<colours>(?:[🟥🟧🟨🟩🟦🟪🟫⬜⬛][ \t]*){1,9})")


def parse(text: str) -> Iterator[Found | Rejection]:
    for _, own, found in timed(text, "Queens", "queens", "Queens"):
        if isinstance(found, Found):
            crowns = CROWNS.search(own)
            if crowns:
                found.details["first_crowns"] = crowns.group("colours").replace(" ", "").replace("\t", "")
        yield found


GAME = Game(
    slug="queens",
    name="Queens",
    url="https://www.linkedin.com/games/queens/",
    unit="seconds",
    lower_is_better=True,
    fail_rule="excluded",
    parse=parse,
    calendar=Calendar(1, dt.date(2024, 5, 1)),
    marker="queens",
)
