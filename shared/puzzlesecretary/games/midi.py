"""NYT Midi Crossword: `I solved the 3/23/2026 New York Times Midi Crossword in 2:13!`.

The same sentence as the Mini with the crossword's name changed, often with the link
`https://www.nytimes.com/crosswords/game/midi` after it. Source: a public repository's Java
test fixtures (index file 52532667670) and a second bot's sample messages (index file
52442081214) carry this sentence; PuzzleSecretary itself lists the Midi among its games.
"""

from __future__ import annotations

from typing import Iterator

from ..results import Found, Rejection
from .base import Game
from .solvedsentence import parse_sentences, sentence

SENTENCE = sentence("Midi")


def parse(text: str) -> Iterator[Found | Rejection]:
    yield from parse_sentences(text, "midi", "Midi", SENTENCE)


GAME = Game(
    slug="midi",
    name="The Midi Crossword",
    url="https://www.nytimes.com/crosswords/game/midi",
    unit="seconds",
    lower_is_better=True,
    fail_rule="excluded",
    parse=parse,
    marker="midi",
)
