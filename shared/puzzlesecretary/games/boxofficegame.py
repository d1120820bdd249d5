"""The Box Office Game: `boxofficega.me`, the day's date (`February 7, 2025`), one line per film
(`✅ 200` or `❌ 0`), an optional bonus line `➕ 200`, and the total `🏆 1200`.

No puzzle number: the printed date is the puzzle (the game also replays past years, so the
date may be old). Score = the 🏆 total, higher is better; solved when every film is ✅.
Sources: plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json (box-office-game);
pmealey/wordle-random-start scripts/test-data.json (Box Office Game).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import MONTH_DATE, amount, each, month_date

PATTERN = re.compile(
    rf"boxofficega\.me[ \t]*\n[ \t]*{MONTH_DATE}[ \t]*\n(?P<films>(?:[ \t]*[✅❌][ \t]*\d[\d,.]*[ \t]*\n)+)"
    r"(?:[ \t]*➕[^\n]*\n)?[ \t]*🏆[ \t]*(?P<total>\d[\d,.]*)",
    re.I,
)


def build(m: re.Match[str]) -> Found | None:
    day = month_date(m)
    if day is None:
        return None
    films = m.group("films")
    return Found(puzzle=None, date=day, solved="❌" not in films, score=amount(m.group("total")),
                 details={"right": films.count("✅")})


GAME = Game(
    slug="boxofficegame", name="Box Office Game", url="https://boxofficega.me", unit="points", lower_is_better=False,
    fail_rule="as_printed", parse=each(PATTERN, build), marker="boxofficega.me", names=("Box Office Game",),
)
