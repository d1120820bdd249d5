"""Hexcodle: `I got Hexcodle #616 in 5! Score: 52%` or `I didn't get Hexcodle #616 :( Score: 48%`,
then rows of arrows per hex digit and the URL. The game's share function also writes `I got
Hexcodle #616 in 5 guesses!` (`1 guess`), with `*` after the number in hard mode.

The score is the guesses (five at most, lower is better); `didn't get` is a failure. Sources:
Trifase/giochini-bot games.py (Hexcodle examples); Hexcodle's own getSharableString in public
copies of its source (index files 9976068677, 10532323927).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(
    rf"I[ \t]+(?:got|(?P<no>didn['’]t[ \t]+get))[ \t]+Hexcodle[ \t]+#(?P<n>{NUMBER})(?P<hard>\*)?"
    r"(?:[ \t]+in[ \t]+(?P<g>\d+)(?:[ \t]+guess(?:es)?)?!)?",
    re.I,
)


def build(m: re.Match[str]) -> Found | None:
    if not m.group("no") and not m.group("g"):
        return None
    failed = bool(m.group("no"))
    score = None if failed else int(m.group("g"))
    return Found(puzzle=to_int(m.group("n")), solved=not failed, score=score, max=5, hard_mode=bool(m.group("hard")))


GAME = Game(
    slug="hexcodle", name="Hexcodle", url="https://hexcodle.com", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=each(PATTERN, build), max=5, marker="hexcodle", names=("Hexcodle",),
)
