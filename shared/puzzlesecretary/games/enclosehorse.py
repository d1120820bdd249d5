"""Enclose Horse: `enclose.horse Day 74` (often `https://enclose.horse Day 8`), then the rating and
the percent of the best enclosure: `💎 PERFECT! 💎 100%`, `🥇 Excellent! 🥇 95%`.

Score = the percent, higher is better; every share is a play. Source: Trifase/giochini-bot
games.py (EncloseHorse examples).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(rf"enclose\.horse[ \t]+Day[ \t]+(?P<n>{NUMBER})[ \t]*\n[^\n]*?(?P<p>\d{{1,3}})%", re.I)

GAME = Game(
    slug="enclosehorse", name="Enclose Horse", url="https://enclose.horse", unit="points", lower_is_better=False,
    fail_rule="as_printed", max=100, marker="enclose.horse", names=("enclose.horse",),
    parse=each(PATTERN, lambda m: Found(puzzle=to_int(m.group("n")), solved=True, score=int(m.group("p")), max=100)
               if int(m.group("p")) <= 100 else None),
)
