"""Daily Squardle (fubargames.se): a sentence, a board, the link.

- a win: `I won Daily Squardle #37 with 2 guesses to spare!`
- a loss: `I solved 19/21 squares in Daily Squardle #50`

The score is the guesses to spare (higher is better); a loss has none and keeps its squares
solved in details. Weekly Squardle has its own numbering and does not count here. Not to be
confused with Squaredle (squaredle.app), another game. Sources:
gitlab RensOliemans/wordleparse tests (test_squardle_win,
test_squardle_loss). Puzzle 0 was 2022-02-03: those tests' dated lines have #37 on 2022-03-12
and #50 on 2022-03-25, which agree.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import Calendar, Game

WIN = re.compile(
    r"I[ \t]+won[ \t]+Daily[ \t]+Squardle[ \t]+#(?P<n>\d+)[ \t]+with[ \t]+(?P<spare>\d+)[ \t]+guess(?:es)?[ \t]+to[ \t]+spare",
    re.IGNORECASE,
)
LOSS = re.compile(
    r"I[ \t]+solved[ \t]+(?P<got>\d+)/(?P<of>\d+)[ \t]+squares[ \t]+in[ \t]+Daily[ \t]+Squardle[ \t]+#(?P<n>\d+)", re.IGNORECASE
)


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in WIN.finditer(text):
        yield Found(puzzle=int(m.group("n")), solved=True, score=int(m.group("spare")), details={})
    for m in LOSS.finditer(text):
        puzzle, got, of = int(m.group("n")), int(m.group("got")), int(m.group("of"))
        if got > of:
            yield Rejection("squardle", f"{got} of {of} squares cannot be solved", puzzle)
            continue
        if got == of:
            yield Rejection("squardle", "a Squardle with every square solved is shared as a win, not as squares", puzzle)
            continue
        yield Found(puzzle=puzzle, solved=False, score=None, details={"squares": got, "of": of})


GAME = Game(
    slug="squardle",
    name="Squardle",
    url="https://fubargames.se/squardle/",
    unit="guesses",
    lower_is_better=False,
    fail_rule="zero",
    parse=parse,
    calendar=Calendar(0, dt.date(2022, 2, 3)),
    marker="squardle",
)
