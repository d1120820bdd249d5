"""Pedantle: `I found #pedantle #833 in 133 guesses!`, a strip of 🟩🟧🟥, then the URL.

The score is the guesses, lower is better. The URL moved from pedantle.certitudes.org to
cemantle.certitudes.org/pedantle and is not read. Source: Trifase/giochini-bot games.py
(Pedantle examples).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(rf"I[ \t]+found[ \t]+#pedantle[ \t]+#(?P<n>{NUMBER})[ \t]+in[ \t]+(?P<g>\d+)[ \t]+guess", re.I)

GAME = Game(
    slug="pedantle", name="Pedantle", url="https://pedantle.certitudes.org", unit="guesses", lower_is_better=True,
    fail_rule="excluded", marker="pedantle", names=("Pedantle",),
    parse=each(PATTERN, lambda m: Found(puzzle=to_int(m.group("n")), solved=True, score=int(m.group("g")))),
)
