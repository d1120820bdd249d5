"""Chartle: `📈 Chartle for 07 Oct 2026: <title>`, then `Guessed in 2 tries` (`1 try`) or
`Failed to guess this time`, a strip, the URL.

No puzzle number: the printed date is the puzzle. Score = tries (five at most, lower is
better). Source: plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json (chartle).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import MONTH_DATE, each, month_date

PATTERN = re.compile(
    rf"Chartle[ \t]+for[ \t]+{MONTH_DATE}[^\n]*\n\s*"
    r"(?:Guessed[ \t]+in[ \t]+(?P<g>\d)[ \t]+tr|(?P<failed>Failed[ \t]+to[ \t]+guess))"
)


def build(m: re.Match[str]) -> Found | None:
    day = month_date(m)
    if day is None:
        return None
    failed = bool(m.group("failed"))
    return Found(puzzle=None, date=day, solved=not failed, score=None if failed else int(m.group("g")), max=5)


GAME = Game(
    slug="chartle", name="Chartle", url="https://chartle.cc", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=each(PATTERN, build), max=5, marker="chartle", names=("Chartle",),
)
