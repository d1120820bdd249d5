"""Size It Up (magnitudle.com): `Size It Up`, `Overall Score 439`, five rows of squares (with the
round's points), then https://magnitudle.com/size-it-up.

No puzzle number: the share is of the day it is sent. Score = the overall score (500 at most),
higher is better. Source: plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json
(size-it-up).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import each

PATTERN = re.compile(r"Size[ \t]+It[ \t]+Up[ \t]*\n[ \t]*Overall[ \t]+Score[ \t]+(?P<s>\d{1,3})(?!\d)", re.I)

GAME = Game(
    slug="sizeitup", name="Size It Up", url="https://magnitudle.com/size-it-up", unit="points", lower_is_better=False,
    fail_rule="as_printed", max=500, marker="size it up", names=("Size It Up",),
    parse=each(PATTERN, lambda m: Found(puzzle=None, solved=True, score=int(m.group("s")), max=500)
               if int(m.group("s")) <= 500 else None),
)
