"""Rotaboxes: `🟩🟦🟪 streak: 1`, `🟥🟧 clicks: 31/31` (clicks used / the fewest possible), `🟨 overspin:
4`, `rotabox.es/497`, then the finished picture in squares.

Score = clicks, lower is better; the puzzle number is in the short URL. Source:
Trifase/giochini-bot games.py (Rotaboxes examples).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(
    rf"clicks:[ \t]*(?P<c>\d+)/(?P<best>\d+)[ \t]*\n(?:[^\n]*\n){{0,2}}?"
    rf"[ \t]*(?:https?://)?rotabox\.es/(?P<n>{NUMBER})",
    re.I,
)

GAME = Game(
    slug="rotaboxes", name="Rotaboxes", url="https://rotaboxes.com", unit="steps", lower_is_better=True,
    fail_rule="excluded", marker="rotabox", names=("Rotaboxes",),
    parse=each(PATTERN, lambda m: Found(puzzle=to_int(m.group("n")), solved=True, score=int(m.group("c")),
                                        details={"fewest": int(m.group("best"))})),
)
