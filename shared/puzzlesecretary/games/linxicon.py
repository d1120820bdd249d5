"""Linxicon: `Game #851`, `Shortest path: 8 (Avg. 6)`, `Total words: 13 (Avg. 13)`, a strip with the
streak, https://linxicon.com and `#Linxicon` last.

Score = the total words used, lower is better. The header names no game, so the share must
end with linxicon.com or #Linxicon within a few lines. Source: Trifase/giochini-bot games.py
(Linxicon examples).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(
    rf"(?<![A-Za-z])Game[ \t]+#(?P<n>{NUMBER})[ \t]*\n[ \t]*Shortest[ \t]+path:[^\n]*\n[ \t]*Total[ \t]+words:[ \t]*(?P<w>\d+)"
    r"(?=(?:[^\n]*\n){1,6}?[^\n]*linxicon)",
    re.I,
)

GAME = Game(
    slug="linxicon", name="Linxicon", url="https://linxicon.com", unit="words", lower_is_better=True,
    fail_rule="excluded", marker="linxicon", names=("Linxicon",),
    parse=each(PATTERN, lambda m: Found(puzzle=to_int(m.group("n")), solved=True, score=int(m.group("w")))),
)
