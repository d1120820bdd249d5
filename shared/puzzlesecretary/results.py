"""What a parser finds in a share text: a result, or a rejection with its reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Result:
    """One game's outcome, read from a share text."""

    game: str
    puzzle: int | None
    date: dt.date | None
    solved: bool
    score: float | None
    max: int | None = None
    hard_mode: bool = False
    archive: bool = False
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def puzzle_key(self) -> str:
        """The key that makes one score per player, game and puzzle."""
        key = str(self.puzzle) if self.puzzle is not None else self.date.isoformat() if self.date else ""
        # A game with several puzzles a day under one number (Pips: Easy, Medium, Hard) names
        # the one played in details["variant"], so each keeps its own score.
        variant = self.details.get("variant")
        return f"{key}:{variant}" if variant else key

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        return data


@dataclass(frozen=True)
class Rejection:
    """A text that looked like a share of `game` but does not count, and why."""

    game: str
    reason: str
    puzzle: int | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Found:
    """What a game module reads from a text before the shared rules apply.

    `date` is set only where the share prints its own date (the Mini); otherwise the
    game's calendar turns `puzzle` into a date.
    """

    puzzle: int | None
    solved: bool
    score: float | None
    max: int | None = None
    hard_mode: bool = False
    archive: bool = False
    date: dt.date | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """Everything one text yielded: results that count and rejections that do not."""

    results: tuple[Result, ...] = ()
    rejections: tuple[Rejection, ...] = ()

    @property
    def looked_like_share(self) -> bool:
        return bool(self.results or self.rejections)
