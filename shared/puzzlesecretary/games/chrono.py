"""Chrono: `🥇 CHRONO  #749` (the medal 🥇🥈🥉, or 😬 when the order was never right), one row of six
circles per try (🟢 in place, ⚪ not), `⏱: 50.8`, `🔥: 3`, the URL.

Score = the seconds on the ⏱ line, lower is better; solved when the last row is all 🟢.
Source: Trifase/giochini-bot games.py (Chrono examples).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .grids import grid_after
from .sharetext import each

PATTERN = re.compile(rf"(?<![A-Za-z#@/.])CHRONO[ \t]+#(?P<n>{NUMBER})(?P<body>(?:\n[^\n]*){{0,10}})")
TIME = re.compile(r"⏱:?[ \t]*(?P<t>\d+(?:\.\d+)?)")


def build(m: re.Match[str]) -> Found | None:
    rows = grid_after(m.group(0), len(m.group(0).split("\n")[0]), "🟢⚪", width=6)
    time = TIME.search(m.group("body"))
    if not rows or time is None:
        return None
    solved = set(rows[-1]) == {"🟢"}
    return Found(puzzle=to_int(m.group("n")), solved=solved, score=float(time.group("t")) if solved else None,
                 details={"tries": len(rows)})


GAME = Game(
    slug="chrono", name="Chrono", url="https://chrono.quest", unit="seconds", lower_is_better=True,
    fail_rule="excluded", parse=each(PATTERN, build), marker="chrono", names=("Chrono",),
)
