"""Timdle: `Timdle #612 · Jul 22` (older shares: `TIMDLE Jun 24`, with no number), then `🌟 34/36`
(points out of 36, higher is better) and the rounds, `Play at https://timdle.com`.

A share without a number is of the day it is sent (its date has no year). `TIMDLE Music` is
another game. Source: Trifase/giochini-bot games.py (Timdle examples).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(
    rf"(?<![A-Za-z#@/.])TIMDLE[ \t]+(?:#(?P<n>{NUMBER})[ \t]*·?[ \t]*)?[A-Z][a-z]{{2}}[ \t]+\d{{1,2}}[ \t]*\n"
    r"[^\n\d]*(?P<s>\d{1,2})/36(?!\d)",
    re.I,
)

GAME = Game(
    slug="timdle", name="Timdle", url="https://www.timdle.com", unit="points", lower_is_better=False,
    fail_rule="as_printed", max=36, marker="timdle", names=("Timdle",),
    parse=each(PATTERN, lambda m: Found(puzzle=to_int(m.group("n")) if m.group("n") else None, solved=True,
                                        score=int(m.group("s")), max=36) if int(m.group("s")) <= 36 else None),
)
