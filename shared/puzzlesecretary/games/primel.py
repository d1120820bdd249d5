"""Primel, Wordle with five-digit primes: `Primel 22 4/6`, a blank line, rows of five squares.

Sources: gitlab RensOliemans/wordleparse tests (test_primel). Its dated WhatsApp line has
`Primel 22` on 2022-01-23, so puzzle 0 is taken as 2022-01-01 (one sample: a share sent a day
late would move it by a day).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game
from .wordlike import parse_wordlike

HEADER = re.compile(rf"(?<![A-Za-z#@])Primel[ \t]+#?(?P<n>{NUMBER})[ \t]+(?P<s>[1-6Xx])/6(?P<hard>\*?)")
SQUARES = "🟩🟨⬛⬜🟧🟦"


def parse(text: str) -> Iterator[Found | Rejection]:
    yield from parse_wordlike(text, HEADER, "primel", "Primel", SQUARES, width=5)


GAME = Game(
    slug="primel",
    name="Primel",
    url="https://converged.yt/primel/",
    unit="guesses",
    lower_is_better=True,
    fail_rule="max_plus_one",
    parse=parse,
    calendar=Calendar(0, dt.date(2022, 1, 1)),
    max=6,
    marker="primel",
)
