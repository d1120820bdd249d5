"""Countryle: `#Countryle 818`, then `Guessed in 4 tries.` in the player's language (`Encertat en
4 intents.`, `Deviné en 4 essais.`, `Erraten in 4 versuchen.`), a grid of circles, the URL.

The score is the number on the line under the header (lower is better). No failed share was
found, so none is read as one. Source: Trifase/giochini-bot games.py (Countryle examples).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(
    rf"#Countryle[ \t]+#?(?P<n>{NUMBER})[ \t]*\n[ \t]*[^\d\n]{{2,30}}?(?P<g>\d{{1,3}})[ \t]+[^\d\n]{{2,20}}\.?[ \t]*$",
    re.I | re.M,
)

GAME = Game(
    slug="countryle", name="Countryle", url="https://countryle.com", unit="guesses", lower_is_better=True,
    fail_rule="excluded", marker="countryle", names=("Countryle",),
    parse=each(PATTERN, lambda m: Found(puzzle=to_int(m.group("n")), solved=True, score=int(m.group("g")))),
)
