"""NYT Wordle: `Wordle 1,234 3/6*`, then one row of five squares per guess.

Format sources: StreakSync fixtures, PuzzleTracker
fixtures; puzzle 0 was 2021-06-19.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game, to_int
from .grids import archive_before, grid_after

HEADER = re.compile(
    rf"(?<![A-Za-z#@])Wordle[ \t\u00a0]+(?:🎉[ \t]*)?(?P<n>{NUMBER})[ \t\u00a0]+(?:🎉[ \t]*)?"
    r"(?P<s>[1-6Xx])/6(?P<hard>\*?)"
)
SQUARES = "🟩🟨⬛⬜🟧🟦"


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        puzzle = to_int(m.group("n"))
        failed = m.group("s") in "Xx"
        rows = grid_after(text, m.end(), SQUARES, width=5, limit=6)
        guesses = None if failed else int(m.group("s"))
        if rows and not failed and len(rows) != guesses:
            yield Rejection("wordle", f"the grid has {len(rows)} rows but the header says {guesses}/6", puzzle)
            continue
        archived = archive_before(text, m.start())
        yield Found(
            puzzle=puzzle,
            solved=not failed,
            score=guesses,
            max=6,
            hard_mode=bool(m.group("hard")),
            archive=archived is not None,
            details={"grid": rows, "high_contrast": any("🟧" in r for r in rows)}
            | ({"archive_date": archived.isoformat()} if archived else {}),
        )


GAME = Game(
    slug="wordle",
    name="Wordle",
    url="https://www.nytimes.com/games/wordle/index.html",
    unit="guesses",
    lower_is_better=True,
    fail_rule="max_plus_one",
    parse=parse,
    calendar=Calendar(0, dt.date(2021, 6, 19)),
    max=6,
    marker="wordle",
    names=("Wordle",),
)
