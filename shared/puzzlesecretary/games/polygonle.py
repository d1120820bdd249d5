"""Polygonle: `#Polygonle 613 3/6` (a first-try win prints `🎯/6`, a failure `😔/6`), the shapes, one
row of squares per guess, `🔥 streak:24`, the URL.

Score = guesses, lower is better. Source: Trifase/giochini-bot games.py (Polygonle examples).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(rf"#Polygonle[ \t]+#?(?P<n>{NUMBER})[ \t]+(?P<s>[1-6]|🎯|😔|[Xx])/6(?!\d)", re.I)


def build(m: re.Match[str]) -> Found:
    raw = m.group("s")
    failed = raw in ("😔", "X", "x")
    score = None if failed else (1 if raw == "🎯" else int(raw))
    return Found(puzzle=to_int(m.group("n")), solved=not failed, score=score, max=6)


GAME = Game(
    slug="polygonle", name="Polygonle", url="https://www.polygonle.com", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=each(PATTERN, build), max=6, marker="polygonle", names=("Polygonle",),
)
