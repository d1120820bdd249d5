"""The Daily Snoop (Shockwave): `Daily SNOOP 25/05/17 completed in 01:58.10.` (year, month and day of
two digits each), a strip of the objects found (🔍 a hint), then the Shockwave URL.

No puzzle number: the printed date is the puzzle. Score = seconds with hundredths, lower is
better. Source: Trifase/giochini-bot games.py (Snoop examples; its day 100 is 2025-05-17, so
the date reads year first).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import duration, each, iso_date

PATTERN = re.compile(
    r"Daily[ \t]+SNOOP[ \t]+(?P<y>\d{2})/(?P<m>\d{2})/(?P<d>\d{2})"
    r"[ \t]+completed[ \t]+in[ \t]+(?P<t>\d{1,2}:\d{2}(?:\.\d+)?)", re.I
)


def build(m: re.Match[str]) -> Found | None:
    day = iso_date("20" + m.group("y"), m.group("m"), m.group("d"))
    secs = duration(m.group("t"))
    if day is None or secs is None:
        return None
    return Found(puzzle=None, date=day, solved=True, score=secs)


GAME = Game(
    slug="snoop", name="Daily Snoop", url="https://www.shockwave.com/gamelanding/the-daily-snoop-a-hidden-object-game",
    unit="seconds", lower_is_better=True, fail_rule="excluded", parse=each(PATTERN, build), marker="snoop",
    names=("Daily Snoop",),
)
