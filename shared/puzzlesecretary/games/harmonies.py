"""Harmonies: `harmonies #908🎧`, then one row of four squares per guess (🟩🟪🟧🟦), like Connections:
a row of one colour is a group found, any other row a mistake; four mistakes end the game.

Score = mistakes, lower is better; fewer than four groups found is a failure. `Reverse
Harmonies` is another mode. Source: plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json
(harmonies).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .grids import grid_after
from .sharetext import each

PATTERN = re.compile(rf"(?<![A-Za-z#@/.])harmonies[ \t]+#(?P<n>{NUMBER})[ \t]*🎧", re.I)


def parse(text: str):
    def build(m: re.Match[str]) -> Found | None:
        rows = grid_after(text, m.end(), "🟩🟪🟧🟦🟨", width=4, limit=8)
        if not rows:
            return None
        groups = sum(1 for r in rows if len(set(r)) == 1)
        mistakes = len(rows) - groups
        solved = groups == 4
        return Found(puzzle=to_int(m.group("n")), solved=solved, score=mistakes if solved else None, max=4,
                     details={"grid": rows, "mistakes": mistakes})

    yield from each(PATTERN, build)(text)


GAME = Game(
    slug="harmonies", name="Harmonies", url="https://harmonies.io", unit="mistakes", lower_is_better=True,
    fail_rule="excluded", parse=parse, max=4, marker="harmonies", names=("harmonies",),
)
