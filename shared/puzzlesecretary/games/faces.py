"""Faces: `Faces #868` (or `#Faces #866`), then two strips, one per face, each `👤 🟥 🟩 ⬛ ⬛ ⬛`
(five guesses, the first 🟩 the guesses for that face), then https://faces.wtf.

Score = the guesses of both faces together, lower is better; a face never found is a failure.
Source: plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json (faces).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each
from .strips import cells, first_green

PATTERN = re.compile(rf"(?<![A-Za-z@/.])#?Faces[ \t]+#(?P<n>{NUMBER})[ \t]*\n[ \t]*(?P<a>👤[^\n]*)\n[ \t]*(?P<b>👤[^\n]*)", re.I)


def build(m: re.Match[str]) -> Found | None:
    strips = [cells(m.group(k), "🟩🟥⬛⬜", "👤") for k in ("a", "b")]
    if any(s is None or len(s) != 5 for s in strips):
        return None
    found = [first_green(s) for s in strips]
    solved = all(f is not None for f in found)
    return Found(puzzle=to_int(m.group("n")), solved=solved, score=sum(found) if solved else None, max=10,
                 details={"faces": found})


GAME = Game(
    slug="faces", name="Faces", url="https://faces.wtf", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=each(PATTERN, build), max=10, marker="faces", names=("Faces",),
)
