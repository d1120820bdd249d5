"""MapTap: `www.maptap.gg September 17`, the five rounds (`93🏆 99🎯 98🎯 87🎓 62😐`), then
`Final score: 835`.

The header's month and day have no year: the share is of the day it is sent. Score = the final
score, higher is better. Source: a public Discord score bot's MapTap parser docstring (index
file 69387822963), which also requires the `Final score:` line so a mention of the site is not
read.
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import each

PATTERN = re.compile(
    r"maptap\.gg[ \t]+[A-Z][a-z]{2,8}[ \t]+\d{1,2}[ \t]*\n(?:[^\n]*\n){0,3}?"
    r"[ \t]*Final[ \t]+score:[ \t]*(?P<s>\d{1,4})(?!\d)", re.I
)

GAME = Game(
    slug="maptap", name="MapTap", url="https://www.maptap.gg", unit="points", lower_is_better=False,
    fail_rule="as_printed", marker="maptap", names=("MapTap",),
    parse=each(PATTERN, lambda m: Found(puzzle=None, solved=True, score=int(m.group("s")))),
)
