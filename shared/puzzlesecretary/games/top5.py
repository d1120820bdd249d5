"""Top 5 (top5-game.com, now topfivetrivia.com): name the top five of a category with five lives.

    Top 5 #364
    ⬜⬜🟧🟩🟨🟥⬜🟦
    https://top5-game.com/?date=2025-02-22

or, newer, `Top 5 Formula 1 teams by all-time race wins (#763)`. One square per guess: the
colour of the rank found (🟥 1st ... 🟦 5th) or ⬜ for a miss; the game ends at five misses.
The share prints no score, so the headline is zwalsh/dailygames' points: answers found plus
lives left (0 to 10, higher is better; found in rank order 🟥🟧🟨🟩🟦 is "perfect").
Sources: zwalsh/dailygames Top5Fixtures.kt and Top5Mapper.kt; PuzzleTracker
tests/fixtures/share-texts.json ("top-five-trivia"), whose `Top 5 #364` link is dated
2025-02-22, which dates the puzzles here.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game, to_int

HEADER = re.compile(
    rf"(?<![A-Za-z])Top[ \t]+5[ \t]+(?:#(?P<n>{NUMBER})|(?P<category>[^\n#]+?)[ \t]*\(#(?P<n2>{NUMBER})\))[ \t]*$", re.MULTILINE
)
RANKS = "🟥🟧🟨🟩🟦"
MISS = "⬜"
LIVES = 5


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        puzzle = to_int(m.group("n") or m.group("n2"))
        line = next((candidate for candidate in text[m.end():].split("\n")[1:3] if candidate.strip()), "")
        cells = line.replace(" ", "")
        if not cells or not all(c in RANKS + MISS for c in cells):
            yield Rejection("top5", "a Top 5 header with no row of guesses does not count", puzzle)
            continue
        found = [c for c in cells if c in RANKS]
        misses = cells.count(MISS)
        if len(set(found)) != len(found) or misses > LIVES:
            yield Rejection("top5", "a Top 5 row finds each rank once and ends at five misses; this one does not", puzzle)
            continue
        solved = len(found) == len(RANKS)
        if not solved and misses < LIVES:
            yield Rejection("top5", "an unfinished Top 5 (answers left and lives left) does not count", puzzle)
            continue
        yield Found(
            puzzle=puzzle,
            solved=solved,
            score=len(found) + (LIVES - misses),
            max=2 * LIVES,
            details={
                "found": len(found),
                "misses": misses,
                "guesses": cells,
                "perfect": "".join(found) == RANKS and misses == 0,
                "category": m.group("category"),
            },
        )


GAME = Game(
    slug="top5",
    name="Top 5",
    url="https://topfivetrivia.com/",
    unit="points",
    lower_is_better=False,
    fail_rule="as_printed",
    parse=parse,
    calendar=Calendar(364, dt.date(2025, 2, 22)),
    max=2 * LIVES,
    marker="top 5",
)
