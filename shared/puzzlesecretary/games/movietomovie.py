"""Movie to Movie: `Movie to Movie Challenge`, `Boyz n the Hood ➡ Hit Man`, the chain
`🎬🧑🎬🧑🎬🧑🎬` (🎬 a film, 🧑 an actor linking two), then `https://movietomovie.com/play/650/974635`.

The pair of films in the URL is the puzzle, which has no daily number: the share is of the
day it is sent. Score = the actors in the chain, lower is better. Source:
plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json (movie-to-movie).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import each

PATTERN = re.compile(
    r"Movie[ \t]+to[ \t]+Movie[ \t]+Challenge"
    r"[ \t]*\n[^\n]*➡[^\n]*\n[ \t]*(?P<chain>🎬(?:🧑🎬)+)[ \t]*(?:\n|$)",
    re.I,
)

GAME = Game(
    slug="movietomovie", name="Movie to Movie", url="https://movietomovie.com", unit="steps", lower_is_better=True,
    fail_rule="excluded", marker="movie to movie", names=("Movie to Movie",),
    parse=each(PATTERN, lambda m: Found(puzzle=None, solved=True, score=m.group("chain").count("🧑"))),
)
