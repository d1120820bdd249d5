"""Le Mot, the French Wordle: `Le Mot (@WordleFR) #1698 5/6`, a blank line, rows of five squares,
the URL; a failure prints `💀/6`.

Score = guesses, lower is better. Sources: a public tracker's Le Mot parser quoting the site's
own share function (index file 66108434001) and a vitest fixture of player pastes (index file
65822122490); a Ruby tweet reader notes `Le Mot (@WordleFR) #38 💀/6` (index file 48082521955).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(rf"Le[ \t]+Mot[ \t]+\(@WordleFR\)[ \t]+#(?P<n>{NUMBER})[ \t]+(?P<s>[1-6]|💀|[Xx])/6(?!\d)", re.I)


def build(m: re.Match[str]) -> Found:
    failed = not m.group("s").isdigit()
    return Found(puzzle=to_int(m.group("n")), solved=not failed, score=None if failed else int(m.group("s")), max=6)


GAME = Game(
    slug="lemot", name="Le Mot", url="https://wordle.louan.me", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=each(PATTERN, build), max=6, marker="le mot", names=("Le Mot (@WordleFR)",),
)
