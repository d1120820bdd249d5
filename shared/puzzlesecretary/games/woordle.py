"""Woordle, the Dutch Wordle: `Woordle 218 3/6`, a blank line, rows of five squares.

`Woordle6` (six-letter words, its own numbering) is a different game and does not count.
Sources: ../shared/notes/peers.md "Wordle clones in other languages"; gitlab
RensOliemans/wordleparse tests (test_woordle, test_basic_wordle_message_parsed). Woordle
numbers with Wordle's calendar, puzzle 0 on 2021-06-19: the dated WhatsApp lines in those
tests have `Woordle 218` on 2022-01-23 and `Woordle 227` on 2022-02-01, and `Wordle 223` on
2022-01-28.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game
from .wordlike import parse_wordlike

HEADER = re.compile(rf"(?<![A-Za-z#@])Woordle[ \t]+#?(?P<n>{NUMBER})[ \t]+(?P<s>[1-6Xx])/6(?P<hard>\*?)")
SQUARES = "🟩🟨⬛⬜🟧🟦"


def parse(text: str) -> Iterator[Found | Rejection]:
    yield from parse_wordlike(text, HEADER, "woordle", "Woordle", SQUARES, width=5)


GAME = Game(
    slug="woordle",
    name="Woordle",
    url="https://woordle.nl",
    unit="guesses",
    lower_is_better=True,
    fail_rule="max_plus_one",
    parse=parse,
    calendar=Calendar(0, dt.date(2021, 6, 19)),
    max=6,
    marker="woordle",
)
