"""Dungleon: `https://www.dungleon.com #1457 2/6🔸` (the site opens the share; X/6 a failure), one
row of five squares per guess, then `0⚔️ 4👹 0🪙` and the streak.

Score = guesses, lower is better. Source: pmealey/wordle-random-start scripts/test-data.json
(Dungleon) and lambdas/src/parsers/dungleon-parser.ts.
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(rf"(?:https?://)?(?:www\.)?dungleon\.com/?[ \t]+#(?P<n>{NUMBER})[ \t]+(?P<s>[1-6]|[Xx])/6(?!\d)", re.I)


def build(m: re.Match[str]) -> Found:
    failed = m.group("s") in "Xx"
    return Found(puzzle=to_int(m.group("n")), solved=not failed, score=None if failed else int(m.group("s")), max=6)


GAME = Game(
    slug="dungleon", name="Dungleon", url="https://www.dungleon.com", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=each(PATTERN, build), max=6, marker="dungleon", names=("Dungleon",),
)
