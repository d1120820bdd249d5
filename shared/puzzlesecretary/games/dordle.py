"""Dordle: `Daily Dordle #0078 4&6/7` (each board's guesses, X for a board not found in seven), then
the two boards' rows side by side.

Score = the guesses of both boards added (14 at most), lower is better; an X is a failure.
Sources: a public Discord bot's share table, `# Daily Dordle #0078 X&X/7` (index files
10029584038, 9925554911 and their copies); a Dordle clone's buildShareText, `Daily Dordle
#${n} ${guesses}/7` (index file 25742193302).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(rf"Daily[ \t]+Dordle[ \t]+#(?P<n>{NUMBER})[ \t]+(?P<a>[1-7]|[Xx])&(?P<b>[1-7]|[Xx])/7(?!\d)", re.I)


def build(m: re.Match[str]) -> Found:
    boards = [m.group("a"), m.group("b")]
    failed = any(b in "Xx" for b in boards)
    return Found(puzzle=to_int(m.group("n")), solved=not failed, score=None if failed else sum(int(b) for b in boards),
                 max=14, details={"boards": boards})


GAME = Game(
    slug="dordle", name="Dordle", url="https://zaratustra.itch.io/dordle", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=each(PATTERN, build), max=14, marker="dordle", names=("Daily Dordle",),
)
