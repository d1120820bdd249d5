"""NYT Mini Crossword: `I solved the 7/31/2025 New York Times Mini Crossword in 1:23!`, the
shorter `I solved the Mini Crossword in 1:47!` (no date: dated the day it was sent), or the
badge link `https://www.nytimes.com/badges/games/mini.html?d=2026-08-31&t=36&c=...`.

No puzzle number: the share's own date is the puzzle. The score is the solve time in seconds.
Sources: AStrayByte, GAMES_DATA, StreakSync
(credited to wordlebot.gg; its GameDetectionTests for the short sentence); a public
repository's script/parser_test.rb for the badge link.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import Game
from .clocktime import CLOCK, is_clock, seconds
from .solvedsentence import parse_sentences, sentence

SENTENCE = sentence("Mini")
# An older, shorter sentence names no date; the share is then dated the day it was sent.
UNDATED = re.compile(rf"I\s+solved\s+the\s+Mini\s+Crossword\s+in\s+(?P<time>{CLOCK})\b")
BADGE = re.compile(r"nytimes\.com/badges/games/mini\.html\?d=(?P<d>\d{4}-\d{2}-\d{2})&t=(?P<t>\d+)\b")


def parse(text: str) -> Iterator[Found | Rejection]:
    yield from parse_sentences(text, "mini", "Mini", SENTENCE)
    for m in UNDATED.finditer(text):
        if not is_clock(m.group("time")):
            yield Rejection("mini", f"the Mini share's time {m.group('time')} is not a real time")
            continue
        yield Found(puzzle=None, solved=True, score=seconds(m.group("time")), details={"time": m.group("time")})
    for m in BADGE.finditer(text):
        try:
            day = dt.date.fromisoformat(m.group("d"))
        except ValueError:
            yield Rejection("mini", f"the Mini badge's date {m.group('d')} is not a real date")
            continue
        t = int(m.group("t"))
        yield Found(puzzle=None, solved=True, score=t, date=day, details={"time": f"{t // 60}:{t % 60:02d}"})


GAME = Game(
    slug="mini",
    name="The Mini Crossword",
    url="https://www.nytimes.com/crosswords/game/mini",
    unit="seconds",
    lower_is_better=True,
    fail_rule="excluded",
    parse=parse,
    marker="mini",
)
