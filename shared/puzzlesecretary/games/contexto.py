"""Contexto: `I played contexto.me #556 and got it in 57 guesses.` (`... and 1 hints.`), or
`... #465 but I gave up in 31 guesses and 10 hints.`, then rows of 🟩🟨🟥 with counts.

The score is the guesses (lower is better); giving up is a failure. An archive day is shared
with its date instead of the number (`I played contexto.me 06/16/2026 ...`, month first).
Sources: Trifase/giochini-bot games.py (Contexto examples); pmealey/wordle-random-start
scripts/test-data.json and lambdas/src/parsers/contexto-parser.ts.
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each, iso_date

PATTERN = re.compile(
    rf"I[ \t]+played[ \t]+contexto\.me[ \t]+(?:#(?P<n>{NUMBER})|(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})/(?P<y>\d{{4}}))[ \t]+"
    r"(?:and[ \t]+got[ \t]+it|but[ \t]+I[ \t]+(?P<gave>gave[ \t]+up))[ \t]+in[ \t]+(?P<g>\d+)[ \t]+guess(?:es)?"
    r"(?:[ \t]+and[ \t]+(?P<h>\d+)[ \t]+hints?)?",
    re.I,
)


def build(m: re.Match[str]) -> Found | None:
    day = iso_date(m.group("y"), m.group("m"), m.group("d")) if m.group("y") else None
    if m.group("y") and day is None:
        return None
    failed = bool(m.group("gave"))
    details = {"guesses": int(m.group("g")), "hints": int(m.group("h") or 0)}
    return Found(
        puzzle=to_int(m.group("n")) if m.group("n") else None,
        solved=not failed,
        score=None if failed else int(m.group("g")),
        date=day,
        details=details,
    )


GAME = Game(
    slug="contexto", name="Contexto", url="https://contexto.me", unit="guesses", lower_is_better=True,
    fail_rule="excluded", parse=each(PATTERN, build), marker="contexto", names=("contexto.me",),
)
