"""Cloudle: `Cloudle - Bujumbura, Burundi: 4/6`, rows of five circles, the URL; X/6 a failure.

No puzzle number: the share is of the day it is sent. Score = guesses, lower is better.
Sources: Trifase/giochini-bot games.py (Cloudle examples); pmealey/wordle-random-start
scripts/test-data.json (Cloudle).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import each

PATTERN = re.compile(r"(?<![A-Za-z#@/.])Cloudle[ \t]+-[ \t]+[^\n:]{2,60}:[ \t]+(?P<s>[1-6]|[Xx])/6(?!\d)")


def build(m: re.Match[str]) -> Found:
    failed = m.group("s") in "Xx"
    return Found(puzzle=None, solved=not failed, score=None if failed else int(m.group("s")), max=6)


GAME = Game(
    slug="cloudle", name="Cloudle", url="https://cloudle.app", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=each(PATTERN, build), max=6, marker="cloudle", names=("Cloudle",),
)
