"""HighFive: `🖐 I scored 27 points on today's HighFive! Can you beat me?`, rows of coloured circles
(one row per word length), then `https://highfivegame.app/2024-02-28`.

The date in the URL is the puzzle (a share without it is of the day it is sent). Score =
points, higher is better. Source: Trifase/giochini-bot games.py (HighFive example, kept in a
commented-out class there).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import each, iso_date

PATTERN = re.compile(
    r"I[ \t]+scored[ \t]+(?P<s>\d{1,4})[ \t]+points?[ \t]+on[ \t]+today['’]s[ \t]+HighFive!"
    r"(?:(?:[^\n]*\n){1,12}?[^\n]*highfivegame\.app/(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2}))?",
    re.I,
)


def build(m: re.Match[str]) -> Found | None:
    day = iso_date(m.group("y"), m.group("m"), m.group("d")) if m.group("y") else None
    if m.group("y") and day is None:
        return None
    return Found(puzzle=None, date=day, solved=True, score=int(m.group("s")))


GAME = Game(
    slug="highfive", name="HighFive", url="https://highfivegame.app", unit="points", lower_is_better=False,
    fail_rule="as_printed", parse=each(PATTERN, build), marker="highfive", names=("HighFive",),
)
