"""Framed: `Framed #1669` (or `#Framed #1669`), then `🎥 🟥 🟥 🟩 ⬛ ⬛ ⬛` and `https://framed.wtf`.

The header has no score: it is the position of 🟩 among the six frames (🟥 a wrong guess,
⬛ a frame never needed); no 🟩 is a failure. Framed's other modes are other games:
`Framed - One Frame Challenge #N` (see oneframe.py) and `Framed - Title Shot Challenge #N`.
Sources: zwalsh/dailygames FramedFixtures.kt; plasticmacaroni/PuzzleTracker
tests/fixtures/share-texts.json; Trifase/giochini-bot games.py (#469 on 2023-06-23, so #1
was 2022-03-12).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game, to_int
from .strips import first_green, strip_after

HEADER = re.compile(rf"(?<![A-Za-z@-])#?Framed[ \t]+#(?P<n>{NUMBER})(?!\d)")
SQUARES = "🟥🟩⬛⬜"


def read(text: str, header: re.Pattern[str], slug: str, label: str, shortest: int = 6) -> Iterator[Found | Rejection]:
    """Framed-style shares: a header, then a 🎥 strip of six frames (`shortest` to six for One Frame)."""
    for m in header.finditer(text):
        puzzle = to_int(m.group("n"))
        strip = strip_after(text, m.end(), SQUARES, "🎥")
        if strip is None or not shortest <= len(strip) <= 6:
            frames = "six frames" if shortest == 6 else f"{shortest} to six frames"
            yield Rejection(slug, f"a {label} header with no 🎥 row of {frames} does not count", puzzle)
            continue
        guesses = first_green(strip)
        yield Found(puzzle=puzzle, solved=guesses is not None, score=guesses, max=6, details={"strip": "".join(strip)})


def parse(text: str) -> Iterator[Found | Rejection]:
    yield from read(text, HEADER, "framed", "Framed")


GAME = Game(
    slug="framed",
    name="Framed",
    url="https://framed.wtf",
    unit="guesses",
    lower_is_better=True,
    fail_rule="max_plus_one",
    parse=parse,
    calendar=Calendar(469, dt.date(2023, 6, 23)),
    max=6,
    marker="framed",
)
