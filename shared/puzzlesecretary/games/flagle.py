"""Flagle: `#Flagle #905 (14.08.2024) 2/6`, then the flag as two rows of three squares.

🟩 marks a revealed tile that matched; the share prints its own date (DD.MM.YYYY), used as
the puzzle's date. A line of bonus-round emoji (🗺🛡⛳🧭👫🪙) may follow. Sources:
zwalsh/dailygames FlagleFixtures.kt (#905 on 2024-08-14); Trifase/giochini-bot games.py
(#564 on 2023-09-08), which agree: #1 was 2022-02-22.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game, to_int
from .grids import grid_after

HEADER = re.compile(
    rf"#Flagle[ \t]*#(?P<n>{NUMBER})[ \t]*(?:\((?P<date>\d{{1,2}}\.\d{{1,2}}\.\d{{4}})\)[ \t]*)?(?P<s>[1-6Xx])/6"
)
BONUS = "🗺🛡⛳🧭👫🪙"


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        puzzle = to_int(m.group("n"))
        date = None
        if m.group("date"):
            try:
                date = dt.datetime.strptime(m.group("date"), "%d.%m.%Y").date()
            except ValueError:
                yield Rejection("flagle", f"({m.group('date')}) is not a date", puzzle)
                continue
        failed = m.group("s") in "Xx"
        rows = grid_after(text, m.end(), "🟩🟥⬜⬛", width=3, limit=2)
        after = text[m.end():].split("\n")[len(rows) + 1 : len(rows) + 2]
        bonus = sum(after[0].count(c) for c in BONUS) if after else 0
        yield Found(
            puzzle=puzzle,
            solved=not failed,
            score=None if failed else int(m.group("s")),
            max=6,
            date=date,
            details={"grid": rows, "bonus": bonus},
        )


GAME = Game(
    slug="flagle",
    name="Flagle",
    url="https://www.flagle.io",
    unit="guesses",
    lower_is_better=True,
    fail_rule="max_plus_one",
    parse=parse,
    calendar=Calendar(905, dt.date(2024, 8, 14)),
    max=6,
    marker="flagle",
)
