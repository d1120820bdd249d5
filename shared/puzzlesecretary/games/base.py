"""The description every game module gives of itself, and helpers its parser may use."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from ..results import Found
from .reset import Reset

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
    # When the game's new puzzle comes out (games/reset.py), declared in the table with its source.
    reset: Reset | None = None
    # Lowercase words of which a share must contain one (in the normalized text, lowercased) for
    # `parse` to find anything: its own gate, as a declared game's parser has. With `marker`,
    # parse.py's prefilter skips the game for any text that holds none of them; empty: no gate.
    needles: tuple[str, ...] = ()

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

    # How a play counts and reads: the only code that interprets `fail_rule` and `unit`.

    @property
    def step_days(self) -> int:
        """Days between two puzzles (a weekly game's streak is of weeks)."""
        return self.calendar.period_days if self.calendar else 1

    def failure_value(self) -> float | None:
        """What a failed play counts as in a mean, per the declared rule (None: left out)."""
        if self.fail_rule == "max_plus_one" and self.max is not None:
            return self.max + 1
        if self.fail_rule == "zero":
            return 0.0
        return None

    def play_value(self, solved: bool, score: float | None) -> float | None:
        """A play's value in a mean: its score, or what a failure counts as (None: left out)."""
        if solved or self.fail_rule == "as_printed":
            return score
        return self.failure_value()

    def sort_key(self, entry) -> tuple:
        """Solved first, then by score in the game's direction (anything with solved and score)."""
        if entry.score is None:
            return (not entry.solved, 1, 0.0)
        if not entry.solved and self.fail_rule != "as_printed":
            return (True, 0, 0.0)
        return (not entry.solved, 0, entry.score if self.lower_is_better else -entry.score)

    def rule_text(self) -> str:
        """The failure and missed-day rule, as the pages print it."""
        fail = FAIL_RULES[self.fail_rule]
        if self.fail_rule == "max_plus_one" and self.max is not None:
            fail += f" ({self.max + 1} {self.unit})"
        return (
            f"Mean {self.unit}, {'lower' if self.lower_is_better else 'higher'} is better: {fail}. "
            "Missed days are not counted in the mean: it is taken over the days played, and 'played' shows how many."
        )

    def format_score(self, score: float | None, solved: bool) -> str:
        """One play as the board and the pages print it ("3/6", "1:05", "2 mistakes", "failed")."""
        if not solved and self.fail_rule != "as_printed":
            return "failed"
        if score is None:
            return "solved" if solved else "failed"
        unit = self.unit
        if unit == "seconds":
            return clock_text(score)
        value = f"{score:g}"
        if self.max is not None and unit in ("guesses", "stars"):
            return f"{value}/{self.max}"
        if score == 1 and unit.endswith("s"):
            unit = "guess" if unit == "guesses" else unit[:-1]  # "1 mistake", "1 point"
        return f"{value} {unit}" + ("" if solved else " (failed)")

    def format_mean(self, mean: float | None) -> str:
        """A mean as the leaderboards print it: a clock for times, two decimals otherwise."""
        if mean is None:
            return "–"
        return clock_text(round(mean)) if self.unit == "seconds" else f"{mean:.2f}"

    def format_bound(self, value: float) -> str:
        """A histogram bin's edge: a clock for times, else a short number."""
        if self.unit == "seconds":
            return clock_text(round(value))
        return f"{value:.0f}" if abs(value) >= 10 else f"{value:.1f}".rstrip("0").rstrip(".")


def clock_text(seconds: float) -> str:
    """Whole seconds as minutes:seconds ("1:05"), the way the games print a time."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


# Puzzle numbers are written "1,234", "1.234", "1 234" (also with a no-break or thin space) or "1234".
NUMBER = r"\d{1,3}(?:[,. \u00a0\u202f\u2009]\d{3})+|\d+"


def to_int(text: str) -> int:
    """'1,234' / '1.234' / '1 234' -> 1234."""
    return int(re.sub(r"[^\d]", "", text))
