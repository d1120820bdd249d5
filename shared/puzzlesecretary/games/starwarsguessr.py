"""Star Wars Guessr: `STAR WARS GUESSR - May 22nd 2025`, `🎮 : Guess`, `📋 : 4 tries` (`- Game Over`
when lost), the rows, `🔗 : https://starwarsguessr.com`.

Only the Guess mode is read (the Hints and Picture modes score otherwise). No puzzle number:
the printed date is the puzzle. Score = tries, lower is better. Source:
plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json (starwars-guessr-guess).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import MONTH_DATE, each, month_date

PATTERN = re.compile(
    rf"STAR[ \t]+WARS[ \t]+GUESSR[ \t]+-[ \t]+{MONTH_DATE}[ \t]*\n(?:[ \t]*\n)*[ \t]*🎮[ \t]*:[ \t]*Guess[ \t]*\n"
    r"[ \t]*📋[ \t]*:[ \t]*(?P<g>\d+)[ \t]+tries(?P<over>[ \t]*-[ \t]*Game[ \t]+Over)?",
    re.I,
)


def build(m: re.Match[str]) -> Found | None:
    day = month_date(m)
    if day is None:
        return None
    lost = bool(m.group("over"))
    return Found(puzzle=None, date=day, solved=not lost, score=None if lost else int(m.group("g")))


GAME = Game(
    slug="starwarsguessr", name="Star Wars Guessr", url="https://starwarsguessr.com", unit="guesses", lower_is_better=True,
    fail_rule="excluded", parse=each(PATTERN, build), marker="guessr", names=("Star Wars Guessr",),
)
