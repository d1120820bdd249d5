"""NYT Connections: `Connections` / `Puzzle #N`, then one row of four squares per guess.

A row of four equal squares is a solved group, a mixed row a mistake; the fourth mistake ends
the game with fewer than four solved rows. Sources: ../shared/notes/peers.md "NYT Connections"
(PuzzleTracker js/games.js, Straight Dope thread); puzzle #1 was 2023-06-12.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game, to_int
from .grids import archive_before, grid_after

HEADER = re.compile(
    rf"(?<![A-Za-z#@])Connections(?![ \t]*:?[ \t]*Sports)[ \t]*\n?[ \t]*Puzzle[ \t]*#[ \t]*(?P<n>{NUMBER})[ \t]*(?:🎉)?"
)
SQUARES = "🟨🟩🟦🟪"
COLOURS = {"🟨": "yellow", "🟩": "green", "🟦": "blue", "🟪": "purple"}


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        puzzle = to_int(m.group("n"))
        rows = grid_after(text, m.end(), SQUARES, width=4, limit=8)
        if not rows:
            yield Rejection("connections", "a Connections header with no grid does not count", puzzle)
            continue
        solved_rows = [r for r in rows if len(set(r)) == 1]
        mistakes = len(rows) - len(solved_rows)
        if mistakes > 4 or len(solved_rows) > 4:
            yield Rejection("connections", f"a Connections grid of {len(rows)} rows is not possible", puzzle)
            continue
        if len(solved_rows) < 4 and mistakes < 4:
            # The game shares only once it is over: four groups found, or four mistakes made.
            yield Rejection("connections", "an unfinished Connections grid does not count", puzzle)
            continue
        archived = archive_before(text, m.start())
        yield Found(
            puzzle=puzzle,
            solved=len(solved_rows) == 4,
            score=mistakes,
            max=4,
            archive=archived is not None,
            details={
                "grid": rows,
                "order": [COLOURS[r[0]] for r in solved_rows],
                # Purple first is the players' favourite boast ("reverse rainbow").
                "purple_first": bool(solved_rows) and solved_rows[0][0] == "🟪",
            }
            | ({"archive_date": archived.isoformat()} if archived else {}),
        )


GAME = Game(
    slug="connections",
    name="Connections",
    url="https://www.nytimes.com/games/connections",
    unit="mistakes",
    lower_is_better=True,
    fail_rule="as_printed",
    parse=parse,
    calendar=Calendar(1, dt.date(2023, 6, 12)),
    max=4,
    marker="connections",
)
