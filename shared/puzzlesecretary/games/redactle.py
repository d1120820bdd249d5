"""Redactle: `I solved Redactle #1397 in 3 guesses with an accuracy of 100.0% and a time of 00:00:08.`

The score is the guesses, lower is better. Source: pmealey/wordle-random-start
scripts/test-data.json (Redactle).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(rf"I[ \t]+solved[ \t]+Redactle[ \t]+#(?P<n>{NUMBER})[ \t]+in[ \t]+(?P<g>\d+)[ \t]+guess", re.I)

GAME = Game(
    slug="redactle", name="Redactle", url="https://redactle.net", unit="guesses", lower_is_better=True,
    fail_rule="excluded", marker="redactle", names=("Redactle",),
    parse=each(PATTERN, lambda m: Found(puzzle=to_int(m.group("n")), solved=True, score=int(m.group("g")))),
)
