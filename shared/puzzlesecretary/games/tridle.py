"""Tridle: `TRIDLE - 3/3 words, 7/8 tries` (three words in eight tries), or `TRIDLE - 2/3 words,
failed`.

No puzzle number: the share is of the day it is sent. Score = tries (eight at most), lower is
better; `failed` or fewer than three words is a failure. Source: a public Discord bot's share
table, `# TRIDLE - 3/3 words, 7/8 tries` (index files 10029584038, 9970812990 and their copies).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import each

PATTERN = re.compile(r"TRIDLE[ \t]*-[ \t]*(?P<w>[0-3])/3[ \t]+words,[ \t]+(?:(?P<t>[1-8])/8[ \t]+tries|(?P<failed>failed))", re.I)


def build(m: re.Match[str]) -> Found:
    failed = bool(m.group("failed")) or m.group("w") != "3"
    return Found(puzzle=None, solved=not failed, score=None if failed else int(m.group("t")), max=8,
                 details={"words": int(m.group("w"))})


GAME = Game(
    slug="tridle", name="Tridle", url="https://tridle.com", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=each(PATTERN, build), max=8, marker="tridle", names=("Tridle",),
)
