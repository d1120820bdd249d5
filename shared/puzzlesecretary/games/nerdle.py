"""Nerdle: `nerdlegame 728 3/6` (older `Nerdle 13 4/6`), rows of eight squares, then
`https://nerdlegame.com #nerdle`.

🟩 right character and place, 🟪 right character wrong place, ⬛ (⬜ in light mode) absent.
Mini Nerdle and the other variants carry their own numbers and are not this game.
Sources: wordleparse test_nerdle, StreakSync fixtures.
Puzzle 0 was 2022-01-19: wordleparse's dated WhatsApp line has `Nerdle 13` on 2022-02-01,
and StreakSync anchors #1658 to 2026-08-04; both agree.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game
from .wordlike import parse_wordlike

HEADER = re.compile(
    r"(?<![A-Za-z#@])(?<!mini )(?<!Mini )(?<!micro )(?<!Micro )"
    rf"(?:nerdlegame|Nerdle)[ \t]+#?(?P<n>{NUMBER})[ \t]+(?P<s>[1-6Xx])/6\b"
)
SQUARES = "🟩🟪⬛⬜"


def parse(text: str) -> Iterator[Found | Rejection]:
    yield from parse_wordlike(text, HEADER, "nerdle", "Nerdle", SQUARES, width=8)


GAME = Game(
    slug="nerdle",
    name="Nerdle",
    url="https://nerdlegame.com",
    unit="guesses",
    lower_is_better=True,
    fail_rule="max_plus_one",
    parse=parse,
    calendar=Calendar(0, dt.date(2022, 1, 19)),
    max=6,
    marker="nerdle",
)
