"""Daily Quordle (Merriam-Webster): `Daily Quordle 1190` (sometimes `#1190`, often with a mood
emoji glued in front), then two rows of two keycap digits, one per board, 🟥 for a board not
solved, then `m-w.com/games/quordle/`.

The share prints no total, so the score is the sum of the four boards' guesses (at most
9+8+7+6 = 30) when all four were solved, and None otherwise. Sources:
StreakSync fixtures credited to wordlebot.gg; puzzle 0 was 2022-01-24 (a Discord
bot's QuordleGuessInfo.creation_day; StreakSync's anchor #1656 = 2026-08-07 agrees).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game
from .boards import quordle_found, read_boards

HEADER = re.compile(rf"(?<![A-Za-z])Daily[ \t]+Quordle[ \t]+#?[ \t]*(?P<n>{NUMBER})[ \t]*$", re.MULTILINE)


def read_quordle(text: str, header: re.Pattern[str], slug: str, name: str) -> Iterator[Found | Rejection]:
    """The four keycap boards under each `header` match, scored as their sum (shared with the weekly)."""
    for item in read_boards(text, header, slug, name, rows=2, limit=9):
        if isinstance(item, Rejection):
            yield item
            continue
        puzzle, _, counts = item
        yield quordle_found(puzzle, counts)


def parse(text: str) -> Iterator[Found | Rejection]:
    return read_quordle(text, HEADER, "quordle", "Daily Quordle")


GAME = Game(
    slug="quordle",
    name="Quordle",
    url="https://www.merriam-webster.com/games/quordle/",
    unit="guesses",
    lower_is_better=True,
    fail_rule="max_plus_one",
    parse=parse,
    calendar=Calendar(0, dt.date(2022, 1, 24)),
    max=30,
    marker="quordle",
)
