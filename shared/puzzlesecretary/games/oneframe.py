"""Framed's One Frame Challenge: `Framed - One Frame Challenge #9`, then a 🎥 strip.

Scored like Framed (position of 🟩, no 🟩 = failure) and kept on its own board. Two forms are
posted: the mode's first weeks had its own numbers and six tries (`#9`, `🎥 🟥 🟥 🟥 🟥 🟥 🟥`,
#9 on 2024-12-11); later shares carry Framed's own number and the one try the mode is named for
(`Framed - One Frame Challenge #1427`, `🎥 🟥`). A number from Framed's range is dated with
Framed's calendar. URL `https://framed.wtf/one-frame`. Sources: Trifase/giochini-bot games.py
(FramedOneFrame examples); brianp-develop/DlesFormatter docs/EXAMPLES.md (the one-try form);
zwalsh/dailygames and PuzzleTracker name the mode.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game
from .framed import GAME as FRAMED
from .framed import read

OWN = Calendar(9, dt.date(2024, 12, 11))
# The mode's own numbers never reached this; Framed's were past 900 when the mode began.
FRAMED_RANGE = 500

HEADER = re.compile(rf"Framed[ \t]*[-–—:][ \t]*One[ \t-]*Frame(?:[ \t]+Challenge)?[ \t]*#(?P<n>{NUMBER})(?!\d)", re.I)


def parse(text: str) -> Iterator[Found | Rejection]:
    for found in read(text, HEADER, "oneframe", "One Frame", shortest=1):
        # (parse.py refuses numbers past any calendar; they are not dated here either.)
        if isinstance(found, Found) and found.puzzle is not None and found.puzzle <= 100_000:
            calendar = FRAMED.calendar if found.puzzle >= FRAMED_RANGE else OWN
            found = replace(found, date=calendar.date_of(found.puzzle))
        yield found


GAME = Game(
    slug="oneframe",
    name="Framed: One Frame",
    url="https://framed.wtf/one-frame",
    unit="guesses",
    lower_is_better=True,
    fail_rule="max_plus_one",
    parse=parse,
    calendar=OWN,
    max=6,
    marker="frame",
)
