"""Emovi (teuteuf): `#Emovi 🎬 #1533`, then the puzzle's emoji clue, then `🟩⬜⬜`.

The second line is the clue everyone sees (`🤖🕶️🔫`), not a result: the result is the row
of three squares after it, scored by the position of 🟩 (🟥 wrong, ⬜ unused); no 🟩 is a
failure. Sources: plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json and its
js/game_schemas.js note ("Line 2 is the puzzle's emoji clue"); the game's own share code
(teuteuf's Emovi src/App.tsx, found in the public code index without its repository name),
which joins `#Emovi 🎬 #N`, the clue, the row and the URL, and numbers the days from
`START_DATE = 2022-07-17` plus one: #1 was 2022-07-17. A player's own puzzle shares as
`#Emovi 🎬 #MyEmovi` and is not a result.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game, to_int
from .strips import cells, first_green

HEADER = re.compile(rf"#Emovi[ \t]*(?:🎬[ \t]*)?#(?P<n>{NUMBER})(?!\d)")
SQUARES = "🟥🟩⬜"


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        puzzle = to_int(m.group("n"))
        following = [line for line in text[m.end():].split("\n")[1:5] if line.strip()][:2]
        # The result row comes after the clue; only a share that lost its clue has it first.
        candidates = [cells(line, SQUARES) for line in reversed(following)]
        strip = next((c for c in candidates if c is not None and len(c) == 3), None)
        if strip is None:
            yield Rejection("emovi", "an Emovi header with no row of three guesses does not count", puzzle)
            continue
        guesses = first_green(strip)
        details = {"strip": "".join(strip)}
        if len(following) == 2 and cells(following[0], SQUARES) is None:
            details["clue"] = following[0].strip()
        yield Found(puzzle=puzzle, solved=guesses is not None, score=guesses, max=3, details=details)


GAME = Game(
    slug="emovi",
    name="Emovi",
    url="https://emovi.teuteuf.fr",
    unit="guesses",
    lower_is_better=True,
    fail_rule="max_plus_one",
    parse=parse,
    calendar=Calendar(1, dt.date(2022, 7, 17)),
    max=3,
    marker="emovi",
)
