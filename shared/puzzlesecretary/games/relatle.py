"""Relatle: `relatle #419`, the two artists, a strip, `Solved 🥳` (or `Shortest Path! 🌟`, or
`Gave up 😭`), then `13 guesses, 0 resets` and the URL.

The score is the guesses, lower is better; `Gave up` is a failure. Source:
plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json (relatle).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(
    rf"(?<![A-Za-z])relatle[ \t]+#(?P<n>{NUMBER})[^\n]*\n(?:[^\n]*\n){{1,4}}?[ \t]*(?:(?P<gave>Gave[ \t]+up)|Solved|Shortest)"
    r"[^\n]*\n[ \t]*(?P<g>\d+)[ \t]+guess",
    re.I,
)


def build(m: re.Match[str]) -> Found:
    failed = bool(m.group("gave"))
    return Found(puzzle=to_int(m.group("n")), solved=not failed, score=None if failed else int(m.group("g")))


GAME = Game(
    slug="relatle", name="Relatle", url="https://relatle.io", unit="guesses", lower_is_better=True,
    fail_rule="excluded", parse=each(PATTERN, build), marker="relatle", names=("relatle",),
)
