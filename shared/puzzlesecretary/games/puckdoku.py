"""Puckdoku: `Puckdoku Game 1030 - 9/9🏆:` (cells right / guesses used; `9/10` is a full board after
one wrong guess), `8 Uniqueness`, the 3×3 grid, the URL.

Score = cells right out of 9, higher is better; solved when all nine are right. Source:
plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json (puckdoku: `9/10` is solved
there, with 9 right in 10 guesses).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(
    rf"(?<![A-Za-z#@/.])Puckdoku[ \t]+Game[ \t]+(?P<n>{NUMBER})[ \t]+-[ \t]+"
    r"(?P<s>\d)/(?P<g>\d{1,2})(?!\d)",
    re.I,
)


def build(m: re.Match[str]) -> Found | None:
    right, guesses = int(m.group("s")), int(m.group("g"))
    if guesses < right or guesses < 9:
        return None
    return Found(puzzle=to_int(m.group("n")), solved=right == 9, score=right, max=9, details={"guesses": guesses})


GAME = Game(
    slug="puckdoku", name="Puckdoku", url="https://www.puckdoku.com", unit="points", lower_is_better=False,
    fail_rule="as_printed", parse=each(PATTERN, build), max=9, marker="puckdoku", names=("Puckdoku",),
)
