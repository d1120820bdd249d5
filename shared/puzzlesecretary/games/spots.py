"""Spots Code: `Spots Code #54`, `Guesses: 4`, one row of four squares per guess with the newest first
(🟩 right, 🟨 close), https://spots.wtf.

Score = guesses (ten at most), lower is better; solved when a row is all 🟩. Source:
Trifase/giochini-bot games.py (Spots examples).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .grids import grid_after
from .sharetext import each

PATTERN = re.compile(rf"Spots[ \t]+Code[ \t]+#(?P<n>{NUMBER})[ \t]*\n[ \t]*Guesses:[ \t]*(?P<g>\d{{1,2}})[ \t]*$", re.I | re.M)


def parse(text: str):
    def build(m: re.Match[str]) -> Found | None:
        rows = grid_after(text, m.end(), "🟩🟨⬛⬜", width=4, limit=10)
        if len(rows) != int(m.group("g")):
            return None
        solved = any(set(r) == {"🟩"} for r in rows)
        return Found(puzzle=to_int(m.group("n")), solved=solved, score=len(rows) if solved else None, max=10)

    yield from each(PATTERN, build)(text)


GAME = Game(
    slug="spots", name="Spots Code", url="https://spots.wtf", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=parse, max=10, marker="spots", names=("Spots Code",),
)
