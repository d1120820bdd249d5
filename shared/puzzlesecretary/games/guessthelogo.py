"""GuessTheLogo: `#GuessTheLogo #318`, a blank line, `® 🟥 🟩 ⬜️ ⬜️` (the first 🟩 is the score; no 🟩 a
failure), `#LogoLearner`, the URL.

The strip is not always the same length (four or five cells in the samples), so any strip of
four to six cells is read. Score = the position of 🟩, lower is better. Source:
Trifase/giochini-bot games.py (GuessTheLogo examples).
"""

from __future__ import annotations

import re

from ..results import Found, Rejection
from .base import NUMBER, Game, to_int
from .sharetext import each
from .strips import cells, first_green

PATTERN = re.compile(rf"#GuessTheLogo[ \t]*#(?P<n>{NUMBER})(?!\d)[^\n]*\n(?:[ \t]*\n)*[ \t]*(?P<strip>[^\n]*)", re.I)


def build(m: re.Match[str]) -> Found | Rejection:
    puzzle = to_int(m.group("n"))
    strip = cells(m.group("strip"), "🟩🟥🟨⬛⬜", "®")
    if strip is None or not 4 <= len(strip) <= 6:
        return Rejection("guessthelogo", "a GuessTheLogo header with no strip under it does not count", puzzle)
    score = first_green(strip)
    return Found(puzzle=puzzle, solved=score is not None, score=score, max=6, details={"strip": "".join(strip)})


GAME = Game(
    slug="guessthelogo", name="GuessTheLogo", url="https://guessthelogo.wtf", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=each(PATTERN, build), max=6, marker="guessthelogo", names=("GuessTheLogo",),
)
