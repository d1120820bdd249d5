"""Chronophoto: `I got a score of 2952 on today's Chronophoto: 1/4/2024` (day first), five `Round N:
points` lines, the URL.

No puzzle number: the printed date is the puzzle. Score = points out of 5,000, higher is
better. Source: Trifase/giochini-bot games.py (Chronophoto examples, whose puzzle numbers put
1/4/2024 at day 126 after 6/3/2024 at day 100: the day comes first).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import each, iso_date

PATTERN = re.compile(
    r"I[ \t]+got[ \t]+a[ \t]+score[ \t]+of[ \t]+(?P<s>\d{1,4})[ \t]+on[ \t]+today['’]s[ \t]+Chronophoto:?[ \t]+"
    r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})",
    re.I,
)


def build(m: re.Match[str]) -> Found | None:
    day = iso_date(m.group("y"), m.group("m"), m.group("d"))
    if day is None or int(m.group("s")) > 5000:
        return None
    return Found(puzzle=None, date=day, solved=True, score=int(m.group("s")), max=5000)


GAME = Game(
    slug="chronophoto", name="Chronophoto", url="https://www.chronophoto.app/daily.html", unit="points",
    lower_is_better=False, fail_rule="as_printed", parse=each(PATTERN, build), max=5000, marker="chronophoto",
    names=("Chronophoto",),
)
