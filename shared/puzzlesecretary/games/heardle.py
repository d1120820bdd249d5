"""Heardle: `#Heardle #184`, then `🔊⬛🟥🟩⬜⬜⬜` and the URL.

No score in the header: it is the position of 🟩 (⬛ skipped, 🟥 wrong, 🟨 right artist in
some clones, ⬜ unused); no 🟩 is a failure. The speaker icon (🔇🔈🔉🔊) shows how far the
clip got. Clones print the strip on the line before the header, so that is read too. The
hashtag `#Heardle` alone (Bandle appends `#Bandle #Heardle #Wordle`) is not a share.
Sources: wordleparse's ListenParser (icons stripped
before reading the strip); Trifase/giochini-bot games.py (HeardleItalia, strip first).
No calendar: heardle.app closed in 2023 and each clone numbers its own days, so one epoch
would date most shares wrongly.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Game, to_int
from .strips import first_green, strip_after, strip_before

HEADER = re.compile(rf"#Heardle[ \t]*#(?P<n>{NUMBER})(?!\d)")
SQUARES = "⬛🟥🟩🟨⬜"
ICONS = "🔇🔈🔉🔊"


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        puzzle = to_int(m.group("n"))
        strip = strip_after(text, m.end(), SQUARES, ICONS) or strip_before(text, m.start(), SQUARES, ICONS)
        if strip is None or len(strip) != 6:
            yield Rejection("heardle", "a Heardle header with no row of six clips does not count", puzzle)
            continue
        guesses = first_green(strip)
        yield Found(puzzle=puzzle, solved=guesses is not None, score=guesses, max=6, details={"strip": "".join(strip)})


GAME = Game(
    slug="heardle",
    name="Heardle",
    url="https://www.heardle.app",
    unit="guesses",
    lower_is_better=True,
    fail_rule="max_plus_one",
    parse=parse,
    max=6,
    marker="heardle",
)
