"""Travle Italia: `#travle_ita #484 +3` (guesses over the shortest route; `+0 (Perfect)`), or
`#travle_ita #484 (4 lontano)` when the route was not finished, then one square per region
and https://travle.earth/ita.

Score = K of `+K`, lower is better; `(N lontano)` is a failure. The older `(13/14)` layout is
not read (its meaning differs). Source: Trifase/giochini-bot games.py (TravleITA examples).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(
    rf"#travle_ita[ \t]+#(?P<n>{NUMBER})"
    rf"[ \t]+(?:\+(?P<k>\d{{1,3}})|\((?P<away>\d{{1,3}})[ \t]+[^\d\s)/]+\))",
    re.I,
)


def build(m: re.Match[str]) -> Found:
    failed = m.group("k") is None
    return Found(puzzle=to_int(m.group("n")), solved=not failed, score=None if failed else int(m.group("k")))


GAME = Game(
    slug="travleita", name="Travle Italia", url="https://travle.earth/ita", unit="guesses", lower_is_better=True,
    fail_rule="excluded", parse=each(PATTERN, build), marker="travle_ita", names=("travle_ita",),
)
