"""Catfishing: `catfishing.net` (or `https://catfishing.net`, `catfishing dot net`), then
`#829 - 8.5/10 🎉` (the `#` may be missing), then two rows of 🐈 right, 🥚 close, 🐟 wrong.

Score = the points out of 10 (a close guess is a half), higher is better; every share is a
play. Sources: plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json (catfishing);
Trifase/giochini-bot games.py (Catfishing examples); a public Discord score bot's parser
docstrings (index files 69391077091, 69703385439).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(
    rf"catfishing(?:\.net|[ \t]+dot[ \t]+net)[ \t]*\n[ \t]*#?(?P<n>{NUMBER})[ \t]+-[ \t]+(?P<s>\d{{1,2}}(?:\.5)?)/10(?!\d)", re.I
)


def build(m: re.Match[str]) -> Found | None:
    score = float(m.group("s"))
    if score > 10:
        return None
    return Found(puzzle=to_int(m.group("n")), solved=True, score=score, max=10)


GAME = Game(
    slug="catfishing", name="Catfishing", url="https://catfishing.net", unit="points", lower_is_better=False,
    fail_rule="as_printed", parse=each(PATTERN, build), max=10, marker="catfishing", names=("catfishing.net",),
)
