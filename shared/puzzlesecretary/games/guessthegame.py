"""GuessThe.Game: `#GuessTheGame #1593`, then `🎮 🟥 🟩 ⬜ ⬜ ⬜ ⬜`, a rank hashtag, the URL.

Score: the position of 🟩 among six screenshots (🟥 wrong, 🟨 right franchise but wrong
game, ⬜ unused); no 🟩 is a failure. The rank hashtag (`#ProGamer`) is not a score.
Sources: plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json; Trifase/giochini-bot
games.py (#405 on 2023-06-23, so #1 was 2022-05-15).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game, to_int
from .strips import first_green, strip_after

HEADER = re.compile(rf"#GuessTheGame[ \t]*#(?P<n>{NUMBER})(?!\d)", re.I)
SQUARES = "🟥🟨🟩⬜"


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        puzzle = to_int(m.group("n"))
        strip = strip_after(text, m.end(), SQUARES, "🎮")
        if strip is None or len(strip) != 6:
            yield Rejection("guessthegame", "a GuessThe.Game header with no 🎮 row of six does not count", puzzle)
            continue
        guesses = first_green(strip)
        yield Found(puzzle=puzzle, solved=guesses is not None, score=guesses, max=6, details={"strip": "".join(strip)})


GAME = Game(
    slug="guessthegame",
    name="GuessThe.Game",
    url="https://guessthe.game",
    unit="guesses",
    lower_is_better=True,
    fail_rule="max_plus_one",
    parse=parse,
    calendar=Calendar(405, dt.date(2023, 6, 23)),
    max=6,
    marker="guessthegame",
)
