"""Tradle (OEC): `#Tradle #1672 5/6`, then one row of five proximity squares per guess.

The URL moved from games.oec.world/en/tradle to oec.world/en/games/tradle to tradle.net and
is not needed. Sources: plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json;
zwalsh/dailygames ShareTextParserTest.kt; Trifase/giochini-bot games.py, whose anchor
(#474 on 2023-06-23) puts #1 on 2022-03-07.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game, to_int
from .grids import grid_after

HEADER = re.compile(rf"#Tradle[ \t]*#(?P<n>{NUMBER})[ \t]+(?P<s>[1-6Xx])/6")


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        puzzle = to_int(m.group("n"))
        failed = m.group("s") in "Xx"
        rows = grid_after(text, m.end(), "🟩🟨⬜⬛", width=5, limit=6)
        if rows and not failed and len(rows) != int(m.group("s")):
            yield Rejection("tradle", f"the grid has {len(rows)} rows but the header says {m.group('s')}/6", puzzle)
            continue
        yield Found(puzzle=puzzle, solved=not failed, score=None if failed else int(m.group("s")), max=6, details={"grid": rows})


GAME = Game(
    slug="tradle",
    name="Tradle",
    url="https://oec.world/en/games/tradle",
    unit="guesses",
    lower_is_better=True,
    fail_rule="max_plus_one",
    parse=parse,
    calendar=Calendar(474, dt.date(2023, 6, 23)),
    max=6,
    marker="tradle",
)
