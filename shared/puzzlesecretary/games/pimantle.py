"""Pimantle: `I solved Pimantle #169 with 89 guesses and 13 hints!` (`... and no hints!`).

The score is the guesses, lower is better; the hints go to details. Source:
pmealey/wordle-random-start scripts/test-data.json (Pimantle).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(
    rf"I[ \t]+solved[ \t]+Pimantle[ \t]+#(?P<n>{NUMBER})[ \t]+with[ \t]+(?P<g>\d+)[ \t]+guess(?:es)?"
    r"(?:[ \t]+and[ \t]+(?:(?P<h>\d+)|no)[ \t]+hints?)?",
    re.I,
)

GAME = Game(
    slug="pimantle", name="Pimantle", url="https://pimantle.netlify.app", unit="guesses", lower_is_better=True,
    fail_rule="excluded", marker="pimantle", names=("Pimantle",),
    parse=each(PATTERN, lambda m: Found(
        puzzle=to_int(m.group("n")), solved=True, score=int(m.group("g")), details={"hints": int(m.group("h") or 0)}
    )),
)
