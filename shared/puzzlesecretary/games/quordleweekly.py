"""Weekly Quordle Challenge: `Weekly Quordle Challenge 143`, then the four boards as in the daily.

A separate numbering from the daily game, one puzzle a week. No public source dates a
challenge number, so this game has no calendar (StreakSync also refuses to date it); the
number alone keys the result. Source: StreakSync fixture
weekly_challenge, credited to wordlebot.gg.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Game
from .quordle import read_quordle

HEADER = re.compile(rf"(?<![A-Za-z])Weekly[ \t]+Quordle[ \t]+Challenge[ \t]+#?[ \t]*(?P<n>{NUMBER})[ \t]*$", re.MULTILINE)


def parse(text: str) -> Iterator[Found | Rejection]:
    return read_quordle(text, HEADER, "quordleweekly", "Weekly Quordle")


GAME = Game(
    slug="quordleweekly",
    name="Quordle Weekly Challenge",
    url="https://www.merriam-webster.com/games/quordle/",
    unit="guesses",
    lower_is_better=True,
    fail_rule="max_plus_one",
    parse=parse,
    max=30,
    marker="weekly quordle",
)
