"""The description every game module gives of itself, and helpers its parser may use."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from ..results import Found

# How a failed play counts in a mean score: each game names one of these.
FAIL_RULES = {
    "max_plus_one": "a failure counts as one more than the worst solved score",
    "excluded": "failures are left out of the mean and lower the solve rate",
    "zero": "a failure counts as zero",
    "as_printed": "the printed score counts as it is",
}

UNITS = ("guesses", "mistakes", "hints", "seconds", "stars", "points", "km", "tries", "steps", "words")


@dataclass(frozen=True)
class Calendar:
    """Turns a puzzle number into the puzzle's date: puzzle `number` falls on `day`."""

    number: int
    day: dt.date
    period_days: int = 1

    def date_of(self, puzzle: int) -> dt.date:
        return self.day + dt.timedelta(days=(puzzle - self.number) * self.period_days)

    def puzzle_on(self, day: dt.date) -> int:
        return self.number + (day - self.day).days // self.period_days


Parser = Callable[[str], Iterable[Found]]


@dataclass(frozen=True)
class Game:
    """One registered game: who it is, how its score reads, how to parse its share."""

    slug: str
    name: str
    url: str
    unit: str
    lower_is_better: bool
    fail_rule: str
    parse: Parser
    calendar: Calendar | None = None
    max: int | None = None
    # A word a share must contain (case-insensitive) before the parser runs at all: a cheap gate.
    marker: str = ""
    # How shares write the game's name. A name that contains another game's name ("Wordle
    # Deutsch" holds "Wordle") is hidden from that other game's parser (see parse.py).
    names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9]*", self.slug):
            raise ValueError(f"game slug {self.slug!r} must be lowercase letters and digits")
        if self.fail_rule not in FAIL_RULES:
            raise ValueError(f"game {self.slug}: unknown fail rule {self.fail_rule!r}")
        if self.unit not in UNITS:
            raise ValueError(f"game {self.slug}: unknown unit {self.unit!r}")

    def date_of(self, puzzle: int | None) -> dt.date | None:
        if puzzle is None or self.calendar is None:
            return None
        return self.calendar.date_of(puzzle)


# Puzzle numbers are written "1,234", "1.234", "1 234" (also with a no-break or thin space) or "1234".
NUMBER = r"\d{1,3}(?:[,. \u00a0\u202f\u2009]\d{3})+|\d+"


def to_int(text: str) -> int:
    """'1,234' / '1.234' / '1 234' -> 1234."""
    return int(re.sub(r"[^\d]", "", text))
