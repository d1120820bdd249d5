"""NYT Daily Crossword: `I solved the Monday 3/23/2026 New York Times Daily Crossword in 6:25!`.

The Mini's sentence with the weekday before the date and `Daily` for the crossword's name,
usually followed by the puzzle's link `https://www.nytimes.com/crosswords/game/by-id/23781`.
No puzzle number: the printed date is the puzzle. The score is the solve time in seconds
(a Saturday can take `1:02:44`). Source: a public repository's Java parser tests with real
samples of the Daily, Midi and Mini sentences (index file 52532667670); puzzlesecretary.com's
FAQ lists the NYT Daily Crossword among its eight games.
"""

from __future__ import annotations

from typing import Iterator

from ..results import Found, Rejection
from .base import Game
from .solvedsentence import parse_sentences, sentence

SENTENCE = sentence("Daily")


def parse(text: str) -> Iterator[Found | Rejection]:
    yield from parse_sentences(text, "crossword", "Daily Crossword", SENTENCE)


GAME = Game(
    slug="crossword",
    name="The Daily Crossword",
    url="https://www.nytimes.com/crosswords",
    unit="seconds",
    lower_is_better=True,
    fail_rule="excluded",
    parse=parse,
    marker="daily",
)
