"""A guard every numbered part A game applies before dating a puzzle number."""

from __future__ import annotations

from ..results import Rejection

# No daily game is near puzzle 100,000 (that is 270 years of days); a larger number is a typo
# or a joke, and dating it would overflow the calendar.
MAX_PUZZLE = 100_000


def implausible(slug: str, name: str, puzzle: int) -> Rejection | None:
    if puzzle > MAX_PUZZLE:
        return Rejection(slug, f"{name} #{puzzle:,} is not a real puzzle number", puzzle)
    return None
